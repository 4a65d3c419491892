"""Council-level configuration: the councils of the installation, register settings and data-sharing agreements."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from safecontact.access.checks import can
from safecontact.access.decorators import requires
from safecontact.access.policy import Action
from safecontact.accounts import invitations, selectors, services
from safecontact.accounts.forms import CouncilCreateForm, CouncilSettingsForm, SharingAgreementForm
from safecontact.accounts.sign_in_providers import provider_summaries_for_council
from safecontact.core.exceptions import ApplicationError
from safecontact.core.forms import add_application_error
from safecontact.core.pagination import paginate


@requires(Action.COUNCIL_SETTINGS_VIEW)
def council_settings(request: HttpRequest) -> HttpResponse:
    row = selectors.council_settings_for(council=request.council)  # type: ignore[attr-defined]
    form = CouncilSettingsForm(instance=row)
    return render(
        request, "accounts/council_settings.html",
        {"settings_row": row, "form": form, "can_edit": can(request.user, Action.COUNCIL_SETTINGS_EDIT, request.council),  # type: ignore[arg-type,attr-defined]
         "sign_in_providers": provider_summaries_for_council(council=request.council)},  # type: ignore[attr-defined]
    )


@requires(Action.COUNCIL_SETTINGS_EDIT)
def council_settings_edit(request: HttpRequest) -> HttpResponse:
    row = selectors.council_settings_for(council=request.council)  # type: ignore[attr-defined]
    form = CouncilSettingsForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        try:
            services.council_settings_update(actor=request.user, council=request.council, changes=form.cleaned_data)  # type: ignore[arg-type,attr-defined]
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, "Settings saved.")
            return redirect("accounts:council_settings")
    return render(request, "accounts/council_settings_edit.html", {"form": form})


@requires(Action.SHARING_AGREEMENT_LIST)
def sharing_agreement_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.sharing_agreement_list_for(actor=request.user, council=request.council))  # type: ignore[arg-type,attr-defined]
    return render(
        request, "accounts/sharing_agreement_list.html",
        {"page": page, "can_edit": can(request.user, Action.SHARING_AGREEMENT_EDIT, request.council)},  # type: ignore[arg-type,attr-defined]
    )


@requires(Action.SHARING_AGREEMENT_EDIT)
def sharing_agreement_create(request: HttpRequest) -> HttpResponse:
    form = SharingAgreementForm(request.POST or None, organisations=selectors.partner_organisations_for(council=request.council))  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        try:
            services.sharing_agreement_record(actor=request.user, council=request.council, **form.cleaned_data)  # type: ignore[arg-type,attr-defined]
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, "Data-sharing agreement recorded.")
            return redirect("accounts:sharing_agreement_list")
    return render(request, "accounts/sharing_agreement_form.html", {"form": form})


@requires(Action.COUNCIL_SETUP)
def council_list(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/council_list.html", {"councils": selectors.council_list()})


@requires(Action.COUNCIL_SETUP)
def council_create(request: HttpRequest) -> HttpResponse:
    """A new council and the invitation for its first register manager (who then sets everything else up)."""
    form = CouncilCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sent = invitations.council_create(actor=request.user, acting_for=request.council, **form.cleaned_data)  # type: ignore[arg-type,attr-defined]
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, f"{sent.invitation.council} is set up. Its first register manager has been sent an invitation "
                                      f"at {sent.invitation.user.email}.")
            return redirect("accounts:council_list")
    return render(request, "accounts/council_create.html", {"form": form})
