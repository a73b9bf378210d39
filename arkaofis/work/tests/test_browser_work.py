"""The task queue in Debian's Chromium: a picker on a phone is handed their next task and starts
it; a manager at a desk sees the board and hands a task to someone else."""

from pathlib import Path

import pytest

from arkaofis.core.tests import test_browser as shared
from arkaofis.core.tests.users import user_with_role
from arkaofis.work.models import Task
from arkaofis.work.tests.factories import a_task

CHROMIUM, PHONE, log_in = shared.CHROMIUM, shared.PHONE, shared.log_in
browser, _allow_orm_beside_playwright = shared.browser, shared._allow_orm_beside_playwright
DESKTOP = {"width": 1280, "height": 900}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
]


def test_a_picker_opens_their_next_task_on_a_phone(browser, live_server, transactional_db):
    from playwright.sync_api import expect

    urgent = a_task("pick", ref="SO-000777", priority=10, due_in_minutes=-5)
    a_task("pick", ref="SO-000778")
    user_with_role("warehouse", username="mehmet")
    page = browser.new_page(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    log_in(page, live_server, username="mehmet")

    page.locator("[data-toggle-nav]").click()
    page.locator("#nav").get_by_role("link", name="My next task").click()
    get = page.get_by_role("button", name="Get my next task")
    assert get.bounding_box()["height"] >= 48  # a thumb's target
    get.click()
    card = page.locator(f"#task-{urgent.pk}")
    expect(card).to_contain_text("Pick")
    expect(card).to_contain_text("Overdue")
    expect(card.get_by_role("link", name="SO-000777")).to_have_attribute("href", "/orders/SO-000777/")
    card.get_by_role("button", name="Start").click()
    expect(page.locator(".message-success")).to_contain_text(f"Task {urgent.pk} started")
    expect(card).to_contain_text("In progress")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    task = Task.objects.get(pk=urgent.pk)
    assert (task.status, task.assignee.username) == ("in_progress", "mehmet")


def test_a_manager_reassigns_a_task_from_the_board(browser, live_server, transactional_db):
    from playwright.sync_api import expect

    task = a_task("count", ref="CC-000004", due_in_minutes=-30)
    user_with_role("manager", username="ayse")
    user_with_role("warehouse", username="mehmet")
    page = browser.new_page(viewport=DESKTOP)
    log_in(page, live_server, username="ayse")

    page.locator("#nav").get_by_role("link", name="Task board").click()
    expect(page.locator("[data-kpi=past_due]")).to_have_text("1")
    row = page.locator(f"#column-open #task-{task.pk}")
    expect(row).to_contain_text("Count")
    row.get_by_label("Assign to").select_option("mehmet")
    row.get_by_role("button", name="Assign").click()
    expect(page.locator(".message-success")).to_contain_text(f"Task {task.pk} assigned to mehmet")
    expect(page.locator('#by-person [data-person="mehmet"]')).to_contain_text("1")
    assert Task.objects.get(pk=task.pk).assignee.username == "mehmet"
