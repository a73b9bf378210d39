"""Shopify orders are stored only when they add up to Shopify's own total: order-level discounts and
taxes are allocated to the lines as Shopify does, and an order that still differs waits in the
exception queue with both totals."""

from decimal import Decimal

import pytest
from django.urls import reverse

from arkaofis.channels.models import EventStatus, InboundEvent
from arkaofis.channels.services.fixes import accept_channel_total
from arkaofis.channels.services.processing import process_event
from arkaofis.channels.tests.factories import (
    body_of,
    post_webhook,
    recorded_shopify_order,
    sample_products,
    shopify_headers,
    shopify_order,
)
from arkaofis.core.exceptions import Conflict
from arkaofis.core.models import AuditLog, Source
from arkaofis.core.tests.users import user_with_role
from arkaofis.orders.models import SalesOrder

pytestmark = pytest.mark.django_db


def deliver(client, channel, payload, delivery="wh-1", topic="orders/create"):
    body = body_of(payload)
    response = post_webhook(client, channel, body, **shopify_headers(body, delivery=delivery, topic=topic))
    assert response.status_code == 200, response.content
    return InboundEvent.objects.get(delivery_id=delivery)


def money_of(order):
    lines = [(line.sku, line.unit_price, line.discount, line.tax) for line in order.lines.order_by("line_no")]
    return lines, order.shipping_charge, order.grand_total


def plain_order(**changes):
    """The sample without taxes: 3 × 199.00, free shipping."""
    payload = shopify_order()
    payload.update({"tax_lines": [], "total_tax": "0.00", "total_price": "597.00", **changes})
    return payload


def test_an_order_whose_total_matches_shopifys_is_stored_with_the_order_tax_on_its_lines(client, channel):
    sample_products()
    event = deliver(client, channel, shopify_order())
    assert event.status == EventStatus.PROCESSED
    lines, shipping, total = money_of(event.order)
    assert total == Decimal("608.94") and shipping == 0
    assert [tax for *_, tax in lines] == [Decimal("3.98")] * 3  # the order's 11.94 State Tax, on no line


def test_the_recorded_sample_whose_totals_do_not_add_up_waits_with_both_totals(client, channel):
    sample_products()
    event = deliver(client, channel, recorded_shopify_order())
    assert (event.status, event.error_code) == (EventStatus.EXCEPTION, "total-mismatch")
    assert event.error_data | {"computed": "608.94", "channel_total": "409.94", "currency": "USD"} == event.error_data
    assert not SalesOrder.objects.exists()


def test_replaying_a_parked_order_keeps_it_parked_and_stores_nothing(client, channel):
    sample_products()
    event = deliver(client, channel, recorded_shopify_order())
    again = deliver(client, channel, recorded_shopify_order())  # the same delivery: a duplicate
    assert again.pk == event.pk and InboundEvent.objects.count() == 1
    event = process_event(event_id=event.pk, user=None, source=Source.UI)
    assert (event.status, event.error_code, event.attempts) == (EventStatus.EXCEPTION, "total-mismatch", 2)
    assert not SalesOrder.objects.exists()


def test_a_matching_order_delivered_twice_is_stored_once(client, channel):
    sample_products()
    deliver(client, channel, shopify_order())
    deliver(client, channel, shopify_order())
    process_event(event_id=InboundEvent.objects.get().pk, user=None, source=Source.UI)
    assert SalesOrder.objects.count() == 1 and InboundEvent.objects.count() == 1


def test_an_order_level_discount_shopify_did_not_allocate_is_spread_across_the_lines(client, channel):
    sample_products()
    across = {"type": "discount_code", "value": "30.0", "value_type": "fixed_amount", "allocation_method": "across",
              "target_selection": "all", "target_type": "line_item", "code": "THIRTY"}  # fmt: skip
    payload = plain_order(discount_applications=[across], total_discounts="30.00", total_price="567.00")
    event = deliver(client, channel, payload)
    lines, _, total = money_of(event.order)
    assert [discount for _, _, discount, _ in lines] == [Decimal("10.00")] * 3 and total == Decimal("567.00")


def test_discount_allocations_on_the_lines_are_taken_once(client, channel):
    sample_products()
    payload = plain_order(total_discounts="30.00", total_price="567.00")
    for item, amount in zip(payload["line_items"], ("15.00", "10.00", "5.00"), strict=True):
        item["discount_allocations"] = [{"amount": amount, "discount_application_index": 0}]
    event = deliver(client, channel, payload)
    lines, _, total = money_of(event.order)
    assert [discount for _, _, discount, _ in lines] == [Decimal("15"), Decimal("10"), Decimal("5")]
    assert total == Decimal("567.00")


