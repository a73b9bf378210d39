"""A manager hands a task to a person (or back to the queue)."""

from typing import Any

from django.db import transaction

from arkaofis.work.models import Task, TaskStatus
from arkaofis.work.services._common import audit, check_may_work, lock_open_task


def reassign_task(*, task_id: int, assignee: Any, user: Any, source: str) -> Task:
    """Assign the open task to `assignee` (None: back to the queue, unassigned). A task in progress
    that changes hands is open again: the new person starts it. Callers check the manager's
    permission (work.manage_task); the assignee must be active and may work the kind.
    Raises UnknownTask, TaskClosed, MayNotWorkKind."""
    with transaction.atomic():
        task = lock_open_task(task_id)
        if assignee is not None:
            check_may_work(assignee, task.kind)
        before = task.assignee.get_username() if task.assignee else ""
        if task.assignee_id == getattr(assignee, "pk", None):
            return task
        task.assignee = assignee
        if task.status == TaskStatus.IN_PROGRESS:
            task.status, task.started_at = TaskStatus.OPEN, None
        task.save(update_fields=["assignee", "status", "started_at"])
        after = assignee.get_username() if assignee is not None else ""
        audit(task, action="reassigned", user=user, source=source, assignee_before=before, assignee=after)
        return task
