"""The register manager's letter wording: list, edit (a new version), preview, activate; settings."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from safecontact.access.decorators import requires
from safecontact.access.policy import Action
from safecontact.core.exceptions import ApplicationError
from safecontact.core.forms import add_application_error
from safecontact.letters import rendering, selectors, services
from safecontact.letters.forms import LetterSettingsForm, TemplateForm
from safecontact.letters.models import Event
from safecontact.letters.views import _preview


@requires(Action.LETTER_TEMPLATE_EDIT)
def template_list(request: HttpRequest) -> HttpResponse:
    council = request.council  # type: ignore[attr-defined]
    rows = [(value, label, rendering.current_wording(council=council, event=value).label) for value, label in Event.choices]
    row = rendering.letter_settings_for(council=council)
    form = LetterSettingsForm(request.POST or None, initial={"is_landlord": row.is_landlord, "policy_url": row.policy_url})
    if request.method == "POST" and form.is_valid():
        services.letter_settings_update(actor=request.user, council=council, **form.cleaned_data)  # type: ignore[arg-type]
        messages.success(request, "Letter settings saved.")
        return redirect("letters:template_list")
    versions = selectors.template_versions_for(actor=request.user, council=council)  # type: ignore[arg-type]
    return render(request, "letters/template_list.html", {"rows": rows, "form": form, "versions": versions})


@requires(Action.LETTER_TEMPLATE_EDIT)
def template_edit(request: HttpRequest, event: str) -> HttpResponse:
    if event not in Event.values:
        raise Http404
    council = request.council  # type: ignore[attr-defined]
    form = TemplateForm(request.POST or None, initial={"body": rendering.current_wording(council=council, event=event).body})
    if request.method == "POST" and form.is_valid():
        try:
            version = services.letter_template_save(actor=request.user, council=council, event=event, **form.cleaned_data)  # type: ignore[arg-type]
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            return redirect("letters:template_preview", id=version.pk)
    return render(request, "letters/template_edit.html", {"form": form, "event_label": Event(event).label, "fields": rendering.MERGE_FIELDS})


@requires(Action.LETTER_TEMPLATE_EDIT)
def template_preview(request: HttpRequest, id: str) -> HttpResponse:
    council = request.council  # type: ignore[attr-defined]
    version = selectors.template_version_get_for(actor=request.user, council=council, id=id)  # type: ignore[arg-type]
    sample = selectors.sample_letter(council=council, event=version.event)
    try:
        preview = _preview(rendering.render_html(sample, body=version.body, draft=True))
    except Exception as exc:  # noqa: BLE001 - show the manager what went wrong instead of a server error
        preview, error = "", f"{type(exc).__name__}: {exc}"
    else:
        error = ""
        services.letter_template_mark_previewed(actor=request.user, version=version)  # type: ignore[arg-type]
    return render(request, "letters/template_preview.html", {"version": version, "preview": preview, "error": error})


@requires(Action.LETTER_TEMPLATE_EDIT)
@require_POST
def template_activate(request: HttpRequest, id: str) -> HttpResponse:
    version = selectors.template_version_get_for(actor=request.user, council=request.council, id=id)  # type: ignore[arg-type,attr-defined]
    try:
        services.letter_template_activate(actor=request.user, version=version)  # type: ignore[arg-type]
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("letters:template_preview", id=version.pk)
    messages.success(request, f"Version {version.version} is now used for new letters.")
    return redirect("letters:template_list")
