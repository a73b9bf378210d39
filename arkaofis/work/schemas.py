"""The work API's shapes."""

from datetime import datetime
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import field_validator

from arkaofis.core.inputs import CODE_PATTERN
from arkaofis.work.links import document_url

Username = Annotated[str, Field(min_length=1, max_length=150, pattern=CODE_PATTERN)]


def _name(value: Any, attribute: str) -> str | None:
    return value if value is None or isinstance(value, str) else getattr(value, attribute)


class TaskOut(Schema):
    id: int
    kind: str
    status: str
    priority: int
    due_at: datetime
    overdue: bool = False
    warehouse: str | None = None
    assignee: str | None = None
    document_ref: str
    document_url: str | None = None
    detail: dict[str, Any]
    source: str
    created_at: datetime
    started_at: datetime | None
    closed_at: datetime | None
    closed_by: str | None = None

    # Resolved rather than aliased: a TaskOut nested in another answer is validated again from itself.
    @staticmethod
    def resolve_warehouse(obj: Any) -> str | None:
        return _name(getattr(obj, "warehouse", None), "code")

    @staticmethod
    def resolve_assignee(obj: Any) -> str | None:
        return _name(getattr(obj, "assignee", None), "username")

    @staticmethod
    def resolve_closed_by(obj: Any) -> str | None:
        return _name(getattr(obj, "closed_by", None), "username")

    @staticmethod
    def resolve_document_url(obj: Any) -> str | None:
        return document_url(obj.document_ref, obj.kind)

    @staticmethod
    def resolve_overdue(obj: Any) -> bool:
        from django.utils import timezone

        return obj.status in ("open", "in_progress") and obj.due_at < timezone.now()


class NextTaskOut(Schema):
    task: TaskOut | None


class ReassignIn(Schema):
    assignee: Username | None = Field(None, description="a username; null puts the task back in the queue")


class TaskCancelIn(Schema):
    reason: Annotated[str, Field(min_length=1, max_length=500, pattern=r"^[^\x00]*\S[^\x00]*$")]


class PersonLoadOut(Schema):
    username: str
    open: int
    in_progress: int
    past_due: int


class BoardOut(Schema):
    counts: dict[str, int]
    people: list[PersonLoadOut]


class ThroughputOut(Schema):
    username: str
    done: int
    per_hour: float
    by_kind: dict[str, int]

    @field_validator("per_hour")
    @classmethod
    def _one_decimal(cls, value: float) -> float:
        return round(value, 1)
