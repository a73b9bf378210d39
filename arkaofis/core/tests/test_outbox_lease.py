"""Outbox delivery claims events in a short transaction and runs handlers outside any, so a slow
subscriber never holds the database's locks; a claimed event is not taken by a second worker."""

import pytest
from django.db import connection

from arkaofis.core.models import OutboxEvent
from arkaofis.core.services.outbox import deliver_pending, emit_event, subscribe, unsubscribe


@pytest.mark.django_db(transaction=True)
def test_handlers_run_outside_any_transaction_and_a_claimed_event_is_not_taken_twice():
    seen = []

    def handler(event):
        # Another worker asking now finds nothing due: this event is claimed.
        seen.append((event.pk, connection.in_atomic_block, deliver_pending()))

    subscribe("test.lease", handler)
    try:
        event = emit_event(topic="test.lease", payload={})
        assert deliver_pending() == (1, 0)
    finally:
        unsubscribe("test.lease", handler)
    assert seen == [(event.pk, False, (0, 0))]
    assert OutboxEvent.objects.get().delivered_at is not None
