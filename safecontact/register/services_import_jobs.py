"""Register imports from the web page, run by the background worker (issue 12: a 50,000-row dry run held a web
worker for 97 s and left it at ~800 MB). The request only keeps the file and records an ImportJob; the worker
checks the file (the dry run), the register manager reads the report on the job's page and confirms, the worker
imports the same file. The page shows how far a step has got and can cancel it. The kept file is deleted when the
import is done, cancelled or refused, and by the daily run (`import_uploads_prune`) once abandoned for 24 hours.
`manage.py import_register` stays synchronous: it calls `register_import` itself.
"""

from __future__ import annotations

import logging
import time
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from safecontact.access.checks import require
from safecontact.access.policy import Action
from safecontact.accounts.models import Organisation, User
from safecontact.audit.events import EventType
from safecontact.audit.services import audit_record
from safecontact.core.exceptions import ApplicationError
from safecontact.register import uploads
from safecontact.register.import_rows import ImportReport, Progress
from safecontact.register.models import ImportJob
from safecontact.register.services_import import register_import

logger = logging.getLogger(__name__)

ABANDONED_AFTER = timedelta(hours=24)  # a kept file, and the rows of a report, are deleted after a day untouched
STALLED_AFTER = timedelta(minutes=30)  # a running step that has not reported for this long has probably stopped
# A task queued again by the worker's recovery (its worker died) takes over a job silent for this long. Safe to run
# twice: the check only reads, and a second import waits for the first one's lock and then finds its rows imported.
TAKE_OVER_AFTER = timedelta(minutes=2)
SAVE_EVERY_SECONDS = 1.0
REPORT_ROWS = 1000  # rows listed on the page; past this, the rows with something to check (errors first)
S = ImportJob.Status


class ImportCancelledError(Exception):
    """Someone cancelled the job (or the daily run gave it up) while it ran: the import stops and writes nothing."""


def _lock(job: ImportJob) -> ImportJob:
    return ImportJob.objects.select_for_update().select_related("council").get(pk=job.pk)


def _enqueue(job: ImportJob) -> None:
    from safecontact.register.tasks import register_import_task

    job_id = str(job.pk)
    transaction.on_commit(lambda: register_import_task.enqueue(job_id))


def import_job_start(*, actor: User, council: Organisation, file: UploadedFile, approved_by: User | None) -> ImportJob:
    """Keep the uploaded file and queue its check. A check of the same person's still waiting for confirmation is
    abandoned, and its file deleted, by uploading another."""
    require(actor, Action.REGISTER_IMPORT, council)
    upload = uploads.upload_keep(file)
    try:
        with transaction.atomic():
            for waiting in ImportJob.objects.select_for_update().filter(council=council, created_by=actor, step=ImportJob.Step.CHECK,
                                                                       status=S.DONE).exclude(upload=""):
                _give_up(waiting, actor=actor, status=S.CANCELLED, data={"replaced": True})
            job = ImportJob(council=council, created_by=actor, approved_by=approved_by, filename=(file.name or "")[:255], upload=upload)
            job.full_clean()
            job.save()
            audit_record(actor=actor, event=EventType.REGISTER_IMPORT_STARTED, council=council, subject=job,
                         data={"signed_off": approved_by is not None})
            _enqueue(job)
    except BaseException:
        uploads.upload_discard(upload)
        raise
    return job


def import_job_confirm(*, actor: User, job: ImportJob) -> ImportJob:
    """Queue the import of the file the check reported on."""
    with transaction.atomic():
        job = _lock(job)
        require(actor, Action.REGISTER_IMPORT, job.council)
        if job.created_by_id != actor.pk:
            raise ApplicationError("Only the person who uploaded the file can confirm its import.")
        if job.step != ImportJob.Step.CHECK or job.status != S.DONE or not job.report.get("ok") or not job.upload:
            raise ApplicationError(_not_waiting(job))
        job.step, job.status, job.stage, job.report = ImportJob.Step.IMPORT, S.QUEUED, "", {}
        job.rows_read = job.rows_matched = job.rows_with_errors = 0
        job.save()
        audit_record(actor=actor, event=EventType.REGISTER_IMPORT_CONFIRMED, council=job.council, subject=job)
        _enqueue(job)
    return job


def import_job_cancel(*, actor: User, job: ImportJob) -> ImportJob:
    """Stop a queued or running step (a running one stops at its next progress report, writing nothing), or drop a
    checked file that is waiting for confirmation. The file is deleted."""
    with transaction.atomic():
        job = _lock(job)
        require(actor, Action.REGISTER_IMPORT, job.council)
        if not (job.active or (job.status == S.DONE and job.step == ImportJob.Step.CHECK)):
            raise ApplicationError(_not_waiting(job))
        _give_up(job, actor=actor, status=S.CANCELLED, data={"step": job.step})
    return job


