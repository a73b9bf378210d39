"""A worker's side of the queue: be handed the next task, start it, give it back.

Claiming is one short transaction that locks the chosen row. On PostgreSQL the candidates are read
with FOR UPDATE SKIP LOCKED, so two phones asking at the same instant lock two different tasks
instead of one waiting for the other and then taking the same one; SQLite's IMMEDIATE
transactions (settings.database_config) let one writer in at a time, which serialises it too.
"""

from typing import Any

from django.db import transaction
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from arkaofis.core.models import Source
from arkaofis.inventory.models import Warehouse
from arkaofis.work import domain
from arkaofis.work.exceptions import TaskTakenByOther
from arkaofis.work.models import Task, TaskStatus
from arkaofis.work.services._common import audit, check_may_work, lock_open_task, person


def next_task_for(*, user: Any, warehouse: Warehouse | None = None, source: str = Source.SYSTEM) -> Task | None:
    """The task `user` should do now, claimed for them; None when nothing waits that they may do.

    Their task in progress first (a phone that reloads gets it back); else the most urgent open
    task they may work (domain.KIND_PERMISSION) among those assigned to them and the unassigned:
    assigned to them first, then priority, then due time, then age. `warehouse` narrows to that
    warehouse's tasks and those of no warehouse. Claiming assigns the task; it stays open until
    started.
    """
    if person(user) is None or not user.is_active:
        return None
    kinds = domain.kinds_workable(user.has_perm)
    place = Q(warehouse=warehouse) | Q(warehouse__isnull=True) if warehouse is not None else Q()
    working = Task.objects.filter(place, assignee=user, status=TaskStatus.IN_PROGRESS, kind__in=kinds)
    current = working.order_by("started_at", "pk").first()
    if current is not None:
        return current
    with transaction.atomic():
        candidates = (
            Task.objects.filter(place, Q(assignee=user) | Q(assignee__isnull=True), status=TaskStatus.OPEN)
            .filter(kind__in=kinds)
            .annotate(mine=Case(When(assignee=user, then=Value(0)), default=Value(1), output_field=IntegerField()))
            .order_by("mine", "priority", "due_at", "pk")
        )
        task = candidates.select_for_update(skip_locked=True).first()
        if task is None or task.assignee_id == user.pk:
            return task
        task.assignee = user
        task.save(update_fields=["assignee"])
        audit(task, action="claimed", user=user, source=source)
        return task


def start_task(*, task_id: int, user: Any, source: str = Source.SYSTEM) -> Task:
    """`user` starts working on the task (claiming it if nobody has). Starting one's own task in
    progress again changes nothing. Raises UnknownTask, TaskClosed, TaskTakenByOther, MayNotWorkKind."""
    with transaction.atomic():
        task = lock_open_task(task_id)
        _refuse_others(task, user)
        check_may_work(user, task.kind)
        if task.status == TaskStatus.IN_PROGRESS:
            return task
        task.assignee, task.status, task.started_at = user, TaskStatus.IN_PROGRESS, timezone.now()
        task.save(update_fields=["assignee", "status", "started_at"])
        audit(task, action="started", user=user, source=source)
        return task


def release_task(*, task_id: int, user: Any, source: str = Source.SYSTEM) -> Task:
    """`user` gives their task back to the queue: open and unassigned again, for the next person.
    Raises UnknownTask, TaskClosed, TaskTakenByOther (someone else's task: a manager reassigns it)."""
    with transaction.atomic():
        task = lock_open_task(task_id)
        _refuse_others(task, user)
        if task.assignee_id is None and task.status == TaskStatus.OPEN:
            return task
        task.assignee, task.status, task.started_at = None, TaskStatus.OPEN, None
        task.save(update_fields=["assignee", "status", "started_at"])
        audit(task, action="released", user=user, source=source)
        return task


def _refuse_others(task: Task, user: Any) -> None:
    if task.assignee_id is not None and task.assignee_id != getattr(user, "pk", None):
        raise TaskTakenByOther(task.pk, task.assignee.get_username() if task.assignee else "")
