"""Typed task errors; each carries the data a caller needs to explain it."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from arkaofis.core.exceptions import Conflict, InvalidInput, NotFound, PermissionDeniedError
from arkaofis.work.models import TaskKind, TaskStatus


def _kind(code: object) -> str:
    return str(dict(TaskKind.choices).get(str(code), code))


class UnknownTask(NotFound):
    code = "unknown-task"
    title = _("Unknown task")
    message = _("There is no task %(task)s.")

    def __init__(self, task: object) -> None:
        super().__init__(f"No task {task!r}", task=task)


class UnknownTaskKind(InvalidInput):
    code = "unknown-task-kind"
    title = _("Unknown task kind")
    message = _("%(kind)s is not a kind of task.")

    def __init__(self, kind: object) -> None:
        super().__init__(f"Unknown task kind {kind!r}", kind=kind, field="kind", allowed=list(TaskKind.values))


class BadTaskField(InvalidInput):
    code = "bad-task-field"
    messages = {
        "document_ref": _("A task needs its document's reference (1 to 64 characters)."),
        "priority": _("A priority is a whole number from 0 (soonest) to 99."),
        "due_at": _("A due time needs its time zone."),
        "detail": _("A task's detail is a small object (at most 2,000 characters as JSON)."),
    }

    def __init__(self, field: str) -> None:
        super().__init__(f"Bad task field {field}", field=field, action=field)


class TaskClosed(Conflict):
    code = "task-closed"
    title = _("Task already closed")
    message = _("Task %(task)s is %(task_status)s; nothing more can be done with it.")

    def __init__(self, task: int, status: str) -> None:
        super().__init__(f"Task {task} is {status}", task=task, task_status=status)

    def message_data(self) -> Mapping[str, Any]:
        data = dict(super().message_data())
        data["task_status"] = dict(TaskStatus.choices).get(data["task_status"], data["task_status"])
        return data


class TaskTakenByOther(Conflict):
    code = "task-taken"
    title = _("Task taken by someone else")
    message = _("Task %(task)s is assigned to %(assignee)s; ask a manager to reassign it.")

    def __init__(self, task: int, assignee: str) -> None:
        super().__init__(f"Task {task} is assigned to {assignee}", task=task, assignee=assignee)


class MayNotWorkKind(PermissionDeniedError):
    code = "may-not-work-task-kind"
    title = _("Not allowed for this kind of task")
    message = _("%(user)s may not work on %(kind)s tasks.")

    def __init__(self, user: str, kind: str) -> None:
        super().__init__(f"{user} may not work on {kind} tasks", user=user, kind=kind)

    def message_data(self) -> Mapping[str, Any]:
        data = dict(super().message_data())
        data["kind"] = _kind(data["kind"])
        return data


class UnknownUser(NotFound):
    code = "unknown-user"
    title = _("Unknown user")
    message = _("There is no active user %(username)s.")

    def __init__(self, username: str) -> None:
        super().__init__(f"No active user {username!r}", username=username)
