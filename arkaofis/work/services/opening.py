"""Open a task for a document: called by the flow that creates the work, in its own transaction."""

import json
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from arkaofis.inventory.models import Warehouse
from arkaofis.work import domain
from arkaofis.work.exceptions import BadTaskField, UnknownTaskKind
from arkaofis.work.models import Priority, Task, TaskKind, TaskStatus
from arkaofis.work.services._common import audit, check_may_work, open_tasks_of

MAX_DETAIL_CHARS = 2000


def open_task(
    *,
    kind: str,
    document_ref: str,
    warehouse: Warehouse | None = None,
    priority: int | None = None,
    due_at: datetime | None = None,
    detail: dict[str, Any] | None = None,
    assignee: Any = None,
    user: Any,
    source: str,
) -> Task:
    """The open task of `kind` for `document_ref`, created if there is none (a flow calling twice
    gets the same task back, unchanged). `due_at` defaults to now plus the kind's service level
    (settings.ARKAOFIS_TASK_SLA_MINUTES over domain.DEFAULT_SLA_MINUTES); `priority` to normal.

    Raises UnknownTaskKind, BadTaskField, MayNotWorkKind (an assignee whose roles do not cover the kind).
    """
    document_ref = _checked(kind, document_ref, priority, due_at, detail)
    with transaction.atomic():
        existing = open_tasks_of(document_ref, [kind]).first()
        if existing is not None:
            return existing
        if assignee is not None:
            check_may_work(assignee, kind)
        now = timezone.now()
        overrides = getattr(settings, "ARKAOFIS_TASK_SLA_MINUTES", None)
        try:
            with transaction.atomic():  # a concurrent flow may open the same task first
                task = Task.objects.create(
                    kind=kind,
                    document_ref=document_ref,
                    status=TaskStatus.OPEN,
                    warehouse=warehouse,
                    priority=Priority.NORMAL if priority is None else priority,
                    due_at=due_at or domain.due_time(kind, opened_at=now, overrides=overrides),
                    detail=detail or {},
                    assignee=assignee,
                    source=source,
                )
        except IntegrityError:
            found = open_tasks_of(document_ref, [kind]).first()
            if found is None:
                raise
            return found
        audit(task, action="opened", user=user, source=source, priority=task.priority)
        return task


def _checked(
    kind: str, document_ref: str, priority: int | None, due_at: datetime | None, detail: dict[str, Any] | None
) -> str:
    if kind not in TaskKind.values:
        raise UnknownTaskKind(kind)
    ref = (document_ref or "").strip()
    if not ref or len(ref) > 64:
        raise BadTaskField("document_ref")
    if priority is not None and (
        isinstance(priority, bool) or not isinstance(priority, int) or not 0 <= priority <= 99
    ):
        raise BadTaskField("priority")
    if due_at is not None and timezone.is_naive(due_at):
        raise BadTaskField("due_at")
    if detail is not None and (not isinstance(detail, dict) or len(json.dumps(detail, default=str)) > MAX_DETAIL_CHARS):
        raise BadTaskField("detail")
    return ref
