from decimal import Decimal

import pytest

from arkaofis.catalog.exceptions import UnknownSku
from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.core.exceptions import InvalidInput
from arkaofis.core.models import AuditLog, OutboxEvent
from arkaofis.orders.models import Address, SalesOrder, SalesOrderLine
from arkaofis.orders.services.intake import OrderIn, OrderLineIn, receive_order
from arkaofis.orders.tests.factories import order_in

pytestmark = pytest.mark.django_db


def test_receiving_an_order_creates_it_confirmed_with_lines_totals_audit_and_event():
    product = ProductFactory()
    incoming = OrderIn(
        channel="shopify",
        external_id="1001",
        currency="USD",
        lines=(
            OrderLineIn(
                sku=product.sku, quantity=2, unit_price=Decimal("9.50"), discount=Decimal("1"), tax=Decimal("2")
            ),
        ),
        shipping_charge=Decimal("5"),
        tags=("vip",),
    )
    order, created = receive_order(order=incoming, user=None, source="channel")
    assert created
    assert order.status == "confirmed"
    assert order.number == f"SO-{order.pk:06d}"
    assert order.grand_total == Decimal("25.00")  # 19 − 1 + 2 + 5
    assert order.tags == ["vip"]
    line = order.lines.get()
    assert (line.line_no, line.product_id, line.quantity) == (1, product.pk, 2)
    assert AuditLog.objects.filter(action="order.created", object_id=str(order.pk)).exists()
    assert OutboxEvent.objects.get(topic="order.created").payload["number"] == order.number


def test_receiving_the_same_channel_order_twice_returns_the_first_and_changes_nothing():
    product = ProductFactory()
    incoming = order_in((product.sku, 1), channel="woo", external_id="77")
    first, created = receive_order(order=incoming, user=None, source="channel")
    counts = (SalesOrder.objects.count(), AuditLog.objects.count(), OutboxEvent.objects.count())
    again, created_again = receive_order(order=incoming, user=None, source="channel")
    assert created and not created_again
    assert again.pk == first.pk
    assert (SalesOrder.objects.count(), AuditLog.objects.count(), OutboxEvent.objects.count()) == counts


def test_the_same_external_id_on_another_channel_is_another_order():
    product = ProductFactory()
    a, _ = receive_order(order=order_in((product.sku, 1), channel="a", external_id="1"), user=None, source="api")
    b, _ = receive_order(order=order_in((product.sku, 1), channel="b", external_id="1"), user=None, source="api")
    assert a.pk != b.pk


def test_an_unknown_sku_is_refused_and_nothing_is_written():
    product = ProductFactory()
    with pytest.raises(UnknownSku) as refused:
        receive_order(order=order_in((product.sku, 1), ("NOPE-1", 2)), user=None, source="api")
    assert refused.value.data["sku"] == "NOPE-1"
    assert not SalesOrder.objects.exists()
    assert not SalesOrderLine.objects.exists()
    assert not Address.objects.exists()
    assert not AuditLog.objects.exists()
    assert not OutboxEvent.objects.exists()


@pytest.mark.parametrize(
    "fields",
    [{"currency": "try"}, {"payment_status": "maybe"}, {"shipping_charge": Decimal("-1")}],
)
def test_bad_order_fields_are_refused_with_the_field(fields):
    product = ProductFactory()
    with pytest.raises(InvalidInput):
        receive_order(order=order_in((product.sku, 1), **fields), user=None, source="api")
    assert not SalesOrder.objects.exists()


def test_a_line_with_zero_quantity_is_refused():
    product = ProductFactory()
    with pytest.raises(InvalidInput) as refused:
        receive_order(order=order_in((product.sku, 0)), user=None, source="api")
    assert refused.value.data["line"] == 1


def test_an_order_without_lines_is_refused():
    with pytest.raises(InvalidInput):
        receive_order(order=order_in(), user=None, source="api")


def test_totals_too_large_for_the_money_columns_are_refused():
    product = ProductFactory()
    huge = OrderIn(
        channel="api",
        external_id="big",
        currency="TRY",
        lines=(OrderLineIn(sku=product.sku, quantity=1_000_000, unit_price=Decimal("9999999.99")),),
    )
    with pytest.raises(InvalidInput):
        receive_order(order=huge, user=None, source="api")
    assert not SalesOrder.objects.exists()


def test_an_address_field_longer_than_its_column_is_refused():
    from arkaofis.orders.services.intake import AddressIn

    product = ProductFactory()
    with pytest.raises(InvalidInput) as refused:
        receive_order(
            order=order_in((product.sku, 1), billing=AddressIn(postal_code="9" * 40)), user=None, source="api"
        )
    assert refused.value.data["field"] == "postal_code"


def test_a_channel_line_quantity_past_one_move_is_refused_not_a_database_error():
    """A channel payload (not the API schema) may carry any number: 10^12 overflowed the line column."""
    product = ProductFactory()
    with pytest.raises(InvalidInput) as refused:
        receive_order(order=order_in((product.sku, 10**12)), user=None, source="channel")
    assert refused.value.data["line"] == 1
    assert not SalesOrder.objects.exists()
