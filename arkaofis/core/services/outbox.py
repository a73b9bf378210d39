"""The transactional outbox: events are rows written with the change, delivered later.

`emit_event` runs inside the change's transaction, so an event exists exactly when its change
committed; after the commit it enqueues one `deliver_outbox` task (django-tasks' database backend)
for the worker, so delivery starts at once. The worker also delivers whatever is due on every
turn, which covers retries after back-off and a task lost with a crash.

`deliver_pending` hands due events to the handlers subscribed to their topic, at least once: an
event is marked delivered only after every handler returned, and a failure is retried later with
exponential backoff. Handlers must therefore be idempotent (they get the event id to dedupe on).

Handlers call other systems (a channel's API, a subscriber's URL), which may take seconds, so
they run outside any transaction: due events are first claimed in one short transaction (their
`available_at` pushed a lease ahead, rows taken with SKIP LOCKED), then delivered one by one.
Holding a transaction across HTTP calls would keep SQLite's single write lock (and PostgreSQL
row locks) for as long as the slowest subscriber takes. A worker that dies mid-delivery leaves
its claimed events to be taken again when the lease ends. A handler that writes opens its own
transaction.
"""

import logging
from collections import defaultdict
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from arkaofis.core.after_commit import once_after_commit
from arkaofis.core.models import OutboxEvent

log = logging.getLogger(__name__)

Handler = Callable[[OutboxEvent], None]
_handlers: dict[str, list[Handler]] = defaultdict(list)

MAX_BACKOFF = timedelta(hours=1)
LEASE = timedelta(minutes=15)  # how long a claimed event is left to its worker before another may take it


def emit_event(*, topic: str, payload: dict[str, Any], delay: timedelta | None = None) -> OutboxEvent:
    """Queue an outbound event. Must run inside the transaction of the change it announces.

    `delay` holds it back (a follow-up that is pointless before then); the worker's own turn
    delivers it when due."""
    available_at = timezone.now() + (delay or timedelta(0))
    event = OutboxEvent.objects.create(topic=topic, payload=payload, available_at=available_at)
    deliver_after_commit()
    return event


def deliver_after_commit() -> None:
    """Have the task worker deliver once the current transaction commits: one `deliver_outbox`
    task (django-tasks, database backend) per transaction that wrote events, however many. A
    writer that inserts events itself (a batch) calls this too."""
    once_after_commit("outbox_delivery", lambda: _enqueue_delivery)


def _enqueue_delivery() -> None:
    from arkaofis.core.tasks import deliver_outbox  # the task module imports this one

    deliver_outbox.enqueue()


def subscribe(topic: str, handler: Handler) -> None:
    """Register a delivery handler for a topic ("*" for every topic)."""
    if handler not in _handlers[topic]:
        _handlers[topic].append(handler)


def unsubscribe(topic: str, handler: Handler) -> None:
    if handler in _handlers[topic]:
        _handlers[topic].remove(handler)


def backoff(attempts: int) -> timedelta:
    """5 s, 10 s, 20 s, … capped at an hour."""
    exponent = min(max(attempts - 1, 0), 20)  # 2**20 × 5 s is far past the cap already
    return min(timedelta(seconds=5 * 2**exponent), MAX_BACKOFF)


def deliver_pending(*, limit: int = 100) -> tuple[int, int]:
    """Deliver due events; return (delivered, failed). Safe to run in several workers at once."""
    delivered = failed = 0
    for event in _claim_due(limit):
        if _deliver_one(event):
            delivered += 1
        else:
            failed += 1
    return delivered, failed


def _claim_due(limit: int) -> list[OutboxEvent]:
    """Take up to `limit` due events for this worker: no other worker sees them until the lease ends."""
    now = timezone.now()
    with transaction.atomic():
        due = list(
            OutboxEvent.objects.select_for_update(skip_locked=True)
            .filter(delivered_at__isnull=True, available_at__lte=now)
            .order_by("id")[:limit]
        )
        OutboxEvent.objects.filter(pk__in=[event.pk for event in due]).update(available_at=now + LEASE)
    return due


def _deliver_one(event: OutboxEvent) -> bool:
    now = timezone.now()
    event.attempts += 1
    try:
        for handler in [*_handlers.get(event.topic, []), *_handlers.get("*", [])]:
            handler(event)
    except Exception as error:  # any handler failure means: retry later
        event.last_error = f"{type(error).__name__}: {error}"[:2000]
        event.available_at = timezone.now() + backoff(event.attempts)  # from now: the handler may have been slow
        event.save(update_fields=["attempts", "last_error", "available_at"])
        log.warning("outbox delivery failed event=%s topic=%s attempts=%s", event.pk, event.topic, event.attempts)
        return False
    event.delivered_at = now
    event.last_error = ""
    event.save(update_fields=["attempts", "delivered_at", "last_error"])
    return True