def test_the_shippings_tax_goes_on_the_lines_and_the_shipping_charge_stays_net(client, channel):
    sample_products()
    shipping = {"code": "Standard", "title": "Standard", "price": "10.00", "tax_lines": [{"price": "2.00"}]}
    payload = shopify_order()
    payload.update(
        shipping_lines=[shipping], tax_lines=[{"price": "13.94", "title": "State Tax"}], total_price="620.94"
    )
    event = deliver(client, channel, payload)
    lines, shipping_charge, total = money_of(event.order)
    assert shipping_charge == Decimal("10.00") and total == Decimal("620.94")
    assert sum(tax for *_, tax in lines) == Decimal("13.94")


def test_with_taxes_included_the_unit_price_is_net_and_the_total_is_shopifys(client, channel):
    sample_products()
    payload = plain_order(taxes_included=True, tax_lines=[{"price": "99.50", "title": "KDV"}])
    for item, tax in zip(payload["line_items"], ("33.17", "33.17", "33.16"), strict=True):
        item["tax_lines"] = [{"price": tax, "title": "KDV"}]
    event = deliver(client, channel, payload)
    lines, _, total = money_of(event.order)
    assert total == Decimal("597.00")
    assert [(unit, tax) for _, unit, _, tax in lines] == [
        (Decimal("165.83"), Decimal("33.17")),
        (Decimal("165.83"), Decimal("33.17")),
        (Decimal("165.84"), Decimal("33.16")),
    ]


def test_a_yen_order_is_checked_in_whole_yen(client, channel):
    sample_products()
    payload = plain_order(currency="JPY", total_price="3010")  # 10 yen off: more than a yen per line
    for item in payload["line_items"]:
        item["price"] = "1000"
    event = deliver(client, channel, payload)
    assert (event.status, event.error_data["channel_total"]) == (EventStatus.EXCEPTION, "3010")
    event = deliver(client, channel, {**payload, "total_price": "3000"}, delivery="wh-2")
    assert event.status == EventStatus.PROCESSED and event.order.grand_total == Decimal("3000")


def test_the_exception_queue_shows_both_totals(client, channel):
    sample_products()
    event = deliver(client, channel, recorded_shopify_order())
    client.force_login(user_with_role("manager"))
    html = client.get(reverse("channels:exceptions")).content.decode()
    assert f'id="event-{event.pk}"' in html and "Order total differs from the channel" in html
    assert '<dd data-total="channel">409.94 USD</dd>' in html
    assert '<dd data-total="computed">608.94 USD</dd>' in html


def test_staff_who_checked_the_difference_store_the_order_as_read_and_it_is_audited(client, channel):
    sample_products()
    event = deliver(client, channel, recorded_shopify_order())
    client.force_login(user_with_role("manager"))
    response = client.post(reverse("channels:accept_total", args=[event.pk]))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == EventStatus.PROCESSED and event.order.grand_total == Decimal("608.94")
    audit = AuditLog.objects.get(action="inbound_event.total_accepted")
    assert audit.data == {"computed": "608.94", "channel_total": "409.94", "currency": "USD"}
    changed = deliver(client, channel, {**recorded_shopify_order(), "total_price": "420.00"}, "upd", "orders/updated")
    assert (changed.status, changed.error_code) == (EventStatus.EXCEPTION, "total-mismatch")  # checked again


def test_only_an_order_waiting_on_its_total_can_have_its_total_accepted(channel):
    event = InboundEvent.objects.create(
        channel=channel, topic="orders/create", delivery_id="x", raw_body=body_of(shopify_order()),
        status=EventStatus.EXCEPTION, error_code="bad-address",
    )  # fmt: skip
    with pytest.raises(Conflict):
        accept_channel_total(event_id=event.pk, user=None, source=Source.UI)
    assert InboundEvent.objects.get(pk=event.pk).fixes == {}


def test_the_totals_on_the_exception_queue_read_in_turkish(client, channel):
    sample_products()
    deliver(client, channel, recorded_shopify_order())
    client.force_login(user_with_role("manager"))
    html = client.get(reverse("channels:exceptions"), HTTP_ACCEPT_LANGUAGE="tr").content.decode()
    assert "Sipariş toplamı kanalın toplamından farklı" in html and "Kanalın toplamı" in html
    assert '<dd data-total="channel">409,94 USD</dd>' in html and "The order adds up" not in html
