"""Close tasks: done when their flow finished the work, cancelled when the work went away.

The flows close their own tasks on the authority of the action that finished the work (lifting a
hold needs the order manager's permission, re-processing an event the channel manager's): these
services do not ask again. A person cancels a task by hand only through `cancel_task`, which the
API and screens offer to managers (work.manage_task) for a task whose flow will never close it.
"""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from arkaofis.core.exceptions import InvalidInput
from arkaofis.work.models import Task, TaskStatus
from arkaofis.work.services._common import audit, lock_open_task, open_tasks_of, person


def close_task(*, kind: str, document_ref: str, user: Any, source: str) -> Task | None:
    """Mark the open task of `kind` for `document_ref` done; None when none is open (already closed,
    or never opened): a flow may call it twice."""
    with transaction.atomic():
        task = open_tasks_of(document_ref, [kind]).select_for_update().first()
        if task is None:
            return None
        _close(task, TaskStatus.DONE, user=user)
        audit(task, action="done", user=user, source=source)
        return task


def cancel_tasks(*, document_ref: str, kinds: list[str] | None = None, user: Any, source: str, reason: str = "") -> int:
    """Cancel every open task of `document_ref` (of `kinds` only, when given); return how many."""
    with transaction.atomic():
        tasks = list(open_tasks_of(document_ref, kinds).select_for_update().order_by("pk"))
        for task in tasks:
            _close(task, TaskStatus.CANCELLED, user=user)
            audit(task, action="cancelled", user=user, source=source, reason=reason[:500])
        return len(tasks)


def cancel_task(*, task_id: int, reason: str, user: Any, source: str) -> Task:
    """A manager cancels one open task by hand, saying why. Raises UnknownTask, TaskClosed, InvalidInput."""
    reason = (reason or "").strip()
    if not reason or len(reason) > 500:
        raise InvalidInput(gettext("Say why the task is cancelled (at most 500 characters)."), field="reason")
    with transaction.atomic():
        task = lock_open_task(task_id)
        _close(task, TaskStatus.CANCELLED, user=user)
        audit(task, action="cancelled", user=user, source=source, reason=reason)
        return task


def _close(task: Task, status: str, *, user: Any) -> None:
    task.status = status
    task.closed_at = timezone.now()
    task.closed_by = person(user)
    task.save(update_fields=["status", "closed_at", "closed_by"])
