"""Background imports through Django's tasks framework (django.tasks), stored in
PostgreSQL by django-tasks-db and run by `manage.py db_worker`: no broker.

A large upload is an ImportJob; the task reads it, reports progress on the job as the
rows are checked, saves all or nothing, and empties the stored file.
"""

from __future__ import annotations

import io
import logging

from django.tasks import task
from django.utils import timezone
from django.utils.module_loading import import_string

from .imports import ImportFailed, RowError, run_import
from .models import ImportJob

logger = logging.getLogger(__name__)


@task()
def run_import_job(job_id: int) -> None:
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    jobs = ImportJob.objects.filter(pk=job_id)
    jobs.update(status=ImportJob.Status.RUNNING)
    importer = import_string(job.importer)(job.user)

    def progress(done: int, total: int) -> None:
        jobs.update(done=done, total=total)

    outcome = {"content": b"", "finished_at": timezone.now()}
    try:
        result = run_import(importer, io.BytesIO(bytes(job.content)), progress=progress)
    except ImportFailed as failure:
        jobs.update(status=ImportJob.Status.FAILED, errors=[e.as_dict() for e in failure.errors[:500]], **outcome)
        return
    except Exception:
        logger.exception("import job %s failed", job_id)
        error = RowError(0, "", "导入时发生系统错误，没有保存任何数据。请稍后重试或联系管理员。")
        jobs.update(status=ImportJob.Status.FAILED, errors=[error.as_dict()], **outcome)
        raise
    jobs.update(status=ImportJob.Status.DONE, created=result.created, updated=result.updated, **outcome)
