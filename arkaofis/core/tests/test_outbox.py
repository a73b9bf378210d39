import pytest
from django.utils import timezone

from arkaofis.core.models import OutboxEvent
from arkaofis.core.services.outbox import backoff, deliver_pending, emit_event, subscribe, unsubscribe
from arkaofis.core.tasks import deliver_outbox

pytestmark = pytest.mark.django_db


@pytest.fixture
def received():
    seen = []

    def handler(event):
        seen.append(event.pk)

    subscribe("test.topic", handler)
    yield seen
    unsubscribe("test.topic", handler)


def test_due_events_are_delivered_once(received):
    event = emit_event(topic="test.topic", payload={"n": 1})
    assert deliver_pending() == (1, 0)
    assert deliver_pending() == (0, 0)
    assert received == [event.pk]
    event.refresh_from_db()
    assert event.delivered_at is not None and event.attempts == 1


def test_a_failing_handler_is_retried_later_with_backoff():
    def broken(event):
        raise ConnectionError("subscriber down")

    subscribe("test.fail", broken)
    try:
        event = emit_event(topic="test.fail", payload={})
        before = timezone.now()
        assert deliver_pending() == (0, 1)
        event.refresh_from_db()
        assert event.delivered_at is None and "subscriber down" in event.last_error
        assert event.available_at >= before + backoff(1)
        assert deliver_pending() == (0, 0)  # not due yet
    finally:
        unsubscribe("test.fail", broken)


def test_backoff_doubles_and_is_capped():
    assert [backoff(n).total_seconds() for n in (1, 2, 3)] == [5, 10, 20]
    assert backoff(50).total_seconds() == 3600


def test_the_delivery_task_runs_through_the_task_backend(received, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    emit_event(topic="test.topic", payload={})
    result = deliver_outbox.enqueue()
    assert result.return_value == {"delivered": 1, "failed": 0}
    assert not OutboxEvent.objects.filter(delivered_at__isnull=True).exists()
