"""Tasks for tests, opened through the service like a flow would."""

from datetime import timedelta
from itertools import count

from django.utils import timezone

from arkaofis.work.services.opening import open_task

_refs = count(1)


def a_task(kind: str = "pick", *, ref: str | None = None, due_in_minutes: int | None = None, **fields):
    due_at = timezone.now() + timedelta(minutes=due_in_minutes) if due_in_minutes is not None else None
    return open_task(
        kind=kind,
        document_ref=ref or f"SH-{next(_refs):06d}",
        due_at=due_at,
        user=None,
        source="system",
        **fields,
    )
