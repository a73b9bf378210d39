"""Reads of the task queue: lists, a worker's own queue, the manager's board, past due, throughput."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from arkaofis.inventory import selectors as inventory_selectors
from arkaofis.inventory.models import Warehouse
from arkaofis.work import domain
from arkaofis.work.exceptions import UnknownTask, UnknownUser
from arkaofis.work.links import document_url
from arkaofis.work.models import OPEN_STATUSES, Task, TaskStatus

URGENCY = ("priority", "due_at", "pk")


def tasks(
    *,
    status: str | None = None,
    kind: str | None = None,
    warehouse: str | None = None,
    assignee: str | None = None,
    document_ref: str | None = None,
    past_due: bool = False,
) -> QuerySet[Task]:
    """Tasks filtered, most urgent first. `assignee` is a username, or "-" for the unassigned;
    `status` "active" means open or in progress."""
    rows = Task.objects.select_related("warehouse", "assignee", "closed_by").order_by(*URGENCY)
    if status == "active":
        rows = rows.filter(status__in=OPEN_STATUSES)
    elif status:
        rows = rows.filter(status=status)
    if kind:
        rows = rows.filter(kind=kind)
    if warehouse:
        rows = rows.filter(warehouse__code=warehouse)
    if assignee == "-":
        rows = rows.filter(assignee__isnull=True)
    elif assignee:
        rows = rows.filter(assignee__username=assignee)
    if document_ref:
        rows = rows.filter(document_ref=document_ref)
    if past_due:
        rows = rows.filter(status__in=OPEN_STATUSES, due_at__lt=timezone.now())
    return rows


def task_by_id(task_id: int) -> Task:
    task = Task.objects.select_related("warehouse", "assignee", "closed_by").filter(pk=task_id).first()
    if task is None:
        raise UnknownTask(task_id)
    return task


def my_queue(*, user: Any) -> QuerySet[Task]:
    """The open tasks assigned to `user`: in progress first, then most urgent."""
    working = Case(When(status=TaskStatus.IN_PROGRESS, then=Value(0)), default=Value(1), output_field=IntegerField())
    return tasks(status="active").filter(assignee=user).order_by(working, *URGENCY)


def past_due(*, warehouse: str | None = None, now: datetime | None = None) -> QuerySet[Task]:
    """Open tasks whose due time has passed, the longest overdue first."""
    rows = tasks(status="active", warehouse=warehouse).filter(due_at__lt=now or timezone.now())
    return rows.order_by("due_at", "pk")


@dataclass
class PersonLoad:
    username: str  # "" for the unassigned
    open: int = 0
    in_progress: int = 0
    past_due: int = 0


@dataclass
class Board:
    counts: dict[str, int]  # open, in_progress, and done / cancelled in the last `hours`
    open: list[Task]
    in_progress: list[Task]
    done: list[Task]  # closed done in the last `hours`, newest first
    people: list[PersonLoad] = field(default_factory=list)


def board(*, warehouse: str | None = None, hours: int = 8, limit: int = 50, now: datetime | None = None) -> Board:
    """The manager's board: tasks by status (counts, and the first `limit` of each) and by person."""
    now = now or timezone.now()
    since = now - timedelta(hours=hours)
    base = tasks(warehouse=warehouse)
    active = base.filter(status__in=OPEN_STATUSES)
    recent = base.filter(status__in=[TaskStatus.DONE, TaskStatus.CANCELLED], closed_at__gte=since)
    counts = {status: 0 for status in TaskStatus.values}
    for row in (active | recent).order_by().values("status").annotate(n=Count("pk")):
        counts[row["status"]] = row["n"]
    return Board(
        counts=counts,
        open=list(active.filter(status=TaskStatus.OPEN)[:limit]),
        in_progress=list(active.filter(status=TaskStatus.IN_PROGRESS)[:limit]),
        done=list(recent.filter(status=TaskStatus.DONE).order_by("-closed_at", "-pk")[:limit]),
        people=_loads(active, now=now),
    )


def _loads(active: QuerySet[Task], *, now: datetime) -> list[PersonLoad]:
    rows = (
        active.order_by()
        .values("assignee__username")
        .annotate(
            open=Count("pk", filter=Q(status=TaskStatus.OPEN)),
            in_progress=Count("pk", filter=Q(status=TaskStatus.IN_PROGRESS)),
            past_due=Count("pk", filter=Q(due_at__lt=now)),
        )
    )
    loads = [PersonLoad(r["assignee__username"] or "", r["open"], r["in_progress"], r["past_due"]) for r in rows]
    return sorted(loads, key=lambda load: (load.username == "", load.username))


@dataclass
class Throughput:
    username: str
    done: int
    per_hour: float
    by_kind: dict[str, int]


def throughput(*, hours: int = 8, warehouse: str | None = None, now: datetime | None = None) -> list[Throughput]:
    """Tasks done per person over the last `hours` (the person who closed it, else its assignee),
    per hour and per kind; the busiest first. Cancelled tasks are no one's output."""
    now = now or timezone.now()
    done = tasks(status=TaskStatus.DONE, warehouse=warehouse).filter(closed_at__gte=now - timedelta(hours=hours))
    rows = (
        done.order_by()
        .annotate(worker=Coalesce("closed_by", "assignee"))
        .filter(worker__isnull=False)
        .values("worker", "kind")
        .annotate(n=Count("pk"))
    )
    per_person: dict[int, dict[str, int]] = {}
    for row in rows:
        per_person.setdefault(row["worker"], {})[row["kind"]] = row["n"]
    names = dict(get_user_model().objects.filter(pk__in=per_person).values_list("pk", "username"))
    result = [
        Throughput(names.get(pk, "?"), sum(kinds.values()), domain.per_hour(sum(kinds.values()), hours), kinds)
        for pk, kinds in per_person.items()
    ]
    return sorted(result, key=lambda row: (-row.done, row.username))


def warehouse_or_none(code: str | None) -> Warehouse | None:
    """The warehouse of `code` (UnknownWarehouse when there is none), or None for no code."""
    return inventory_selectors.warehouse_by_code(code) if code else None


def active_user(username: str) -> Any:
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise UnknownUser(username)
    return user


def people_for_kind(kind: str) -> list[Any]:
    """Active users who may work tasks of `kind` (for the reassign form), by name."""
    users = get_user_model().objects.filter(is_active=True).order_by("username")
    permission = domain.KIND_PERMISSION[kind]
    return [user for user in users if user.has_perm(permission)]


def link_of(task: Task) -> str | None:
    return document_url(task.document_ref, task.kind)
