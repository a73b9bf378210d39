import pytest

from arkaofis.core.tests.api_support import as_role, assert_problem, user_in_role
from arkaofis.work.models import Task
from arkaofis.work.services.claiming import start_task
from arkaofis.work.services.closing import close_task
from arkaofis.work.tests.factories import a_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def floor():
    return as_role("warehouse")


@pytest.fixture
def manager():
    return as_role("manager")


def test_a_worker_is_handed_their_next_task_starts_and_releases_it(floor):
    task = a_task("pick", ref="SH-000012", priority=10)
    a_task("pick", ref="SH-000013")
    handed = floor.post("/work/next", key="n-1")
    assert handed.status_code == 200, handed.content
    body = handed.json()["task"]
    assert body | {"id": task.pk, "kind": "pick", "status": "open", "assignee": floor.user.username} == body
    assert body["document_ref"] == "SH-000012" and body["overdue"] is False
    late = a_task("count", due_in_minutes=-1)
    assert floor.get(f"/work/tasks/{late.pk}").json()["overdue"] is True
    started = floor.post(f"/work/tasks/{task.pk}/start", key="s-1").json()
    assert started["status"] == "in_progress" and started["started_at"]
    assert [row["id"] for row in floor.get("/work/tasks/mine").json()] == [task.pk]
    released = floor.post(f"/work/tasks/{task.pk}/release").json()
    assert (released["status"], released["assignee"]) == ("open", None)


def test_nothing_to_do_is_a_null_task(floor):
    assert floor.post("/work/next").json() == {"task": None}


def test_the_list_filters_by_status_kind_assignee_and_past_due(floor):
    late = a_task("pick", due_in_minutes=-10)
    count = a_task("count")
    done = a_task("pack")
    close_task(kind="pack", document_ref=done.document_ref, user=None, source="system")
    start_task(task_id=count.pk, user=floor.user)
    ids = lambda **query: [row["id"] for row in floor.get("/work/tasks", **query).json()["items"]]  # noqa: E731
    assert ids(status="active") == [late.pk, count.pk]  # same priority: the one due first
    assert ids(status="done") == [done.pk]
    assert ids(kind="count") == [count.pk]
    assert ids(assignee=floor.user.username) == [count.pk]
    assert ids(assignee="-", status="active") == [late.pk]
    assert ids(past_due="true") == [late.pk]
    assert [row["id"] for row in floor.get("/work/past-due").json()["items"]] == [late.pk]
    assert floor.get("/work/tasks", status="open").json()["count"] == 1


def test_a_manager_reassigns_and_cancels_and_sees_board_and_throughput(manager):
    task = a_task("pick")
    picker = user_in_role("warehouse")
    moved = manager.post(f"/work/tasks/{task.pk}/reassign", {"assignee": picker.username}, key="r-1")
    assert moved.status_code == 200 and moved.json()["assignee"] == picker.username
    back = manager.post(f"/work/tasks/{task.pk}/reassign", {"assignee": None}).json()
    assert back["assignee"] is None
    start_task(task_id=task.pk, user=picker)
    close_task(kind="pick", document_ref=task.document_ref, user=picker, source="ui")
    board = manager.get("/work/board").json()
    assert board["counts"] == {"open": 0, "in_progress": 0, "done": 1, "cancelled": 0}
    assert manager.get("/work/throughput", hours=8).json() == [
        {"username": picker.username, "done": 1, "per_hour": 0.1, "by_kind": {"pick": 1}}
    ]
    other = a_task("count")
    cancelled = manager.post(f"/work/tasks/{other.pk}/cancel", {"reason": "bin removed"}).json()
    assert cancelled["status"] == "cancelled"


def test_refusals_are_problems_and_change_nothing(floor, manager):
    task = a_task("pick")
    assert_problem(floor.post("/work/tasks/999999/start"), 404, "unknown-task")
    assert_problem(floor.get("/work/tasks", status="late"), 422)
    assert_problem(floor.post("/work/next?warehouse=NOPE"), 404, "unknown-warehouse")
    other = as_role("warehouse")
    start_task(task_id=task.pk, user=other.user)
    assert_problem(floor.post(f"/work/tasks/{task.pk}/start"), 409, "task-taken")
    assert_problem(floor.post(f"/work/tasks/{task.pk}/release"), 409, "task-taken")
    assert_problem(manager.post(f"/work/tasks/{task.pk}/reassign", {"assignee": "nobody-here"}), 404, "unknown-user")
    viewer = user_in_role("viewer")
    body = assert_problem(
        manager.post(f"/work/tasks/{task.pk}/reassign", {"assignee": viewer.username}), 403, "may-not-work-task-kind"
    )
    assert viewer.username in body["detail"] and "Pick" in body["detail"]
    assert_problem(manager.post(f"/work/tasks/{task.pk}/cancel", {"reason": ""}), 422)
    exception = a_task("order_exception", ref="IE-000001")
    assert_problem(floor.post(f"/work/tasks/{exception.pk}/start"), 403, "may-not-work-task-kind")
    close_task(kind="pick", document_ref=task.document_ref, user=None, source="system")
    assert_problem(manager.post(f"/work/tasks/{task.pk}/cancel", {"reason": "x"}), 409, "task-closed")
    assert Task.objects.get(pk=task.pk).status == "done"


@pytest.mark.parametrize(
    ("role", "path", "method", "status"),
    [
        ("viewer", "/work/tasks", "get", 200),
        ("viewer", "/work/past-due", "get", 200),
        ("viewer", "/work/next", "post", 403),
        ("viewer", "/work/board", "get", 403),
        ("warehouse", "/work/board", "get", 403),
        ("warehouse", "/work/throughput", "get", 403),
        ("accountant", "/work/next", "post", 403),
        (None, "/work/tasks", "get", 403),
    ],
)
def test_each_role_may_do_what_its_job_needs_and_no_more(role, path, method, status):
    client = as_role(role)
    response = client.get(path) if method == "get" else client.post(path)
    assert response.status_code == status, response.content


def test_a_warehouse_worker_may_not_reassign_or_cancel(floor):
    task = a_task("pick")
    assert_problem(floor.post(f"/work/tasks/{task.pk}/reassign", {"assignee": floor.user.username}), 403)
    assert_problem(floor.post(f"/work/tasks/{task.pk}/cancel", {"reason": "no"}), 403)
    assert Task.objects.get(pk=task.pk).assignee is None


def test_an_anonymous_caller_is_401():
    from django.test import Client

    assert Client().get("/api/work/tasks").status_code == 401
