"""What the task services share: locking one task, naming a user, auditing a change."""

from typing import Any

from django.db.models import Q

from arkaofis.core.services.audit import record_audit
from arkaofis.work import domain
from arkaofis.work.exceptions import MayNotWorkKind, TaskClosed, UnknownTask
from arkaofis.work.models import OPEN_STATUSES, Task


def lock_task(task_id: int) -> Task:
    """The task's row, locked for this transaction. Raises UnknownTask."""
    task = Task.objects.select_for_update().filter(pk=task_id).first()
    if task is None:
        raise UnknownTask(task_id)
    return task


def lock_open_task(task_id: int) -> Task:
    """As lock_task, refusing a task already done or cancelled (TaskClosed)."""
    task = lock_task(task_id)
    if task.status not in OPEN_STATUSES:
        raise TaskClosed(task.pk, task.status)
    return task


def open_tasks_of(document_ref: str, kinds: list[str] | None = None) -> Any:
    tasks = Task.objects.filter(document_ref=document_ref, status__in=OPEN_STATUSES)
    return tasks.filter(kind__in=kinds) if kinds is not None else tasks


def person(user: Any) -> Any:
    """The user to store on a row: None for the system or an anonymous caller."""
    return user if getattr(user, "is_authenticated", False) else None


def check_may_work(user: Any, kind: str) -> None:
    """Refuse (MayNotWorkKind) a person whose roles do not cover tasks of `kind`."""
    if not (getattr(user, "is_active", False) and user.has_perm(domain.KIND_PERMISSION[kind])):
        raise MayNotWorkKind(getattr(user, "username", "") or "-", kind)


def audit(task: Task, *, action: str, user: Any, source: str, **data: Any) -> None:
    record_audit(
        user=user,
        source=source,
        action=f"task.{action}",
        obj=task,
        data={"kind": task.kind, "document_ref": task.document_ref, "status": task.status, **data},
    )


def assigned_to(user: Any) -> Q:
    return Q(assignee=user) if person(user) is not None else Q(pk__in=[])
