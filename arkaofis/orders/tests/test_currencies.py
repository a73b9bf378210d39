"""An order's totals and refunds are in its currency's minor unit: whole yen, dinars to the fils (0.001);
an order in a currency not in use is refused."""

from dataclasses import replace
from decimal import Decimal

import pytest
from django.urls import reverse

from arkaofis.core.tests.api_support import as_role, assert_problem
from arkaofis.core.tests.users import user_with_role
from arkaofis.fulfilment.models import Shipment
from arkaofis.fulfilment.services.shipping import ship_shipment
from arkaofis.fulfilment.tests.factories import stocked
from arkaofis.orders import domain
from arkaofis.orders.returns.services.inspection import inspect_return
from arkaofis.orders.returns.services.lifecycle import open_return, receive_return
from arkaofis.orders.services.intake import OrderLineIn, receive_order
from arkaofis.orders.services.release import release_order
from arkaofis.orders.services.reservation import reserve_order
from arkaofis.orders.tests.factories import order_in

pytestmark = pytest.mark.django_db


def shipped(sku, *, currency, quantity, unit_price, discount, shipping="0"):
    line = OrderLineIn(sku=sku, quantity=quantity, unit_price=Decimal(unit_price), discount=Decimal(discount))
    wanted = replace(order_in((sku, quantity), currency=currency), lines=(line,), shipping_charge=Decimal(shipping))
    order, _ = receive_order(order=wanted, user=None, source="api")
    reserve_order(order_id=order.pk, user=None, source="system")
    release_order(order_id=order.pk, user=None, source="system")
    for shipment in Shipment.objects.filter(order=order):
        ship_shipment(shipment_id=shipment.pk, carrier="Aras", tracking_number="", user=None, source="system")
    order.refresh_from_db()
    return order


def refund(order, units):
    line = order.lines.get()
    opened = open_return(order_id=order.pk, lines=[(line.pk, units, "")], reason="too big", user=None, source="ui")
    received = receive_return(
        return_id=opened.pk, received={ln.pk: units for ln in opened.lines.all()}, user=None, source="ui"
    )
    decided = {ln.pk: "restock" for ln in received.lines.all()}
    return inspect_return(return_id=received.pk, decisions=decided, user=None, source="ui")


def test_refund_in_jpy_has_no_minor_unit():
    product, _ = stocked(5)
    order = shipped(product.sku, currency="JPY", quantity=3, unit_price="1000", discount="100", shipping="500")
    first, rest = refund(order, 1), refund(order, 2)
    assert (first.refund_amount, rest.refund_amount) == (Decimal("967"), Decimal("1933") + Decimal("500"))
    assert first.lines.get().refund_amount == Decimal("967")  # not 966.67: a yen has no cents
    assert first.refund_amount + rest.refund_amount == order.grand_total  # the whole order back, shipping too


def test_refund_in_kwd_has_three_decimals():
    product, _ = stocked(5)
    order = shipped(product.sku, currency="KWD", quantity=3, unit_price="1.234", discount="0.100")
    first, rest = refund(order, 1), refund(order, 2)
    assert (first.refund_amount, rest.refund_amount) == (Decimal("1.201"), Decimal("2.401"))  # not 1.20 and 2.40
    assert first.refund_amount + rest.refund_amount == order.grand_total


def test_a_line_refund_rounds_in_the_currency_it_is_given():
    line = {"units": 1, "already_refunded": 0, "quantity": 3, "unit_price": Decimal("10"), "discount": Decimal("1")}
    refunds = {code: domain.line_refund(**line, tax=Decimal("0"), currency=code) for code in ("JPY", "EUR", "KWD")}
    assert refunds == {"JPY": Decimal("10"), "EUR": Decimal("9.67"), "KWD": Decimal("9.667")}


def test_the_screens_show_a_yen_order_and_its_refund_in_whole_yen(client):
    product, _ = stocked(5)
    order = shipped(product.sku, currency="JPY", quantity=3, unit_price="1000", discount="100", shipping="500")
    sales_return = refund(order, 1)
    client.force_login(user_with_role("manager"))
    detail = client.get(reverse("orders:detail", args=[order.number])).content.decode()
    assert "<strong>3,400 JPY</strong>" in detail and "3,400.00" not in detail
    page = client.get(reverse("returns:detail", args=[sales_return.number])).content.decode()
    assert '<strong id="refund-amount">967 JPY</strong>' in page


def test_the_api_shows_order_totals_in_the_currencys_minor_unit_and_refuses_a_retired_currency():
    product, _ = stocked(5)
    api = as_role("manager")
    line = {"sku": product.sku, "quantity": 3, "unit_price": "333.3333"}
    address = {"name": "Aiko", "line1": "1-1 Chiyoda", "city": "Tokyo", "country": "JP"}
    body = {"external_id": "JP-1", "currency": "JPY", "lines": [line], "shipping": address}
    created = api.post("/orders", body)
    assert created.status_code == 201, created.content
    assert (created.json()["grand_total"], created.json()["subtotal"]) == ("1000", "1000")  # 999.9999 stored
    assert created.json()["lines"][0]["unit_price"] == "333.3333"  # unit prices keep four decimals
    assert_problem(api.post("/orders", {**body, "external_id": "TR-1", "currency": "TRL"}), 422)
