"""Shopify orders/updated applied as an edit: the recorded sample order, changed as Shopify's order
editing changes it (current_quantity, a removed item left at 0, a new item, a new address)."""

import pytest
from django.urls import reverse

from arkaofis.channels.adapters import shopify
from arkaofis.channels.models import EventStatus, InboundEvent
from arkaofis.channels.services.fixes import fix_event_address
from arkaofis.channels.services.processing import process_event
from arkaofis.channels.services.updates import NOTE_NO_CHANGE
from arkaofis.channels.tests.factories import (
    body_of,
    post_webhook,
    sample_products,
    shopify_headers,
    shopify_order,
    with_current_total,
)
from arkaofis.core.models import AuditLog, OutboxEvent
from arkaofis.core.tests.users import user_with_role
from arkaofis.inventory.models import Quant
from arkaofis.inventory.tests.factories import LocationFactory, receive
from arkaofis.orders.edits.services.editing import OrderEdit, edit_order
from arkaofis.orders.models import SalesOrder
from arkaofis.orders.services.intake import AddressIn
from arkaofis.orders.services.release import release_order

pytestmark = pytest.mark.django_db
GREEN, RED, BLACK = 466157049, 518995019, 703073504  # the sample's line item ids


@pytest.fixture
def stocked():
    """The sample's three SKUs, 5 units each on one shelf."""
    shelf = LocationFactory()
    products = sample_products()
    for product in products:
        receive(product, shelf, 5)
    return {product.sku: product for product in products}, shelf


def deliver(client, channel, payload, *, delivery, topic="orders/updated"):
    body = body_of(payload if "current_total_price" in payload else with_current_total(payload))
    response = post_webhook(client, channel, body, **shopify_headers(body, delivery=delivery, topic=topic))
    assert response.status_code == 200, response.content
    return InboundEvent.objects.get(delivery_id=delivery)


def received_and_reserved(client, channel):
    deliver(client, channel, shopify_order(), delivery="create", topic="orders/create")
    order = SalesOrder.objects.get()
    assert order.status == "reserved"  # a channel's order holds its stock as it arrives
    return order


def item(payload, item_id):
    return next(line for line in payload["line_items"] if line["id"] == item_id)


def lines_of(order):
    return {line.external_id: (line.sku, line.quantity, line.reserved_quantity) for line in order.lines.all()}


def reserved_units(product):
    return sum(Quant.objects.filter(product=product).values_list("reserved", flat=True))


def test_an_update_changing_quantities_removing_and_adding_items_is_applied_and_re_reserved(client, channel, stocked):
    products, _ = stocked
    order = received_and_reserved(client, channel)
    update = shopify_order()
    item(update, GREEN)["current_quantity"] = 3  # quantity stays 1: Shopify keeps what was first ordered
    item(update, RED)["current_quantity"] = 0  # removed on Shopify, still listed
    black = item(update, BLACK)
    update["line_items"].append({**black, "id": 999000111, "sku": "IPOD2008GREEN", "quantity": 1, "price": "150.00"})
    update["shipping_address"] = {**update["shipping_address"], "address1": "Main Street 1", "zip": "40203"}

    event = deliver(client, channel, update, delivery="upd-1")

    assert event.status == EventStatus.PROCESSED and event.order_id == order.pk
    assert event.note.startswith("Update applied")
    order.refresh_from_db()
    assert order.status == "reserved"
    assert lines_of(order) == {
        str(GREEN): ("IPOD2008GREEN", 3, 3),
        str(BLACK): ("IPOD2008BLACK", 1, 1),
        "999000111": ("IPOD2008GREEN", 1, 1),
    }
    assert sorted(order.lines.values_list("line_no", flat=True)) == [1, 3, 4]  # line 2 stays gone
    assert (reserved_units(products["IPOD2008GREEN"]), reserved_units(products["IPOD2008RED"])) == (4, 0)
    assert (order.shipping.line1, order.shipping.postal_code) == ("Main Street 1", "40203")
    audit = AuditLog.objects.get(action="order.edited")
    assert audit.source == "channel"
    assert OutboxEvent.objects.filter(topic="order.updated", payload__change="order.edited").count() == 1