def import_job_stalled(job: ImportJob) -> bool:
    """A queued or running step with no news for STALLED_AFTER: the worker is probably not running."""
    return job.active and timezone.now() - (job.heartbeat_at or job.updated_at) > STALLED_AFTER


def _not_waiting(job: ImportJob) -> str:
    if job.status == S.CANCELLED:
        return "This import was cancelled. Upload the file again to start over."
    if job.step == ImportJob.Step.IMPORT and job.status == S.DONE:
        return "This file has already been imported."
    if job.active:
        return "The file is still being checked: wait for the report."
    return "This import can no longer go ahead: upload the file again."


def _give_up(job: ImportJob, *, actor: User | None, status: str, data: dict[str, Any], message: str = "") -> None:
    """Inside a transaction with the job locked: end it and delete its file after the commit."""
    upload = job.upload
    job.status, job.upload, job.finished_at = status, "", timezone.now()
    if message:
        job.report = {**job.report, "file_errors": [*job.report.get("file_errors", []), message]}
    job.save()
    audit_record(actor=actor, event=EventType.REGISTER_IMPORT_CANCELLED, council=job.council, subject=job, data=data)
    transaction.on_commit(lambda: uploads.upload_discard(upload))


# --------------------------------------------------------------------------- the worker's side
class _Reporter:
    """Progress.report for a job: saves the figures (at most once a second) and stops the import if the job is no
    longer running. Inside the import's transaction it only reads: a write there would hold the job's row until the
    commit, and the cancel button would wait for it."""

    def __init__(self, job_id: Any) -> None:
        self.job_id, self.last, self.stage = job_id, 0.0, ""

    def __call__(self, progress: Progress) -> None:
        now = time.monotonic()
        if now - self.last < SAVE_EVERY_SECONDS and progress.stage == self.stage:
            return
        self.last, self.stage = now, progress.stage
        jobs = ImportJob.objects.filter(pk=self.job_id, status=S.RUNNING)
        if connection.in_atomic_block:
            running = jobs.exists()
        else:
            running = bool(jobs.update(stage=progress.stage, rows_read=progress.read, rows_matched=progress.matched,
                                       rows_with_errors=progress.errors, heartbeat_at=timezone.now(), updated_at=timezone.now()))
        if not running:
            raise ImportCancelledError


def report_json(report: ImportReport) -> dict[str, Any]:
    """What the job's page shows. Every row for a file of up to REPORT_ROWS rows; past that, the rows with something
    to check (errors, then possible duplicates, then links), so a 50,000-row report stays a page, not 50,000 rows."""
    rows = report.rows
    if len(rows) > REPORT_ROWS:
        order = {"error": 0, "possible_duplicate": 1, "link": 2}
        rows = sorted((r for r in rows if r.action in order), key=lambda r: (order[r.action], r.number))[:REPORT_ROWS]
        rows.sort(key=lambda r: r.number)
    return {
        "ok": report.ok, "dry_run": report.dry_run, "imported": report.imported, "measures_created": report.measures_created,
        "file_errors": report.file_errors, "counts": report.counts, "rows_total": len(report.rows),
        "rows": [{"number": r.number, "name": r.name, "kind": r.kind, "action": r.action, "label": r.action_label,
                  "detail": r.detail, "errors": r.errors} for r in rows],
    }


def _save_result(job: ImportJob, report: ImportReport, status: str) -> str:
    """Inside a transaction with the job locked: record the outcome; returns the file to delete ("" to keep it)."""
    job.status, job.stage, job.report, job.finished_at = status, "", report_json(report), timezone.now()
    job.rows_read = job.rows_matched = len(report.rows)
    job.rows_with_errors = sum(1 for r in report.rows if r.errors)
    job.measures_created = report.measures_created
    keep = job.step == ImportJob.Step.CHECK and status == S.DONE and report.ok  # waiting for confirmation
    upload, job.upload = job.upload, (job.upload if keep else "")
    job.save()
    return "" if keep else upload


def _finish_check(job_id: Any, report: ImportReport) -> None:
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job_id)
        if job.status != S.RUNNING:  # cancelled (or given up) as it finished: the cancel deleted the file
            return
        discard = _save_result(job, report, S.DONE)
    uploads.upload_discard(discard)


def _import_done(job_id: Any) -> Any:
    """`before_commit` of the import: the job records the result in the import's own transaction, so it says
    "imported" exactly when the entries are there; cancelled meanwhile, it undoes the import instead."""
    def done(report: ImportReport) -> None:
        job = ImportJob.objects.select_for_update().get(pk=job_id)
        if job.status != S.RUNNING:
            raise ImportCancelledError
        report.imported = True
        _save_result(job, report, S.DONE)
    return done


