"""Webhook subscriptions API: the caller brings the secret, which is never returned; changes and
deletes; bad input refused with nothing written; an Idempotency-Key replay subscribes once."""

import pytest

from arkaofis.channels.models import WebhookSubscription
from arkaofis.channels.secrets import open_secret
from arkaofis.core.models import IdempotencyKey
from arkaofis.core.tests.api_support import as_role, assert_problem

pytestmark = pytest.mark.django_db

SECRET = "a-subscriber-chosen-secret-of-32-chars-or-more"
BODY = {
    "name": "ERP",
    "url": "https://erp.example.com/hooks",
    "topics": ["order.created", "stock.changed"],
    "secret": SECRET,
}


def test_a_manager_subscribes_and_the_secret_is_stored_sealed_and_never_returned():
    api = as_role("manager")
    created = api.post("/webhook-subscriptions", BODY, key="sub-1")
    assert created.status_code == 201, created.content
    assert SECRET not in created.content.decode()
    assert created.json()["topics"] == ["order.created", "stock.changed"] and created.json()["active"] is True
    stored = WebhookSubscription.objects.get()
    assert open_secret(stored.secret_sealed) == SECRET and SECRET not in stored.secret_sealed
    assert SECRET not in bytes(IdempotencyKey.objects.get().response_body).decode()
    replay = api.post("/webhook-subscriptions", BODY, key="sub-1")
    assert replay.status_code == 201 and WebhookSubscription.objects.count() == 1
    listed = api.get("/webhook-subscriptions").json()
    assert [row["name"] for row in listed] == ["ERP"] and SECRET not in str(listed)


def test_a_subscription_is_paused_retargeted_and_deleted():
    api = as_role("manager")
    subscription_id = api.post("/webhook-subscriptions", BODY).json()["id"]
    changed = api.post(f"/webhook-subscriptions/{subscription_id}", {"active": False, "topics": ["*"]})
    assert changed.status_code == 200 and changed.json()["active"] is False and changed.json()["topics"] == ["*"]
    assert api.client.delete(f"/api/webhook-subscriptions/{subscription_id}").status_code == 204
    assert not WebhookSubscription.objects.exists()
    assert_problem(api.client.delete(f"/api/webhook-subscriptions/{subscription_id}"), 404)


@pytest.mark.parametrize(
    "change",
    [
        {"secret": "short"},
        {"url": "ftp://erp.example.com/"},
        {"topics": []},
        {"topics": ["Order Created"]},
        {"url": "http://[::1"},
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(change):
    response = as_role("manager").post("/webhook-subscriptions", {**BODY, **change})
    assert_problem(response, 422)
    assert not WebhookSubscription.objects.exists()


def test_a_warehouse_user_may_not_subscribe():
    assert_problem(as_role("warehouse").post("/webhook-subscriptions", BODY), 403, "forbidden")
    assert not WebhookSubscription.objects.exists()


def test_in_production_a_subscriber_on_the_private_network_is_a_422_and_nothing_is_written(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    response = as_role("manager").post("/webhook-subscriptions", {**BODY, "url": "http://10.0.0.5/hooks"})
    assert assert_problem(response, 422, "private-address")["host"] == "10.0.0.5"
    assert not WebhookSubscription.objects.exists()
