"""Two phones asking for their next task at the same instant get two different tasks (PostgreSQL:
FOR UPDATE SKIP LOCKED), and neither waits for the other."""

import threading
import time

import pytest
from django.db import close_old_connections, connection, transaction

from arkaofis.core.tests.api_support import user_in_role
from arkaofis.work.models import Task
from arkaofis.work.services.claiming import next_task_for
from arkaofis.work.tests.factories import a_task

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _in_thread(work):
    result, errors = {}, []

    def run():
        try:
            result["value"] = work()
        except Exception as error:  # noqa: BLE001 - reported to the test
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, result, errors


def test_a_claim_skips_the_task_another_phone_holds_locked_without_waiting():
    ali, veli = user_in_role("warehouse"), user_in_role("warehouse")
    first, second = a_task("pick", priority=10), a_task("pick", priority=20)
    holding, done = threading.Event(), threading.Event()

    def ali_claims_and_holds_the_lock():
        with transaction.atomic():
            task = next_task_for(user=ali)
            holding.set()
            done.wait(10)  # the row stays locked until Veli has been served
            return task.pk

    thread, ali_result, errors = _in_thread(ali_claims_and_holds_the_lock)
    assert holding.wait(10)
    started = time.monotonic()
    veli_task = next_task_for(user=veli)
    waited = time.monotonic() - started
    done.set()
    thread.join(10)
    assert not errors, errors
    assert ali_result["value"] == first.pk and veli_task.pk == second.pk
    assert waited < 2, f"the second claim waited {waited:.1f}s for the first one's lock"


def test_many_phones_claiming_at_once_never_share_a_task():
    tasks = [a_task("pick") for _ in range(20)]
    workers = [user_in_role("warehouse") for _ in range(8)]
    barrier = threading.Barrier(len(workers))

    def claim(user):
        def run():
            close_old_connections()
            barrier.wait(10)
            return [next_task_for(user=user).pk, _close_and_next(user)]

        return run

    started = [_in_thread(claim(user)) for user in workers]
    claimed = []
    for thread, result, errors in started:
        thread.join(30)
        assert not errors, errors
        claimed.extend(result["value"])
    assert len(claimed) == len(set(claimed)) == 16
    assert set(claimed) <= {task.pk for task in tasks}
    assert Task.objects.filter(status="done").count() == 8
    assert Task.objects.filter(status="open", assignee__isnull=False).count() == 8


def _close_and_next(user):
    from arkaofis.work.services.closing import close_task

    mine = Task.objects.filter(assignee=user, status="open").get()
    close_task(kind=mine.kind, document_ref=mine.document_ref, user=user, source="ui")
    return next_task_for(user=user).pk
