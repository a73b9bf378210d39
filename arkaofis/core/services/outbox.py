"""The transactional outbox: events are rows written with the change, delivered later."""

from typing import Any

from django.utils import timezone

from arkaofis.core.models import OutboxEvent


def emit_event(*, topic: str, payload: dict[str, Any]) -> OutboxEvent:
    """Queue an outbound event. Must run inside the transaction of the change it announces."""
    return OutboxEvent.objects.create(topic=topic, payload=payload, available_at=timezone.now())