def test_the_same_update_twice_changes_nothing_the_second_time(client, channel, stocked):
    received_and_reserved(client, channel)
    update = shopify_order()
    item(update, GREEN)["current_quantity"] = 2
    deliver(client, channel, update, delivery="upd-1")
    again = deliver(client, channel, update, delivery="upd-1-resent-as-new")  # a new delivery id, same content
    assert again.status == EventStatus.PROCESSED and again.note == NOTE_NO_CHANGE
    assert AuditLog.objects.filter(action="order.edited").count() == 1
    body = body_of(update)
    duplicate = post_webhook(client, channel, body, **shopify_headers(body, delivery="upd-1", topic="orders/updated"))
    assert duplicate.json() == {"status": "duplicate"}
    assert lines_of(SalesOrder.objects.get())[str(GREEN)] == ("IPOD2008GREEN", 2, 2)


def test_an_update_that_would_oversell_waits_in_the_exception_queue_until_stock_arrives(client, channel, stocked):
    products, shelf = stocked
    order = received_and_reserved(client, channel)
    update = shopify_order()
    item(update, GREEN)["current_quantity"] = 9
    event = deliver(client, channel, update, delivery="upd-big")
    assert event.status == EventStatus.EXCEPTION and event.error_code == "edit-would-oversell"
    assert (event.error_data["sku"], event.error_data["wanted"], event.error_data["available"]) == (
        "IPOD2008GREEN",
        9,
        5,
    )
    assert lines_of(order)[str(GREEN)] == ("IPOD2008GREEN", 1, 1)
    assert reserved_units(products["IPOD2008GREEN"]) == 1
    client.force_login(user_with_role("manager"))
    queue = client.get(reverse("channels:exceptions")).content.decode()
    assert "needs stock that is not free" in queue and "only 5 available" in queue

    receive(products["IPOD2008GREEN"], shelf, 10)
    event = process_event(event_id=event.pk, user=None, source="ui")
    assert event.status == EventStatus.PROCESSED and event.error_code == ""
    assert lines_of(order)[str(GREEN)] == ("IPOD2008GREEN", 9, 9)


def test_an_update_of_a_released_order_is_recorded_not_applied_and_shown_on_its_timeline(client, channel, stocked):
    order = received_and_reserved(client, channel)
    release_order(order_id=order.pk, user=None, source="system")
    update = shopify_order()
    item(update, GREEN)["current_quantity"] = 2
    event = deliver(client, channel, update, delivery="upd-late")
    assert event.status == EventStatus.PROCESSED
    assert "NOT applied" in event.note and "released" in event.note
    assert lines_of(order)[str(GREEN)] == ("IPOD2008GREEN", 1, 1)
    row = AuditLog.objects.get(action="order.channel_update_not_applied")
    assert row.object_id == str(order.pk) and "released" in row.data["reason"]
    assert not AuditLog.objects.filter(action="order.edited").exists()


def test_an_order_short_on_arrival_is_backordered_and_an_update_reserves_what_it_now_can(client, channel, stocked):
    created = shopify_order()
    item(created, BLACK)["current_quantity"] = 7  # only 5 in stock
    deliver(client, channel, created, delivery="create", topic="orders/create")
    order = SalesOrder.objects.get()
    assert order.status == "backordered"
    assert lines_of(order)[str(BLACK)] == ("IPOD2008BLACK", 7, 0)
    assert lines_of(order)[str(GREEN)] == ("IPOD2008GREEN", 1, 1)
    update = shopify_order()
    update["updated_at"], item(update, BLACK)["current_quantity"] = "2008-01-10T12:00:00-05:00", 5
    deliver(client, channel, update, delivery="upd-1")
    order.refresh_from_db()
    assert order.status == "reserved"
    assert lines_of(order)[str(BLACK)] == ("IPOD2008BLACK", 5, 5)


def test_shopify_quantities_are_what_is_left_after_edits_there():
    payload = shopify_order()
    item(payload, GREEN)["current_quantity"] = 4
    item(payload, RED)["current_quantity"] = 0
    order = shopify.to_order(payload, channel="shopify-main")
    assert [(line.external_id, line.quantity) for line in order.lines] == [(str(GREEN), 4), (str(BLACK), 1)]


def test_an_update_older_than_one_already_applied_is_not_applied(client, channel, stocked):
    order = received_and_reserved(client, channel)
    newer, older, newest = shopify_order(), shopify_order(), shopify_order()
    newer["updated_at"], item(newer, GREEN)["current_quantity"] = "2008-01-10T12:00:00-05:00", 3
    older["updated_at"], item(older, GREEN)["current_quantity"] = "2008-01-10T11:30:00-05:00", 2
    newest["updated_at"], item(newest, GREEN)["current_quantity"] = "2008-01-10T13:00:00-05:00", 2
    deliver(client, channel, newer, delivery="upd-newer")
    late = deliver(client, channel, older, delivery="upd-older-arriving-late")
    assert late.status == EventStatus.PROCESSED and late.note.startswith("Update NOT applied: older")
    assert lines_of(order)[str(GREEN)] == ("IPOD2008GREEN", 3, 3)
    deliver(client, channel, newest, delivery="upd-newest")
    assert lines_of(order)[str(GREEN)] == ("IPOD2008GREEN", 2, 2)
    stamps = AuditLog.objects.filter(action="order.edited").values_list("data__channel_changed_at", flat=True)
    assert sorted(stamps) == ["2008-01-10T12:00:00-05:00", "2008-01-10T13:00:00-05:00"]


