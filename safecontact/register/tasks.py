"""Background work of the register, run by the django-tasks worker (`manage.py run_worker`)."""

from django_tasks import task


@task()
def register_import_task(job_id: str) -> str:
    """One step (the check, or the import) of a register import started on the web page."""
    from safecontact.register.services_import_jobs import import_job_run

    return import_job_run(job_id=job_id)