def _fail(job_id: Any, report: ImportReport) -> None:
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job_id)
        discard = _save_result(job, report, S.FAILED) if job.status == S.RUNNING else ""
    uploads.upload_discard(discard)


def import_job_run(*, job_id: Any) -> str:
    """The task's body: run the job's step (check or import) if it is still queued."""
    now = timezone.now()
    # A job left "running" by a worker that died (its task queued again) is taken up afresh: nothing of it was written.
    claimable = Q(status=S.QUEUED) | Q(status=S.RUNNING, heartbeat_at__lt=now - TAKE_OVER_AFTER)
    if not ImportJob.objects.filter(claimable, pk=job_id).update(status=S.RUNNING, stage="reading", heartbeat_at=now, updated_at=now):
        return "not queued"
    job = ImportJob.objects.select_related("council", "created_by", "approved_by").get(pk=job_id)
    path = uploads.upload_path(job.upload)
    checking = job.step == ImportJob.Step.CHECK
    report = ImportReport(dry_run=checking)
    try:
        if path is None:
            report.file_errors.append("The uploaded file is no longer kept: upload it again.")
        else:
            report = register_import(actor=job.created_by, council=job.council, source=uploads.upload_contents(path), filename=job.filename, dry_run=checking,
                                     approved_by=job.approved_by, progress=Progress(report=_Reporter(job.pk)),
                                     before_commit=None if checking else _import_done(job.pk))
    except ImportCancelledError:
        return "cancelled"
    except PermissionDenied:
        report.file_errors.append("You no longer have the right to import a register for this council: nothing was imported.")
    except Exception:
        logger.exception("Register import job %s stopped", job_id)
        _fail(job_id, ImportReport(dry_run=checking, file_errors=[
            "The import stopped unexpectedly and nothing was imported. Upload the file again; if it happens again, ask for help."]))
        raise
    if checking:
        _finish_check(job_id, report)
    elif report.imported:
        uploads.upload_discard(job.upload)
        _refresh_planner_statistics()
    else:
        _fail(job_id, report)
    return "done" if report.ok else "refused"


def _refresh_planner_statistics() -> None:
    """After an import, PostgreSQL plans the checks' queries from statistics of the tables before it until autovacuum
    next analyses them (a minute or more): at 50,000 new entries the register index's build and the database path's
    key query, planned for an empty register, ran for minutes (issue 16's bench). Analysing the tables an import
    grows takes about a second; a failure costs only speed, never the import, which has committed."""
    if connection.vendor != "postgresql":
        return
    from safecontact.people.models import Person, PersonAddress, PersonSearchKey
    from safecontact.register.models import Measure

    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in (Person, PersonSearchKey, PersonAddress, Measure))
    try:
        with transaction.atomic(), connection.cursor() as cursor:  # a failure undoes only this
            cursor.execute(f"ANALYZE {tables}")  # noqa: S608  (the models' own table names, quoted)
    except Exception:  # noqa: BLE001
        logger.exception("Analysing the register's tables after an import failed")


# --------------------------------------------------------------------------- the daily run
def import_uploads_prune(*, today: date | None = None) -> dict[str, int]:
    """Daily step: imports untouched for 24 hours are given up (a check never confirmed, a step whose worker died)
    and their files deleted, with the rows of old reports (names from the file); then any file in the imports folder
    that no job holds (a crash between keeping it and recording the job) once it is a day old."""
    cutoff = timezone.now() - ABANDONED_AFTER
    abandoned = trimmed = files = 0
    for job in ImportJob.objects.filter(updated_at__lt=cutoff, report__has_key="rows").exclude(report__has_key="rows_removed"):
        ImportJob.objects.filter(pk=job.pk).update(report={**job.report, "rows": [], "rows_removed": True})
        trimmed += 1
    for job_id in list(ImportJob.objects.filter(updated_at__lt=cutoff).exclude(upload="").values_list("pk", flat=True)):
        with transaction.atomic():
            job = ImportJob.objects.select_for_update().select_related("council").get(pk=job_id)
            if job.upload and job.updated_at < cutoff:
                _give_up(job, actor=None, status=S.FAILED if job.active else S.CANCELLED, data={"abandoned": True},
                         message="Given up after 24 hours without progress or confirmation: the uploaded file was deleted.")
                abandoned += 1
    held = set(ImportJob.objects.exclude(upload="").values_list("upload", flat=True))
    for upload_id, path in uploads.uploads_older_than(cutoff):
        if upload_id not in held:
            path.unlink(missing_ok=True)
            files += 1
    return {"abandoned": abandoned, "reports_trimmed": trimmed, "orphan_files": files}
