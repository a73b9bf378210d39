from datetime import timedelta

import pytest
from django.utils import timezone

from arkaofis.core.models import AuditLog
from arkaofis.core.tests.api_support import user_in_role
from arkaofis.inventory.tests.factories import WarehouseFactory
from arkaofis.work.exceptions import BadTaskField, MayNotWorkKind, TaskClosed, TaskTakenByOther, UnknownTaskKind
from arkaofis.work.models import Task, TaskStatus
from arkaofis.work.services.assigning import reassign_task
from arkaofis.work.services.claiming import next_task_for, release_task, start_task
from arkaofis.work.services.closing import cancel_task, cancel_tasks, close_task
from arkaofis.work.services.opening import open_task
from arkaofis.work.tests.factories import a_task

pytestmark = pytest.mark.django_db


def test_opening_the_same_task_twice_returns_the_open_one():
    first = open_task(kind="pick", document_ref="SH-000012", detail={"lines": 3}, user=None, source="system")
    again = open_task(kind="pick", document_ref="SH-000012", priority=10, user=None, source="system")
    assert again.pk == first.pk and again.priority == first.priority
    other_kind = open_task(kind="pack", document_ref="SH-000012", user=None, source="system")
    assert other_kind.pk != first.pk and Task.objects.count() == 2


def test_a_closed_task_may_be_opened_again_as_a_new_one():
    first = a_task("hold_review", ref="SO-000001")
    close_task(kind="hold_review", document_ref="SO-000001", user=None, source="system")
    second = a_task("hold_review", ref="SO-000001")
    assert second.pk != first.pk and second.status == TaskStatus.OPEN


def test_the_due_time_defaults_to_the_kinds_service_level(settings):
    settings.ARKAOFIS_TASK_SLA_MINUTES = {"count": 30}
    before = timezone.now()
    count = a_task("count")
    pack = a_task("pack")
    assert before + timedelta(minutes=30) <= count.due_at <= timezone.now() + timedelta(minutes=30)
    assert before + timedelta(minutes=60) <= pack.due_at <= timezone.now() + timedelta(minutes=60)
    due = timezone.now() + timedelta(hours=3)
    assert open_task(kind="pick", document_ref="SH-9", due_at=due, user=None, source="system").due_at == due


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"kind": "picking"}, UnknownTaskKind),
        ({"document_ref": "  "}, BadTaskField),
        ({"document_ref": "X" * 65}, BadTaskField),
        ({"priority": 100}, BadTaskField),
        ({"priority": True}, BadTaskField),
        ({"due_at": timezone.now().replace(tzinfo=None)}, BadTaskField),
        ({"detail": {"note": "x" * 3000}}, BadTaskField),
    ],
)
def test_bad_input_opens_nothing(fields, error):
    with pytest.raises(error):
        open_task(**{"kind": "pick", "document_ref": "SH-1", "user": None, "source": "system", **fields})
    assert not Task.objects.exists()


def test_closing_is_idempotent_and_audited():
    user = user_in_role("warehouse")
    task = a_task("pick", ref="SH-000100")
    closed = close_task(kind="pick", document_ref="SH-000100", user=user, source="ui")
    assert closed.pk == task.pk and closed.status == TaskStatus.DONE and closed.closed_by == user
    assert close_task(kind="pick", document_ref="SH-000100", user=user, source="ui") is None
    assert close_task(kind="pick", document_ref="SH-404", user=user, source="ui") is None
    actions = list(AuditLog.objects.filter(object_id=str(task.pk)).order_by("id").values_list("action", flat=True))
    assert actions == ["task.opened", "task.done"]


def test_cancelling_a_documents_tasks_leaves_other_documents_alone():
    pick, pack = a_task("pick", ref="SH-7"), a_task("pack", ref="SH-7")
    other = a_task("pick", ref="SH-8")
    assert cancel_tasks(document_ref="SH-7", kinds=["pack"], user=None, source="system") == 1
    assert cancel_tasks(document_ref="SH-7", user=None, source="system") == 1
    assert cancel_tasks(document_ref="SH-7", user=None, source="system") == 0
    statuses = dict(Task.objects.values_list("pk", "status"))
    assert statuses == {pick.pk: "cancelled", pack.pk: "cancelled", other.pk: "open"}


def test_a_manager_cancels_one_task_with_a_reason_and_not_twice():
    task = a_task()
    manager = user_in_role("manager")
    with pytest.raises(Exception, match="Say why"):
        cancel_task(task_id=task.pk, reason=" ", user=manager, source="ui")
    assert cancel_task(task_id=task.pk, reason="shipment gone", user=manager, source="ui").status == "cancelled"
    with pytest.raises(TaskClosed):
        cancel_task(task_id=task.pk, reason="again", user=manager, source="ui")


