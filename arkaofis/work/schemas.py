"""The work API's shapes."""

from datetime import datetime
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import field_validator

from arkaofis.work.links import document_url

Username = Annotated[str, Field(min_length=1, max_length=150, pattern=r"^[\w.@+-]+$")]


class TaskOut(Schema):
    id: int
    kind: str
    status: str
    priority: int
    due_at: datetime
    overdue: bool = False
    warehouse: str | None = Field(None, validation_alias="warehouse.code")
    assignee: str | None = Field(None, validation_alias="assignee.username")
    document_ref: str
    document_url: str | None = None
    detail: dict[str, Any]
    source: str
    created_at: datetime
    started_at: datetime | None
    closed_at: datetime | None
    closed_by: str | None = Field(None, validation_alias="closed_by.username")

    @staticmethod
    def resolve_document_url(obj: Any) -> str | None:
        return document_url(obj.document_ref)

    @staticmethod
    def resolve_overdue(obj: Any) -> bool:
        from django.utils import timezone

        return obj.is_open and obj.due_at < timezone.now()


class NextTaskOut(Schema):
    task: TaskOut | None


class ReassignIn(Schema):
    assignee: Username | None = Field(None, description="a username; null puts the task back in the queue")


class CancelIn(Schema):
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
