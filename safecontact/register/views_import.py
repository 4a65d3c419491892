"""Importing an existing register on the web page (issue 12): the request keeps the file and queues the work; the
background worker checks it, then, once confirmed, imports it. The job's page shows how far it has got (a Refresh
link: no JavaScript needed) and can cancel it."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from safecontact.access.decorators import requires
from safecontact.access.policy import Action
from safecontact.core.exceptions import ApplicationError
from safecontact.register import selectors
from safecontact.register.forms import RegisterImportForm
from safecontact.register.services_import_jobs import (
    STALLED_AFTER,
    import_job_cancel,
    import_job_confirm,
    import_job_stalled,
    import_job_start,
)


@requires(Action.REGISTER_IMPORT)
def register_import_upload(request: HttpRequest) -> HttpResponse:
    """Upload: the file is kept and its check queued; the job's page shows the report."""
    form = RegisterImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = import_job_start(actor=request.user, council=request.council, file=form.cleaned_data["file"],  # type: ignore[arg-type,attr-defined]
                               approved_by=form.cleaned_data["approved_by"])
        return redirect("register:import_job", id=job.pk)
    jobs = selectors.import_jobs_recent_for(actor=request.user, council=request.council)  # type: ignore[arg-type,attr-defined]
    return render(request, "register/import_upload.html", {"form": form, "jobs": jobs})


@requires(Action.REGISTER_IMPORT)
def register_import_job(request: HttpRequest, id: str) -> HttpResponse:
    """How far the check or the import has got, then its report (and, after a clean check, the confirm button)."""
    job = selectors.import_job_get_for(actor=request.user, council=request.council, id=id)  # type: ignore[arg-type,attr-defined]
    return render(request, "register/import_job.html", {"job": job, "report": job.report, "stalled": import_job_stalled(job),
                                                        "stalled_minutes": STALLED_AFTER.seconds // 60})


@requires(Action.REGISTER_IMPORT)
@require_POST
def register_import_confirm(request: HttpRequest, id: str) -> HttpResponse:
    """Queues the import of the file the check reported on: every row or none."""
    job = selectors.import_job_get_for(actor=request.user, council=request.council, id=id)  # type: ignore[arg-type,attr-defined]
    try:
        import_job_confirm(actor=request.user, job=job)  # type: ignore[arg-type]
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("register:import_job", id=job.pk)


@requires(Action.REGISTER_IMPORT)
@require_POST
def register_import_cancel(request: HttpRequest, id: str) -> HttpResponse:
    job = selectors.import_job_get_for(actor=request.user, council=request.council, id=id)  # type: ignore[arg-type,attr-defined]
    try:
        import_job_cancel(actor=request.user, job=job)  # type: ignore[arg-type]
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("register:import_job", id=job.pk)
    messages.success(request, f"The import of {job.filename} was cancelled and the uploaded file deleted. Nothing was imported.")
    return redirect("register:import_upload")
