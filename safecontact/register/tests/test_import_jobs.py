"""The web import runs in the background worker, never in the request (issue 12): the upload keeps the file and
queues a check; the job's page shows progress (a Refresh link, no JavaScript), the report, a confirm button and a
cancel button; the file is deleted when the import is done, cancelled, refused or abandoned."""

import io
import os
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from safecontact.access.policy import Role
from safecontact.audit.models import AuditEvent
from safecontact.core.contributions import daily_steps
from safecontact.core.encrypted_storage import MAGIC
from safecontact.register import services_import_jobs as jobs
from safecontact.register import uploads
from safecontact.register.models import ImportJob, Measure
from safecontact.register.tests.test_importer import BAD_POSTCODE, BINARY_CSVS, GOOD_MARKER, GOOD_RESTRICTION, HEADER, counts, sheet


@pytest.fixture(autouse=True)
def _own_media_root(settings, tmp_path):
    """Kept files are outside the database, which a test's rollback does not undo: each test has its own folder."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def manager(user_with_role):
    return user_with_role(Role.REGISTER_MANAGER)


def files_kept():
    return sorted(p.name for _id, p in uploads.uploads_older_than(timezone.now() + timedelta(days=1)))


def upload(client, content, name="register.csv", **extra):
    return client.post(reverse("register:import_upload"), {"file": SimpleUploadedFile(name, content), **extra})


def start(council, manager, content=None, name="register.csv"):
    """A job as the upload page makes it, its check not yet run."""
    content = content or sheet(GOOD_MARKER, GOOD_RESTRICTION).getvalue()
    return jobs.import_job_start(actor=manager, council=council, file=SimpleUploadedFile(name, content), approved_by=None)


def run(job):
    jobs.import_job_run(job_id=job.pk)
    job.refresh_from_db()
    return job


def kept(job):
    return uploads.upload_path(job.upload) is not None


def test_upload_checks_in_the_background_then_confirm_imports_the_same_file(council, manager, client_for,
                                                                             django_capture_on_commit_callbacks):
    client = client_for(manager)
    assert client.get(reverse("register:import_upload")).status_code == 200
    before = counts()
    with django_capture_on_commit_callbacks(execute=True):  # the worker runs the queued task (immediate backend)
        response = upload(client, sheet(GOOD_MARKER, GOOD_RESTRICTION).getvalue())
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("register:import_job", args=[job.pk])
    assert (job.step, job.status, job.rows_read, job.rows_with_errors) == ("check", "done", 2, 0) and kept(job)
    page = client.get(response["Location"]).content.decode()
    assert "Check the import" in page and "Confirm import of 2 rows" in page and "Cancel and delete the file" in page
    assert counts()["Measure"] == before["Measure"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("register:import_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert (job.step, job.status, job.measures_created, job.upload) == ("import", "done", 2, "")
    page = client.get(response["Location"]).content.decode()
    assert "Register imported" in page and "2 entries from register.csv" in page
    assert Measure.objects.count() == 2 and files_kept() == []
    response = client.post(reverse("register:import_confirm", args=[job.pk]), follow=True)
    assert "This file has already been imported." in response.content.decode() and Measure.objects.count() == 2
    assert list(AuditEvent.objects.filter(subject_id=str(job.pk)).values_list("event_type", flat=True)) == [
        "register.import_started", "register.import_confirmed"]


def test_the_request_only_keeps_the_file_and_queues_the_check(council, manager, client_for):
    """Without the commit hooks run (no worker), the upload answers at once: nothing read, the job waiting."""
    response = upload(client_for(manager), sheet(GOOD_MARKER).getvalue())
    job = ImportJob.objects.get()
    assert response.status_code == 302 and (job.status, job.rows_read, job.report) == ("queued", 0, {}) and kept(job)


def test_progress_page_refreshes_without_javascript_and_offers_cancel(council, manager, client_for):
    job = start(council, manager)
    ImportJob.objects.filter(pk=job.pk).update(status="running", stage="matching", rows_read=1200, rows_matched=300, rows_with_errors=4)
    page = client_for(manager).get(reverse("register:import_job", args=[job.pk])).content.decode()
    assert "Checking the rows against the register" in page and "1200" in page and "300" in page and ">4<" in page
    assert f'href="{reverse("register:import_job", args=[job.pk])}" role="button"' in page and ">Refresh</a>" in page
    assert f'action="{reverse("register:import_cancel", args=[job.pk])}"' in page and "Cancel the check" in page
    assert 'http-equiv="refresh"' not in page  # an automatic refresh fails WCAG 2.2.1; the person refreshes when they choose
    assert "no news for more than" not in page
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    assert "no news for more than 30 minutes" in client_for(manager).get(reverse("register:import_job", args=[job.pk])).content.decode()


def test_cancel_a_queued_check_deletes_the_file_and_the_task_then_does_nothing(council, manager, client_for,
                                                                              django_capture_on_commit_callbacks):
    job = start(council, manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(manager).post(reverse("register:import_cancel", args=[job.pk]), follow=True)
    assert "was cancelled and the uploaded file deleted" in response.content.decode()
    job.refresh_from_db()
    assert job.status == "cancelled" and job.upload == "" and files_kept() == []
    assert jobs.import_job_run(job_id=job.pk) == "not queued"
    assert AuditEvent.objects.filter(event_type="register.import_cancelled", subject_id=str(job.pk)).exists()


def test_cancel_while_the_check_runs_stops_it_at_the_next_progress_report(council, manager, monkeypatch):
    from safecontact.register.tests.import_sheets import people_sheet

    job = start(council, manager, people_sheet(600))
    monkeypatch.setattr(jobs, "SAVE_EVERY_SECONDS", 0)
    reports = []
    original = jobs._Reporter.__call__

    def cancel_on_the_second_report(self, progress):
        reports.append(progress.read)
        if len(reports) == 2:
            jobs.import_job_cancel(actor=manager, job=job)
        original(self, progress)

    monkeypatch.setattr(jobs._Reporter, "__call__", cancel_on_the_second_report)
    assert jobs.import_job_run(job_id=job.pk) == "cancelled"
    job.refresh_from_db()
    assert job.status == "cancelled" and reports == [250, 500] and job.report == {}


def test_an_import_cancelled_as_it_writes_is_undone(council, manager, monkeypatch):
    job = run(start(council, manager))
    jobs.import_job_confirm(actor=manager, job=job)
    before = counts()
    original = jobs._Reporter.__call__

    def cancel_once_writing_began(self, progress):
        original(self, progress)  # the last check before writing passes...
        if progress.stage == "writing":
            ImportJob.objects.filter(pk=job.pk).update(status="cancelled")  # ...and the cancel arrives during the writes

    monkeypatch.setattr(jobs._Reporter, "__call__", cancel_once_writing_began)
    assert jobs.import_job_run(job_id=job.pk) == "cancelled"
    # Here the cancel shares the test's one connection, so the rollback undoes it too; from the web it is committed.
    assert counts() == before and Measure.objects.count() == 0


def test_a_check_with_errors_shows_them_and_deletes_the_file_at_once(council, manager, client_for):
    job = run(start(council, manager, sheet(GOOD_MARKER, BAD_POSTCODE).getvalue()))
    assert (job.status, job.rows_with_errors, job.upload) == ("done", 1, "")
    page = client_for(manager).get(reverse("register:import_job", args=[job.pk])).content.decode()
    assert "govuk-error-summary" in page and "Row 3: postcode &#x27;XX&#x27; is not a UK postcode" in page
    assert "Confirm import" not in page and "Upload a corrected file" in page
    with pytest.raises(jobs.ApplicationError, match="can no longer go ahead"):
        jobs.import_job_confirm(actor=manager, job=job)


BINARY_AFTER_A_TEXT_START = (",".join(HEADER) + "\n").encode() + b"a" * (70 * 1024) + b"\x00\x01\x02\r\x9c"  # past the form's look


@pytest.mark.parametrize("content, name", [(BINARY_AFTER_A_TEXT_START, "register.csv"), (b"PK\x03\x04broken", "register.xlsx")])
def test_a_file_that_cannot_be_read_is_a_message_on_the_page_not_an_error_page(council, manager, client_for, content, name,
                                                                               django_capture_on_commit_callbacks):
    client = client_for(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, content, name)
    page = client.get(response["Location"])
    assert page.status_code == 200 and "govuk-error-summary" in page.content.decode()
    assert ImportJob.objects.get().report["file_errors"]


def test_upload_page_refuses_other_file_types_and_binary_csv_beside_the_field(council, manager, client_for):
    client = client_for(manager)
    assert b"must be an .xlsx or .csv spreadsheet" in upload(client, b"%PDF", "register.pdf").content
    response = upload(client, BINARY_CSVS["png"])
    assert response.status_code == 200 and "The file is not a CSV text file" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_only_the_uploader_sees_their_import(council, manager, user_with_role, client_for):
    job = start(council, manager)
    other = client_for(user_with_role(Role.REGISTER_MANAGER))
    assert other.get(reverse("register:import_job", args=[job.pk])).status_code == 404
    assert other.post(reverse("register:import_cancel", args=[job.pk])).status_code == 404
    assert ImportJob.objects.get(pk=job.pk).status == "queued"


def test_uploading_another_file_abandons_the_checked_one_waiting_for_confirmation(council, manager):
    first = run(start(council, manager))
    assert kept(first)
    start(council, manager)
    first.refresh_from_db()
    assert first.status == "cancelled" and first.upload == ""


def test_a_crash_stops_the_job_with_a_message_and_deletes_the_file(council, manager, monkeypatch):
    job = start(council, manager)

    def crash(**kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(jobs, "register_import", crash)
    with pytest.raises(RuntimeError):
        jobs.import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and job.upload == "" and "stopped unexpectedly" in job.report["file_errors"][0]


def test_a_job_left_running_by_a_dead_worker_is_taken_up_again(council, manager):
    job = start(council, manager)
    ImportJob.objects.filter(pk=job.pk).update(status="running", heartbeat_at=timezone.now() - timedelta(seconds=30))
    assert jobs.import_job_run(job_id=job.pk) == "not queued"  # still reporting recently: another worker has it
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=3))
    assert jobs.import_job_run(job_id=job.pk) == "done" and ImportJob.objects.get(pk=job.pk).status == "done"


def test_a_large_report_lists_the_rows_to_check_first(council, manager, monkeypatch):
    monkeypatch.setattr(jobs, "REPORT_ROWS", 2)
    job = run(start(council, manager, sheet(GOOD_MARKER, GOOD_RESTRICTION, BAD_POSTCODE, GOOD_MARKER).getvalue()))
    assert job.report["rows_total"] == 4 and [(r["number"], r["action"]) for r in job.report["rows"]] == [(4, "error"), (5, "error")]


def test_daily_run_deletes_abandoned_uploads_and_old_report_rows(council, manager):
    assert ("import_uploads", "safecontact.register.services_import_jobs.import_uploads_prune") in daily_steps()
    replaced = run(start(council, manager))
    fresh = run(start(council, manager))  # another upload abandons the check waiting for confirmation at once
    replaced.refresh_from_db()
    assert (replaced.status, replaced.upload) == ("cancelled", "")
    ImportJob.objects.filter(pk=fresh.pk).update(updated_at=timezone.now() - timedelta(hours=25))
    orphan = uploads.upload_keep(SimpleUploadedFile("x.csv", b"a"))  # a file no job holds (a crash before the job was saved)
    young_orphan = uploads.upload_keep(SimpleUploadedFile("y.csv", b"b"))
    old = (timezone.now() - timedelta(hours=25)).timestamp()
    os.utime(uploads.upload_path(orphan), (old, old))
    assert jobs.import_uploads_prune() == {"abandoned": 1, "reports_trimmed": 1, "orphan_files": 1}
    fresh.refresh_from_db()
    assert fresh.status == "cancelled" and fresh.upload == "" and fresh.report["rows"] == [] and fresh.report["rows_removed"]
    assert "Given up after 24 hours" in fresh.report["file_errors"][-1]
    assert uploads.upload_path(orphan) is None and uploads.upload_path(young_orphan) is not None
    assert AuditEvent.objects.filter(event_type="register.import_cancelled", subject_id=str(fresh.pk), actor_type="system").exists()


def test_report_rows_keep_names_out_of_the_audit_trail(council, manager):
    job = run(start(council, manager))
    assert "Gwenllian" in str(job.report)
    assert "Gwenllian" not in str(list(AuditEvent.objects.values_list("data", flat=True)))


def test_the_command_stays_synchronous(council, manager, tmp_path):
    from django.core.management import call_command

    path = tmp_path / "register.csv"
    path.write_bytes(sheet(GOOD_MARKER).getvalue())
    out = io.StringIO()
    call_command("import_register", str(path), council=council.slug, stdout=out)
    assert "Imported 1 entries." in out.getvalue() and not ImportJob.objects.exists()


def test_the_kept_spreadsheet_is_encrypted_on_disk_and_still_checked(council, manager):
    content = sheet(GOOD_MARKER, GOOD_RESTRICTION).getvalue()
    job = start(council, manager, content=content)
    on_disk = uploads.upload_path(job.upload).read_bytes()
    assert on_disk.startswith(MAGIC) and content not in on_disk and content.splitlines()[1] not in on_disk
    assert run(job).rows_read == 2


def test_a_spreadsheet_kept_before_encryption_is_still_read(council, manager):
    content = sheet(GOOD_MARKER, GOOD_RESTRICTION).getvalue()
    job = start(council, manager, content=content)
    uploads.upload_path(job.upload).write_bytes(content)  # as kept by the release before ADR 0018
    assert run(job).rows_read == 2


def test_on_postgresql_an_import_refreshes_the_planners_statistics(council, manager):
    """Checks plan their queries from statistics: after a large import, stale ones made the register index's build
    and the database path run for minutes until autovacuum came round (issue 16)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    job = run(start(council, manager))
    job = jobs.import_job_confirm(actor=manager, job=job)
    with CaptureQueriesContext(connection) as queries:
        job = run(job)
    analysed = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("ANALYZE")]
    if connection.vendor != "postgresql":
        assert analysed == []
        return
    assert job.status == "done" and job.measures_created == 2
    assert len(analysed) == 1 and '"people_personsearchkey"' in analysed[0] and '"register_measure"' in analysed[0]