def test_next_task_is_mine_first_then_by_priority_then_due_time():
    picker = user_in_role("warehouse")
    later = a_task("pick", due_in_minutes=120)
    sooner = a_task("pick", due_in_minutes=30)
    urgent = a_task("pack", due_in_minutes=300, priority=10)
    mine = a_task("count", due_in_minutes=600, priority=70)
    reassign_task(task_id=mine.pk, assignee=picker, user=None, source="system")
    order = []
    for _ in range(4):
        task = next_task_for(user=picker)
        order.append(task.pk)
        assert next_task_for(user=picker).pk == task.pk  # asking again is not a second claim
        close_task(kind=task.kind, document_ref=task.document_ref, user=picker, source="ui")
    assert order == [mine.pk, urgent.pk, sooner.pk, later.pk]
    assert next_task_for(user=picker) is None


def test_a_task_in_progress_comes_back_before_any_other():
    picker = user_in_role("warehouse")
    started = start_task(task_id=a_task("pick", due_in_minutes=500).pk, user=picker)
    a_task("pick", due_in_minutes=5, priority=10)
    assert next_task_for(user=picker).pk == started.pk


def test_a_worker_is_never_handed_a_kind_their_role_does_not_cover():
    picker, manager = user_in_role("warehouse"), user_in_role("manager")
    hold = a_task("hold_review", ref="SO-000050", priority=10)
    pick = a_task("pick")
    assert next_task_for(user=picker).pk == pick.pk
    assert next_task_for(user=manager).pk == hold.pk
    assert next_task_for(user=user_in_role("viewer")) is None


def test_a_warehouse_narrows_to_its_tasks_and_those_of_no_warehouse():
    ist, ank = WarehouseFactory(code="IST"), WarehouseFactory(code="ANK")
    picker = user_in_role("warehouse")
    ankara = a_task("pick", warehouse=ank, priority=10)
    istanbul = a_task("pick", warehouse=ist, priority=30)
    anywhere = a_task("count", priority=50)
    assert next_task_for(user=picker, warehouse=ist).pk == istanbul.pk
    release_task(task_id=istanbul.pk, user=picker)
    assert next_task_for(user=picker).pk == ankara.pk
    close_task(kind="pick", document_ref=ankara.document_ref, user=picker, source="ui")
    close_task(kind="pick", document_ref=istanbul.document_ref, user=picker, source="ui")
    assert next_task_for(user=picker, warehouse=ist).pk == anywhere.pk


def test_start_and_release_refuse_someone_elses_task():
    ali, veli = user_in_role("warehouse"), user_in_role("warehouse")
    task = start_task(task_id=a_task().pk, user=ali)
    with pytest.raises(TaskTakenByOther):
        start_task(task_id=task.pk, user=veli)
    with pytest.raises(TaskTakenByOther):
        release_task(task_id=task.pk, user=veli)
    released = release_task(task_id=task.pk, user=ali)
    assert (released.status, released.assignee, released.started_at) == ("open", None, None)
    assert start_task(task_id=task.pk, user=veli).assignee == veli


def test_start_refuses_a_closed_task_and_a_kind_the_person_may_not_do():
    picker = user_in_role("warehouse")
    with pytest.raises(MayNotWorkKind):
        start_task(task_id=a_task("order_exception", ref="IE-000001").pk, user=picker)
    task = a_task()
    close_task(kind=task.kind, document_ref=task.document_ref, user=None, source="system")
    with pytest.raises(TaskClosed):
        start_task(task_id=task.pk, user=picker)


def test_reassigning_hands_the_task_over_and_refuses_who_may_not_do_it():
    ali, veli = user_in_role("warehouse"), user_in_role("warehouse")
    manager = user_in_role("manager")
    task = start_task(task_id=a_task().pk, user=ali)
    moved = reassign_task(task_id=task.pk, assignee=veli, user=manager, source="ui")
    assert (moved.assignee, moved.status, moved.started_at) == (veli, "open", None)
    with pytest.raises(MayNotWorkKind):
        reassign_task(task_id=task.pk, assignee=user_in_role("viewer"), user=manager, source="ui")
    assert reassign_task(task_id=task.pk, assignee=None, user=manager, source="ui").assignee is None
    with pytest.raises(MayNotWorkKind):
        open_task(kind="hold_review", document_ref="SO-1", assignee=ali, user=manager, source="ui")
