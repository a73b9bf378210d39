"""The background worker: one process that delivers the outbox and runs the periodic jobs.

`arkaofis run_worker` loops over `Worker.run_once`: the due periodic jobs first (reconciliation
hourly, channel stock sync every minute, channel polling, stale inbound events, low-stock rules,
backorders, old idempotency keys and task results daily, order files queued by the import screen
or API), then the django-tasks queued in the database (the `deliver_outbox` task each commit with
events enqueues), then the outbox until nothing is due, so a stock change queued by the sync is
pushed in the same iteration. A job that fails is logged and tried again at its next turn; it
never stops the worker or the other jobs. Several workers may run at once: outbox rows are taken
with SKIP LOCKED, each channel's sync locks its channel row and an import job is claimed by one.
"""

import importlib
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.management import call_command
from django.db import close_old_connections, connection
from django_tasks_db.management.commands.db_worker import Worker as TaskRunner
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from arkaofis.channels import stock
from arkaofis.channels.services.processing import process_stale_events
from arkaofis.channels.services.stock_reconcile import reconcile_channel_stock
from arkaofis.channels.services.stock_sync import sync_channel_stock
from arkaofis.core.idempotency import forget_old_keys
from arkaofis.core.models import Source
from arkaofis.core.services.outbox import deliver_pending
from arkaofis.inventory.services.reorder_rules import evaluate_all_rules
from arkaofis.orders.services.backorders import serve_backorders
from arkaofis.orders.services.import_jobs import run_next_import

log = logging.getLogger("arkaofis.worker")

OUTBOX_PASSES = 20  # at most this many batches of 100 per iteration, so the periodic jobs keep their turn


@dataclass
class Intervals:
    """Seconds between runs of each periodic job."""

    stock_sync: float = 60
    reconcile: float = 3600
    poll: float = 120
    inbound: float = 300
    low_stock: float = 300
    backorders: float = 300
    forget_keys: float = 86400
    prune_tasks: float = 86400
    imports: float = 1


def sync_stock() -> dict[str, Any]:
    return {str(r.channel): r.skipped or f"{r.changed}/{r.checked} changed" for r in _each_channel(sync_channel_stock)}


def reconcile_stock() -> dict[str, Any]:
    results = _each_channel(reconcile_channel_stock)
    return {str(r.channel): r.skipped or f"{r.drifted}/{r.checked} drifted" for r in results}


def _each_channel(job: Callable[..., Any]) -> list[Any]:
    """Run a per-channel job for every sync-enabled channel; one channel's failure spares the others."""
    results = []
    for channel_id in stock.sync_enabled_channel_ids():
        try:
            results.append(job(channel_id=channel_id))
        except Exception:
            log.exception("worker %s failed for channel id=%s", job.__name__, channel_id)
    return results


def poll_channels() -> dict[str, Any]:
    """Poll the channels that don't call us, when the polling service is installed."""
    try:
        polling = importlib.import_module("arkaofis.channels.services.polling")
    except ImportError:
        return {}
    done = {}
    for code in polling.pollable_channel_codes():
        try:
            done[code] = polling.poll_channel(channel_code=code, user=None, source=Source.SYSTEM).summary()
        except Exception:
            log.exception("worker poll failed for channel %s", code)
    return done


def process_inbound() -> dict[str, int]:
    return process_stale_events(older_than_seconds=60, user=None, source=Source.SYSTEM)


def evaluate_low_stock() -> tuple[int, int]:
    return evaluate_all_rules()


def serve_waiting_backorders() -> Any:
    """Arrivals serve backorders at once; this catches stock freed otherwise (a cancel, an edit)."""
    return serve_backorders(user=None, source=Source.SYSTEM)


def write_queued_imports() -> str:
    """Write the oldest order file waiting (a large upload); the next turn takes the next one."""
    job = run_next_import()
    return f"job {job.pk}: {job.status}" if job is not None else ""


# In this order: reconciliation before the sync, as it is skipped for a channel with a push still
# waiting, and the outbox is drained only after the jobs.
TASK_RESULTS_KEPT_DAYS = 1  # one row per commit with events: keep them short


def prune_task_results() -> str:
    """Finished django-tasks results (one per delivery asked for) are kept a day, then dropped."""
    call_command("prune_db_task_results", min_age_days=TASK_RESULTS_KEPT_DAYS, verbosity=0)
    return "pruned"


JOBS: dict[str, Callable[[], Any]] = {
    "reconcile": reconcile_stock,
    "stock_sync": sync_stock,
    "poll": poll_channels,
    "inbound": process_inbound,
    "low_stock": evaluate_low_stock,
    "backorders": serve_waiting_backorders,
    "forget_keys": forget_old_keys,
    "prune_tasks": prune_task_results,
    "imports": write_queued_imports,
}


@dataclass
class Worker:
    intervals: Intervals = field(default_factory=Intervals)
    clock: Callable[[], float] = time.monotonic
    last_run: dict[str, float] = field(default_factory=dict)

    def due(self, name: str, now: float) -> bool:
        last = self.last_run.get(name)
        return last is None or now - last >= getattr(self.intervals, name)

    def run_once(self) -> dict[str, Any]:
        """One iteration: the due jobs, then the outbox. Returns what each did (for logs and tests)."""
        if not connection.in_atomic_block:  # (a test's transaction is not ours to close)
            close_old_connections()  # a long-lived process must survive a database restart
        report: dict[str, Any] = {}
        for name, job in JOBS.items():
            now = self.clock()
            if not self.due(name, now):
                continue
            self.last_run[name] = now
            try:
                report[name] = job()
            except Exception:
                log.exception("worker job %s failed", name)
                report[name] = "failed"
        try:
            report["tasks"] = run_queued_tasks()
        except Exception:
            log.exception("worker: queued tasks failed")
            report["tasks"] = "failed"
        report["outbox"] = deliver_outbox()
        return report


TASKS_PER_TURN = 1000  # so the periodic jobs keep their turn under a flood of commits


def run_queued_tasks() -> int:
    """Run the django-tasks queued in the database (the deliveries commits asked for) until none
    is ready; return how many ran. Each is claimed under a lock, as django-tasks' own `db_worker`
    does (which may run beside this), but without its loop: that closes the connection between
    tasks, which would end the caller's transaction."""
    runner = TaskRunner(
        queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
        max_tasks=None, worker_id=f"run_worker-{os.getpid()}", excluded_queue_names=[],
    )  # fmt: skip
    ran = 0
    while ran < TASKS_PER_TURN:
        ready = DBTaskResult.objects.ready().filter(backend_name="default")
        with exclusive_transaction(ready.db):
            claimed = ready.get_locked()
            if claimed is None:
                break
            claimed.claim(runner.worker_id)
        runner.run_task(claimed)  # records success or failure on the task's row
        ran += 1
    return ran


def deliver_outbox() -> dict[str, int]:
    """Deliver until nothing is due (or OUTBOX_PASSES batches); events queued by a handler go too."""
    delivered = failed = 0
    for _ in range(OUTBOX_PASSES):
        done, broke = deliver_pending()
        delivered, failed = delivered + done, failed + broke
        if not done:
            break
    return {"delivered": delivered, "failed": failed}
