from datetime import timedelta

import pytest
from django.utils import timezone

from arkaofis.core.tests.api_support import user_in_role
from arkaofis.inventory.tests.factories import WarehouseFactory
from arkaofis.work import selectors
from arkaofis.work.models import Task
from arkaofis.work.services.claiming import next_task_for, start_task
from arkaofis.work.services.closing import cancel_tasks, close_task
from arkaofis.work.tests.factories import a_task

pytestmark = pytest.mark.django_db


def _done_by(user, kind="pick", *, hours_ago: float, **fields):
    task = a_task(kind, **fields)
    close_task(kind=kind, document_ref=task.document_ref, user=user, source="ui")
    Task.objects.filter(pk=task.pk).update(closed_at=timezone.now() - timedelta(hours=hours_ago))
    return task


def test_throughput_counts_tasks_done_per_person_per_hour_and_per_kind_in_the_window():
    ali, veli = user_in_role("warehouse"), user_in_role("warehouse")
    for hours_ago in (0.5, 1, 2, 3, 7.5):
        _done_by(ali, hours_ago=hours_ago)
    _done_by(ali, "count", hours_ago=4)
    _done_by(ali, hours_ago=9)  # outside the 8-hour window
    _done_by(veli, "pack", hours_ago=1)
    cancel_tasks(document_ref=a_task("pick").document_ref, user=veli, source="ui")  # nobody's output
    rows = selectors.throughput(hours=8)
    assert [(row.username, row.done, row.per_hour, row.by_kind) for row in rows] == [
        (ali.username, 6, 0.8, {"pick": 5, "count": 1}),
        (veli.username, 1, 0.1, {"pack": 1}),
    ]
    assert [row.done for row in selectors.throughput(hours=2)] == [2, 1]


def test_a_task_closed_by_the_system_counts_for_its_assignee():
    ali = user_in_role("warehouse")
    task = start_task(task_id=a_task("pick").pk, user=ali)
    close_task(kind="pick", document_ref=task.document_ref, user=None, source="system")
    assert [(row.username, row.done) for row in selectors.throughput()] == [(ali.username, 1)]


def test_past_due_lists_open_tasks_whose_due_time_passed_longest_overdue_first():
    late = a_task("pick", due_in_minutes=-30)
    later = a_task("pack", due_in_minutes=-90)
    a_task("count", due_in_minutes=30)
    closed = a_task("pick", due_in_minutes=-500)
    close_task(kind="pick", document_ref=closed.document_ref, user=None, source="system")
    assert [task.pk for task in selectors.past_due()] == [later.pk, late.pk]
    assert {task.pk for task in selectors.tasks(past_due=True)} == {later.pk, late.pk}


def test_the_board_counts_by_status_and_lists_load_by_person():
    ist = WarehouseFactory(code="IST")
    ali = user_in_role("warehouse")
    a_task("pick", warehouse=ist, due_in_minutes=-5)
    a_task("pick", warehouse=ist)
    working = start_task(task_id=a_task("pack", warehouse=ist).pk, user=ali)
    _done_by(ali, hours_ago=1, warehouse=ist)
    a_task("count")  # no warehouse: not on IST's board
    bob = user_in_role("warehouse")
    assert next_task_for(user=bob, warehouse=ist).due_at < timezone.now()  # the overdue one
    board = selectors.board(warehouse="IST")
    assert board.counts == {"open": 2, "in_progress": 1, "done": 1, "cancelled": 0}
    assert [task.pk for task in board.in_progress] == [working.pk]
    loads = {load.username: (load.open, load.in_progress, load.past_due) for load in board.people}
    assert loads == {ali.username: (0, 1, 0), bob.username: (1, 0, 1), "": (1, 0, 0)}
    assert [load.username for load in board.people][-1] == ""  # the unassigned last
    assert selectors.board().counts["open"] == 3


def test_my_queue_shows_my_task_in_progress_first():
    ali = user_in_role("warehouse")
    assert next_task_for(user=ali) is None
    first = a_task("pick", priority=10)
    second = a_task("pick", priority=20)
    next_task_for(user=ali)
    start_task(task_id=second.pk, user=ali)
    assert [task.pk for task in selectors.my_queue(user=ali)] == [second.pk, first.pk]
