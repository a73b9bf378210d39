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


@pytest.mark.django_db(transaction=True)
def test_a_commit_with_events_asks_the_task_worker_once_and_the_worker_delivers_them(received):
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    from arkaofis.worker.jobs import run_queued_tasks

    with transaction.atomic():
        events = [emit_event(topic="test.topic", payload={"n": n}) for n in range(3)]
    assert DBTaskResult.objects.count() == 1  # one delivery task for the transaction, not per event
    with pytest.raises(RuntimeError), transaction.atomic():
        emit_event(topic="test.topic", payload={"n": "rolled back"})
        raise RuntimeError("the change fails")
    assert DBTaskResult.objects.count() == 1  # a rolled-back change asks for nothing
    assert run_queued_tasks() == 1
    assert sorted(received) == [event.pk for event in events]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
