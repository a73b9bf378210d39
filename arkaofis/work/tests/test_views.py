import pytest
from django.test import Client

from arkaofis.core.tests.api_support import user_in_role
from arkaofis.work.models import Task
from arkaofis.work.services.claiming import start_task
from arkaofis.work.services.closing import close_task
from arkaofis.work.tests.factories import a_task

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_worker_gets_their_next_task_starts_it_and_gives_it_back():
    picker = user_in_role("warehouse")
    client = client_for(picker)
    task = a_task("pick", ref="SO-000123")
    page = client.get("/work/")
    assert "Get my next task" in page.content.decode()
    response = client.post("/work/next/", {"warehouse": ""}, follow=True)
    text = response.content.decode()
    assert f'id="task-{task.pk}"' in text and 'href="/orders/SO-000123/"' in text and "Start" in text
    client.post(f"/work/tasks/{task.pk}/start/", {"back": "/work/"})
    assert Task.objects.get(pk=task.pk).status == "in_progress"
    client.post(f"/work/tasks/{task.pk}/release/", {"back": "https://evil.example/"})
    assert Task.objects.get(pk=task.pk).assignee is None


def test_nothing_waiting_is_said_plainly():
    client = client_for(user_in_role("warehouse"))
    assert "Nothing waits for you now." in client.post("/work/next/", follow=True).content.decode()


def test_a_refusal_is_a_message_and_changes_nothing():
    ali, veli = user_in_role("warehouse"), user_in_role("warehouse")
    task = start_task(task_id=a_task().pk, user=ali)
    response = client_for(veli).post(f"/work/tasks/{task.pk}/release/", follow=True)
    assert "ask a manager to reassign it" in response.content.decode()
    assert Task.objects.get(pk=task.pk).assignee == ali


def test_the_manager_board_shows_columns_people_past_due_and_throughput_and_reassigns():
    manager, picker = user_in_role("manager"), user_in_role("warehouse")
    late = a_task("pick", due_in_minutes=-15)
    done = start_task(task_id=a_task("pack").pk, user=picker)
    close_task(kind="pack", document_ref=done.document_ref, user=picker, source="ui")
    client = client_for(manager)
    text = client.get("/work/board/").content.decode()
    assert 'id="column-open"' in text and 'id="past-due"' in text and f'data-person="{picker.username}"' in text
    assert '<rect x="0" y="0" width="100.0" height="10" class="bar-fill"/>' in text
    assert f'<option value="{picker.username}">' in text
    client.post(f"/work/tasks/{late.pk}/reassign/", {"assignee": picker.username, "back": "/work/board/"})
    assert Task.objects.get(pk=late.pk).assignee == picker
    response = client.post(f"/work/tasks/{late.pk}/reassign/", {"assignee": manager.username + "x"}, follow=True)
    assert "Nothing was changed." in response.content.decode()


def test_a_viewer_reads_the_board_without_throughput_or_reassigning():
    a_task("pick")
    client = client_for(user_in_role("viewer"))
    text = client.get("/work/board/").content.decode()
    assert 'id="column-open"' in text and 'id="throughput"' not in text and "task-reassign" not in text
    assert client.get("/work/").status_code == 403
    assert client.post(f"/work/tasks/{Task.objects.get().pk}/reassign/").status_code == 403


def test_the_screens_speak_turkish():
    a_task("hold_review", ref="SO-000001", due_in_minutes=-5)
    client = client_for(user_in_role("manager"))
    client.cookies["django_language"] = "tr"
    text = client.get("/work/board/", headers={"Accept-Language": "tr"}).content.decode()
    assert "Görev panosu" in text and "İncelenecek bekletme" in text and "Gecikmiş" in text
