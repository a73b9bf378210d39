"""The flows open and close their own tasks: a held order waits for a review; a channel message
parked in the exception queue waits for a person; both close when the work is done."""

import pytest
from django.urls import reverse

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.channels.models import InboundEvent
from arkaofis.channels.services.processing import process_event
from arkaofis.channels.tests.factories import (
    ChannelFactory,
    body_of,
    post_webhook,
    sample_products,
    shopify_headers,
    shopify_order,
)
from arkaofis.core.models import Source
from arkaofis.core.tests.api_support import user_in_role
from arkaofis.orders.services.cancellation import cancel_order
from arkaofis.orders.services.holds import lift_hold, place_hold
from arkaofis.orders.tests.factories import make_order
from arkaofis.work.links import document_url
from arkaofis.work.models import Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def channel():
    return ChannelFactory(code="shopify-main")


def _tasks(kind):
    return list(Task.objects.filter(kind=kind).order_by("pk").values_list("document_ref", "status"))


def test_a_held_order_waits_for_one_review_until_its_last_hold_is_lifted():
    ProductFactory(sku="TEA-1")
    order = make_order(("TEA-1", 1))
    manager = user_in_role("manager")
    payment = place_hold(order_id=order.pk, kind="payment", reason="bank transfer", user=None, source="channel")
    fraud = place_hold(order_id=order.pk, kind="fraud", reason="new card", user=manager, source="ui")
    assert _tasks("hold_review") == [(order.number, "open")]
    task = Task.objects.get(kind="hold_review")
    assert task.detail == {"hold": "payment"} and document_url(task.document_ref) == f"/orders/{order.number}/"
    lift_hold(hold_id=payment.pk, user=manager, source="ui")
    assert _tasks("hold_review") == [(order.number, "open")]
    lift_hold(hold_id=fraud.pk, user=manager, source="ui")
    task.refresh_from_db()
    assert (task.status, task.closed_by) == ("done", manager)


def test_cancelling_a_held_order_cancels_its_review():
    ProductFactory(sku="TEA-1")
    order = make_order(("TEA-1", 1))
    place_hold(order_id=order.pk, kind="manual", reason="check the address", user=None, source="ui")
    cancel_order(order_id=order.pk, user=None, source="ui", reason="customer asked")
    assert _tasks("hold_review") == [(order.number, "cancelled")]


def test_a_parked_channel_order_is_a_task_until_it_is_processed(client, channel):
    body = body_of(shopify_order())
    post_webhook(client, channel, body, **shopify_headers(body))  # no products yet: unmapped SKUs
    event = InboundEvent.objects.get()
    ref = f"IE-{event.pk:06d}"
    assert _tasks("order_exception") == [(ref, "open")]
    task = Task.objects.get(kind="order_exception")
    assert task.detail == {"channel": channel.code, "error_code": "unmapped-skus"}
    assert document_url(ref) == reverse("channels:exceptions") + f"#event-{event.pk}"
    manager = user_in_role("manager")
    process_event(event_id=event.pk, user=manager, source=Source.UI)  # still unmapped: the same task
    assert _tasks("order_exception") == [(ref, "open")]
    sample_products()
    process_event(event_id=event.pk, user=manager, source=Source.UI)
    assert _tasks("order_exception") == [(ref, "done")]
    assert Task.objects.get(kind="order_exception").closed_by == manager


def test_a_message_processed_at_once_opens_no_task(client, channel):
    sample_products()
    body = body_of(shopify_order())
    post_webhook(client, channel, body, **shopify_headers(body))
    assert not Task.objects.exists()


def test_an_unreadable_message_opens_no_task_since_nobody_can_process_it(client, channel):
    post_webhook(client, channel, b"{oops", **shopify_headers(b"{oops"))
    assert not Task.objects.exists()