def test_an_unchanged_update_of_a_released_order_is_no_news(client, channel, stocked):
    order = received_and_reserved(client, channel)
    release_order(order_id=order.pk, user=None, source="system")
    update = shopify_order()
    update["fulfillment_status"] = "fulfilled"  # the channel's own status moved; the order did not
    event = deliver(client, channel, update, delivery="upd-status-only")
    assert event.status == EventStatus.PROCESSED and event.note == NOTE_NO_CHANGE
    assert not AuditLog.objects.filter(action="order.channel_update_not_applied").exists()


def test_a_payment_made_on_the_channel_marks_the_order_paid_once(client, channel, stocked):
    order = received_and_reserved(client, channel)
    assert order.payment_status == "pending"
    update = shopify_order()
    update["financial_status"] = "paid"
    event = deliver(client, channel, update, delivery="upd-paid")
    order.refresh_from_db()
    assert order.payment_status == "paid" and "payment_status" in event.note
    again = deliver(client, channel, update, delivery="upd-paid-again")
    assert again.note == NOTE_NO_CHANGE
    assert AuditLog.objects.filter(action="order.payment_changed").count() == 1
    assert OutboxEvent.objects.filter(topic="order.updated", payload__change="order.payment_changed").count() == 1


def test_a_refund_on_the_channel_reaches_a_released_order_without_editing_it(client, channel, stocked):
    order = received_and_reserved(client, channel)
    release_order(order_id=order.pk, user=None, source="system")
    update = shopify_order()
    update["financial_status"] = "refunded"
    event = deliver(client, channel, update, delivery="upd-refund")
    order.refresh_from_db()
    assert order.payment_status == "refunded" and order.status == "released"
    assert event.note == "Update applied: payment_status"
    assert not AuditLog.objects.filter(action="order.channel_update_not_applied").exists()


def test_an_address_corrected_here_is_not_put_back_by_an_update_about_something_else(client, channel, stocked):
    order = received_and_reserved(client, channel)
    corrected = AddressIn(name="Bob Norman", line1="Chestnut Street 92, Apt 4", city="Louisville", country="US")
    edit_order(order_id=order.pk, edit=OrderEdit(shipping=corrected), user=None, source="ui")
    paid = {**shopify_order(), "financial_status": "paid", "updated_at": "2008-01-10T12:00:00-05:00"}
    assert deliver(client, channel, paid, delivery="paid").status == EventStatus.PROCESSED
    order.refresh_from_db()
    assert (order.shipping.line1, order.payment_status) == ("Chestnut Street 92, Apt 4", "paid")
    # The customer changes the address on Shopify: that change is taken.
    moved = {**paid, "updated_at": "2008-01-10T13:00:00-05:00"}
    moved["shipping_address"] = {**paid["shipping_address"], "address1": "1 Main St", "city": "Lexington"}
    deliver(client, channel, moved, delivery="moved")
    order.refresh_from_db()
    assert (order.shipping.line1, order.shipping.city) == ("1 Main St", "Lexington")


def test_an_address_fixed_in_the_exception_queue_stays_fixed_for_later_updates(client, channel, stocked):
    bad = shopify_order()
    bad["shipping_address"] = {**bad["shipping_address"], "city": ""}
    event = deliver(client, channel, bad, delivery="create", topic="orders/create")
    assert event.error_code == "bad-address"
    fixed = {**bad["shipping_address"], "city": "Louisville"}
    fix_event_address(event_id=event.pk, which="shipping_address", address=fixed, user=None, source="ui")
    assert process_event(event_id=event.pk, user=None, source="ui").status == EventStatus.PROCESSED
    paid = {**bad, "financial_status": "paid", "updated_at": "2008-01-10T12:00:00-05:00"}
    later = deliver(client, channel, paid, delivery="paid")
    assert later.status == EventStatus.PROCESSED, later.error  # not parked again for the same bad address
    order = SalesOrder.objects.get()
    assert (order.shipping.city, order.payment_status) == ("Louisville", "paid")
