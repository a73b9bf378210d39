"""Work API: the task queue. Read it (filters, the board, past due, throughput), be handed one's next
task, start and release it; managers reassign and cancel.

Nobody marks a task done here: the flow that finishes the work closes its task (lifting the last
hold closes the hold review, re-processing a parked event closes its order exception), so the
queue never says "done" for work that was not. A manager may cancel a task a flow will never
close (work.manage_task), saying why.
"""

from typing import Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from arkaofis.core.api_auth import caller, requires
from arkaofis.core.api_paging import Paging
from arkaofis.core.idempotency import idempotent
from arkaofis.core.models import Source
from arkaofis.inventory.schemas import Code
from arkaofis.work import schemas, selectors
from arkaofis.work.models import Task, TaskKind
from arkaofis.work.services.assigning import reassign_task
from arkaofis.work.services.claiming import next_task_for, release_task, start_task
from arkaofis.work.services.closing import cancel_task

router = Router(tags=["work"])
VIEW, CLAIM, MANAGE = "work.view_task", "work.claim_task", "work.manage_task"
StatusFilter = Literal["open", "in_progress", "done", "cancelled", "active"]
_STATUS = Query(None, description="open, in_progress, done, cancelled, or active (open or in progress)")
_ASSIGNEE = Query(None, description='a username, or "-" for the unassigned')
_HOURS = Query(8, ge=1, le=24 * 7, description="the window, in hours up to now")


def _out(task: Task) -> schemas.TaskOut:
    return schemas.TaskOut.from_orm(selectors.task_by_id(task.pk))


@router.get("/tasks", response=list[schemas.TaskOut], auth=requires(VIEW))
@paginate(Paging)
def list_tasks(
    request: HttpRequest,
    status: StatusFilter | None = _STATUS,
    kind: TaskKind | None = None,
    warehouse: Code | None = None,
    assignee: schemas.Username | None = _ASSIGNEE,
    document_ref: Code | None = None,
    past_due: bool = False,
) -> QuerySet[Task]:
    """Tasks, most urgent first (priority, then due time)."""
    return selectors.tasks(
        status=status, kind=kind, warehouse=warehouse, assignee=assignee, document_ref=document_ref, past_due=past_due
    )


@router.get("/tasks/mine", response=list[schemas.TaskOut], auth=requires(VIEW))
def my_tasks(request: HttpRequest) -> QuerySet[Task]:
    """The caller's open tasks: in progress first, then most urgent."""
    return selectors.my_queue(user=caller(request))


@router.get("/tasks/{task_id}", response=schemas.TaskOut, auth=requires(VIEW))
def get_task(request: HttpRequest, task_id: int) -> schemas.TaskOut:
    return schemas.TaskOut.from_orm(selectors.task_by_id(task_id))


@router.post("/next", response={200: schemas.NextTaskOut}, auth=requires(CLAIM))
@idempotent
def next_task(request: HttpRequest, warehouse: Code | None = None) -> Status:
    """Be handed the task to do now, claimed for the caller (`task` is null when nothing waits):
    their task in progress, else the most urgent they may do, assigned to them first."""
    task = next_task_for(user=caller(request), warehouse=selectors.warehouse_or_none(warehouse), source=Source.API)
    return Status(200, schemas.NextTaskOut(task=_out(task) if task else None))


@router.post("/tasks/{task_id}/start", response={200: schemas.TaskOut}, auth=requires(CLAIM))
@idempotent
def start(request: HttpRequest, task_id: int) -> Status:
    """Start the task (claiming it if unassigned). 409 when someone else has it or it is closed."""
    return Status(200, _out(start_task(task_id=task_id, user=caller(request), source=Source.API)))


@router.post("/tasks/{task_id}/release", response={200: schemas.TaskOut}, auth=requires(CLAIM))
@idempotent
def release(request: HttpRequest, task_id: int) -> Status:
    """Give one's task back to the queue, open and unassigned."""
    return Status(200, _out(release_task(task_id=task_id, user=caller(request), source=Source.API)))


@router.post("/tasks/{task_id}/reassign", response={200: schemas.TaskOut}, auth=requires(MANAGE))
@idempotent
def reassign(request: HttpRequest, task_id: int, payload: schemas.ReassignIn) -> Status:
    """Hand the task to a person who may do its kind (403 otherwise), or back to the queue (null)."""
    assignee = selectors.active_user(payload.assignee) if payload.assignee else None
    task = reassign_task(task_id=task_id, assignee=assignee, user=caller(request), source=Source.API)
    return Status(200, _out(task))


@router.post("/tasks/{task_id}/cancel", response={200: schemas.TaskOut}, auth=requires(MANAGE))
@idempotent
def cancel(request: HttpRequest, task_id: int, payload: schemas.TaskCancelIn) -> Status:
    """Cancel a task no flow will close (its document went away another way), with the reason."""
    task = cancel_task(task_id=task_id, reason=payload.reason, user=caller(request), source=Source.API)
    return Status(200, _out(task))


@router.get("/board", response=schemas.BoardOut, auth=requires(MANAGE))
def board(request: HttpRequest, warehouse: Code | None = None, hours: int = _HOURS) -> schemas.BoardOut:
    """Counts by status (done and cancelled: in the last `hours`) and open work by person."""
    found = selectors.board(warehouse=warehouse, hours=hours, limit=0)
    return schemas.BoardOut.model_validate({"counts": found.counts, "people": found.people}, from_attributes=True)


@router.get("/past-due", response=list[schemas.TaskOut], auth=requires(VIEW))
@paginate(Paging)
def past_due(request: HttpRequest, warehouse: Code | None = None) -> QuerySet[Task]:
    """Open tasks past their due time, the longest overdue first."""
    return selectors.past_due(warehouse=warehouse)


@router.get("/throughput", response=list[schemas.ThroughputOut], auth=requires(MANAGE))
def throughput(request: HttpRequest, warehouse: Code | None = None, hours: int = _HOURS) -> list:
    """Tasks done per person in the last `hours`: in all, per hour, and per kind."""
    return selectors.throughput(hours=hours, warehouse=warehouse)
