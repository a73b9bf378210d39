"""Order files too large to write within one web request, written by the worker with progress.

The screen and the API check every row of an upload at once (a bad file is refused on the spot,
nothing written). A file that passes with more than ORDER_IMPORT_INLINE_ORDERS orders is not
written in the request: it is queued as an OrderImportJob, and `arkaofis run_worker` writes it
through the same `import_orders`, saving the progress after each batch so the page can show it.
A 30,000-order file takes about half a minute: longer than a web server lets a request run.

A worker claims the oldest job with a lease and renews the lease as it goes. A worker that dies
(a deploy, the machine) leaves the lease to run out; the next claim starts the file again, which
creates only the orders still missing. A job claimed MAX_ATTEMPTS times without finishing is
failed rather than tried for ever (a file that kills its worker must not kill every worker).
"""

import logging
import time
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from arkaofis.core.services.audit import record_audit
from arkaofis.orders.models import ImportJobStatus, OrderImportJob
from arkaofis.orders.services.importing import (
    OrderImportReport,
    Progress,
    check_order_file,
    import_orders,
    write_order_file,
)

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)  # renewed after every batch (a batch takes well under a second)
HEARTBEAT_SECONDS = 1.0  # progress is saved at most this often
MAX_ATTEMPTS = 3
ERRORS_KEPT = 1000  # a stored report lists at most this many problems


def inline_limit() -> int:
    """Files with more orders than this are written by the worker, not in the request."""
    return int(getattr(settings, "ORDER_IMPORT_INLINE_ORDERS", 2000))


def stored_report(report: OrderImportReport) -> dict[str, Any]:
    document = report.as_dict()
    document["errors"] = document["errors"][:ERRORS_KEPT]
    return document


def queue_order_import(
    *, file_name: str, content: bytes, checked: OrderImportReport, user: Any, source: str, reserve: bool
) -> OrderImportJob:
    """Queue a file whose check passed (`checked`: its dry-run report) for the worker. Audited."""
    with transaction.atomic():
        job = OrderImportJob.objects.create(
            file_name=file_name[:255],
            content=content,
            reserve=reserve,
            source=source,
            report={**stored_report(checked), "dry_run": False, "created": 0, "existing": 0},
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        data = {"job": job.pk, "file": job.file_name, "orders": checked.orders, "rows": checked.rows}
        record_audit(user=user, source=source, action="orders.import_queued", obj=job, data=data)
    return job


def run_next_import(*, now: datetime | None = None) -> OrderImportJob | None:
    """Claim the oldest job waiting (or left by a dead worker) and write it; None if there is none."""
    job = _claim(now or timezone.now())
    if job is None:
        return None
    log.info("order import job=%s file=%s attempt=%s", job.pk, job.file_name, job.attempts)
    try:
        report = import_orders(
            file_name=job.file_name,
            content=bytes(job.content),
            user=job.created_by,
            source=job.source,
            reserve=job.reserve,
            on_progress=_heartbeat(job),
        )
    except Exception as error:  # logged with its trace; the job says what happened, not the trace
        log.exception("order import job=%s failed", job.pk)
        problem = {"line": 0, "column": "", "reason": f"the import failed ({type(error).__name__}); upload it again"}
        _finish(job, ImportJobStatus.FAILED, {**job.report, "ok": False, "errors": [problem]})
        return job
    _finish(job, ImportJobStatus.DONE if report.ok else ImportJobStatus.FAILED, stored_report(report))
    return job


def _claim(now: datetime) -> OrderImportJob | None:
    """The oldest claimable job, now ours: the guarded update wins it for one worker only."""
    waiting = Q(status=ImportJobStatus.QUEUED) | Q(status=ImportJobStatus.RUNNING, lease_until__lt=now)
    for job in OrderImportJob.objects.filter(waiting).order_by("id").defer("content")[:10]:
        mine = OrderImportJob.objects.filter(pk=job.pk, status=job.status, attempts=job.attempts)
        if job.attempts >= MAX_ATTEMPTS:
            problem = {"line": 0, "column": "", "reason": f"stopped {job.attempts} times without finishing"}
            mine.update(status=ImportJobStatus.FAILED, finished_at=now, lease_until=None, content=b"",
                        report={**job.report, "ok": False, "errors": [problem]})  # fmt: skip
            continue
        won = mine.update(
            status=ImportJobStatus.RUNNING, attempts=job.attempts + 1, lease_until=now + LEASE, started_at=now
        )
        if won:
            return OrderImportJob.objects.get(pk=job.pk)
    return None


def _heartbeat(job: OrderImportJob) -> Progress:
    """The import's progress callback: save the counts and renew the lease, at most once a second."""
    last = 0.0

    def beat(report: OrderImportReport) -> None:
        nonlocal last
        if time.monotonic() - last < HEARTBEAT_SECONDS:
            return
        last = time.monotonic()
        OrderImportJob.objects.filter(pk=job.pk, attempts=job.attempts).update(
            report=stored_report(report), lease_until=timezone.now() + LEASE
        )

    return beat


def _finish(job: OrderImportJob, status: str, report: dict[str, Any]) -> None:
    # The file goes either way: the orders are the record of a done job, and a failed one is fixed
    # and uploaded again (its report lists the problems).
    OrderImportJob.objects.filter(pk=job.pk, attempts=job.attempts).update(
        status=status, report=report, finished_at=timezone.now(), lease_until=None, content=b""
    )
    job.status, job.report = status, report
    log.info("order import job=%s %s: %s created", job.pk, status, report.get("created"))


def import_or_queue(
    *, file_name: str, content: bytes, user: Any, source: str, reserve: bool, dry_run: bool
) -> tuple[OrderImportReport, OrderImportJob | None]:
    """Check every row; then write a small file at once, or queue a large one for the worker.

    Returns the report (of the check only, when queued or asked for a dry run) and the job, if one
    was queued.
    """
    checked = check_order_file(file_name=file_name, content=content, reserve=reserve)
    if dry_run or not checked.report.ok:
        return checked.report, None
    if checked.report.orders > inline_limit():
        job = queue_order_import(
            file_name=file_name, content=content, checked=checked.report, user=user, source=source, reserve=reserve
        )
        return checked.report, job
    return write_order_file(checked, user=user, source=source), None
