"""Editing an order before release: every edit re-reserves in one transaction and is audited."""

from decimal import Decimal

import pytest

from arkaofis.catalog.exceptions import UnknownSku
from arkaofis.catalog.tests.factories import KitComponentFactory, ProductFactory
from arkaofis.core.exceptions import InvalidInput
from arkaofis.core.models import AuditLog, OutboxEvent
from arkaofis.inventory.models import Quant, Reservation, ReservationStatus
from arkaofis.inventory.tests.factories import LocationFactory, receive
from arkaofis.orders.edits.services.editing import LineChange, NewLine, OrderEdit, edit_order
from arkaofis.orders.exceptions import EditWouldOversell, OrderNotEditable
from arkaofis.orders.models import SalesOrder
from arkaofis.orders.services.cancellation import cancel_order
from arkaofis.orders.services.intake import AddressIn
from arkaofis.orders.services.release import release_order
from arkaofis.orders.services.reservation import reserve_order
from arkaofis.orders.tests.factories import make_order

pytestmark = pytest.mark.django_db


def stocked(quantity, location=None, **product_fields):
    product = ProductFactory(**product_fields)
    location = location or LocationFactory()
    if quantity:
        receive(product, location, quantity)
    return product, location


def held(order):
    """{demand_ref: units} of the order's active reservations."""
    rows = Reservation.objects.filter(demand_ref__startswith=f"{order.number}/", status=ReservationStatus.ACTIVE)
    result: dict[str, int] = {}
    for ref, quantity in rows.values_list("demand_ref", "quantity"):
        result[ref] = result.get(ref, 0) + quantity
    return result


def reserved_of(product):
    return sum(Quant.objects.filter(product=product).values_list("reserved", flat=True))


def reserved_order(*lines):
    order = make_order(*lines)
    return reserve_order(order_id=order.pk, user=None, source="system")


def edit(order, **fields):
    return edit_order(order_id=order.pk, edit=OrderEdit(**fields), user=None, source="api")


def quantities(order):
    return {line.line_no: (line.sku, line.quantity, line.reserved_quantity) for line in order.lines.all()}


def snapshot(order, *products):
    order.refresh_from_db()
    return (
        quantities(order),
        held(order),
        [reserved_of(product) for product in products],
        (order.status, order.subtotal, order.grand_total),
        AuditLog.objects.filter(action="order.edited").count(),
        OutboxEvent.objects.count(),
    )


def test_raising_a_quantity_of_a_reserved_order_reserves_the_new_quantity():
    a, _ = stocked(10)
    order = reserved_order((a.sku, 2))
    result = edit(order, change=(LineChange(line_no=1, quantity=5),))
    assert result.changed and result.order.status == "reserved"
    assert quantities(order) == {1: (a.sku, 5, 5)}
    assert held(order) == {f"{order.number}/L1": 5}
    assert reserved_of(a) == 5
    order.refresh_from_db()
    assert (order.subtotal, order.grand_total) == (Decimal("50.00"), Decimal("50.00"))


def test_lowering_a_quantity_gives_the_difference_back_to_stock():
    a, _ = stocked(10)
    order = reserved_order((a.sku, 6))
    edit(order, change=(LineChange(line_no=1, quantity=2),))
    assert quantities(order) == {1: (a.sku, 2, 2)}
    assert reserved_of(a) == 2


def test_adding_a_line_by_sku_reserves_it_and_numbers_it_after_the_others():
    a, bin_ = stocked(10)
    b, _ = stocked(10, bin_, sale_price=Decimal("7.50"), currency="TRY")
    order = reserved_order((a.sku, 1))
    edit(order, add=(NewLine(sku=b.sku, quantity=3),))
    assert quantities(order) == {1: (a.sku, 1, 1), 2: (b.sku, 3, 3)}
    assert held(order) == {f"{order.number}/L1": 1, f"{order.number}/L2": 3}
    order.refresh_from_db()
    assert order.subtotal == Decimal("10.00") + Decimal("22.50")


def test_removing_a_line_releases_its_stock_and_its_number_is_never_reused():
    a, bin_ = stocked(10)
    b, _ = stocked(10, bin_)
    order = reserved_order((a.sku, 1), (b.sku, 4))
    edit(order, remove=(2,))
    assert quantities(order) == {1: (a.sku, 1, 1)}
    assert reserved_of(b) == 0
    edit(order, add=(NewLine(sku=b.sku, quantity=1, unit_price=Decimal("5")),))
    assert quantities(order) == {1: (a.sku, 1, 1), 3: (b.sku, 1, 1)}
    assert held(order) == {f"{order.number}/L1": 1, f"{order.number}/L3": 1}


def test_removing_every_line_is_refused():
    a, _ = stocked(10)
    order = reserved_order((a.sku, 1))
    before = snapshot(order, a)
    with pytest.raises(InvalidInput):
        edit(order, remove=(1,))
    assert snapshot(order, a) == before


def test_changing_a_kit_line_re_reserves_each_component_times_the_bill_of_materials():
    kit = ProductFactory(is_kit=True)
    bolt, bin_ = stocked(20)
    nut, _ = stocked(20, bin_)
    KitComponentFactory(kit=kit, component=bolt, quantity=2)
    KitComponentFactory(kit=kit, component=nut, quantity=3)
    order = reserved_order((kit.sku, 1))
    edit(order, change=(LineChange(line_no=1, quantity=4),))
    assert held(order) == {f"{order.number}/L1/{bolt.sku}": 8, f"{order.number}/L1/{nut.sku}": 12}
    assert (reserved_of(bolt), reserved_of(nut)) == (8, 12)
    assert quantities(order) == {1: (kit.sku, 4, 4)}


def test_an_edit_that_would_oversell_a_reserved_order_is_refused_and_changes_nothing():
    a, bin_ = stocked(5)
    b, _ = stocked(10, bin_)
    order = reserved_order((a.sku, 2), (b.sku, 1))
    other = reserved_order((a.sku, 1))  # leaves 2 free: this order may grow to 4, not 6
    before = snapshot(order, a, b)
    with pytest.raises(EditWouldOversell) as refused:
        edit(
            order,
            change=(LineChange(line_no=1, quantity=6), LineChange(line_no=2, quantity=3)),
            shipping_method="express",
        )
    assert refused.value.data == {"order": order.number, "line": 1, "sku": a.sku, "wanted": 6, "available": 4}
    assert refused.value.status == 409
    assert snapshot(order, a, b) == before
    assert held(other) == {f"{other.number}/L1": 1}
    assert SalesOrder.objects.get(pk=order.pk).shipping_method == ""


def test_a_backordered_order_takes_the_edit_and_stays_backordered_when_still_short():
    a, bin_ = stocked(5)
    b, _ = stocked(1, bin_)
    order = reserved_order((a.sku, 2), (b.sku, 3))
    assert order.status == "backordered"
    result = edit(order, change=(LineChange(line_no=1, quantity=4),))
    assert result.order.status == "backordered"
    assert quantities(order) == {1: (a.sku, 4, 4), 2: (b.sku, 3, 0)}
    result = edit(order, change=(LineChange(line_no=2, quantity=1),))
    assert result.order.status == "reserved"
    assert quantities(order) == {1: (a.sku, 4, 4), 2: (b.sku, 1, 1)}


def test_a_confirmed_order_is_reserved_where_possible_after_a_line_edit():
    a, bin_ = stocked(3)
    order = make_order((a.sku, 1))
    result = edit(order, change=(LineChange(line_no=1, quantity=5),))
    assert result.order.status == "backordered"
    assert quantities(order) == {1: (a.sku, 5, 0)}
    result = edit(order, change=(LineChange(line_no=1, quantity=3),))
    assert result.order.status == "reserved" and reserved_of(a) == 3


def test_editing_only_the_notes_of_a_confirmed_order_reserves_nothing():
    a, _ = stocked(3)
    order = make_order((a.sku, 1))
    result = edit(order, notes="gift wrap", tags=("vip",), priority=5)
    assert result.order.status == "confirmed" and reserved_of(a) == 0
    order.refresh_from_db()
    assert (order.notes, order.tags, order.priority) == ("gift wrap", ["vip"], 5)


def test_changing_the_address_and_shipping_method_is_audited_without_the_address_itself():
    a, _ = stocked(3)
    order = reserved_order((a.sku, 1))
    old_address = order.shipping_id
    new = AddressIn(name="Ayşe Yılmaz", line1="Moda Cd. 5", city="İstanbul", postal_code="34710", country="TR")
    result = edit(order, shipping=new, shipping_method="express", shipping_charge=Decimal("4.90"))
    order.refresh_from_db()
    assert (order.shipping.line1, order.shipping.postal_code, order.shipping_method) == (
        "Moda Cd. 5",
        "34710",
        "express",
    )
    assert order.shipping_id != old_address  # the old row stays as it was
    assert order.grand_total == Decimal("14.90")
    assert result.changes["shipping"] == {"changed": ["line1", "postal_code"]}
    audit = AuditLog.objects.get(action="order.edited")
    assert "Moda" not in str(audit.data)
    assert audit.data["changes"]["shipping_method"] == ["", "express"]
    assert audit.data["changes"]["totals"]["grand_total"] == ["10.0000", "14.9000"]
    assert held(order) == {f"{order.number}/L1": 1}  # untouched lines keep their reservations


def test_an_edit_writes_one_audit_row_with_the_diff_and_one_order_updated_event():
    a, _ = stocked(10)
    order = reserved_order((a.sku, 2))
    edit(order, change=(LineChange(line_no=1, quantity=3, unit_price=Decimal("12.00")),))
    audit = AuditLog.objects.get(action="order.edited", object_id=str(order.pk))
    assert audit.source == "api"
    assert audit.data["changes"]["lines"] == [
        {"line": 1, "sku": a.sku, "quantity": [2, 3], "unit_price": ["10.0000", "12.0000"]}
    ]
    event = OutboxEvent.objects.get(topic="order.updated", payload__change="order.edited")
    assert event.payload["number"] == order.number
    assert event.payload["changes"]["lines"][0]["quantity"] == [2, 3]


def test_an_edit_that_changes_nothing_writes_nothing():
    a, _ = stocked(10)
    order = reserved_order((a.sku, 2))
    edit(order, change=(LineChange(line_no=1, quantity=3),))
    before = snapshot(order, a)
    result = edit(order, change=(LineChange(line_no=1, quantity=3),), shipping_method="")
    assert not result.changed
    assert snapshot(order, a) == before


@pytest.mark.parametrize("status", ["released", "cancelled"])
def test_an_order_released_or_cancelled_cannot_be_edited(status):
    a, _ = stocked(10)
    order = reserved_order((a.sku, 2))
    if status == "released":
        release_order(order_id=order.pk, user=None, source="ui")
    else:
        cancel_order(order_id=order.pk, user=None, source="ui")
    before = snapshot(order, a)
    with pytest.raises(OrderNotEditable) as refused:
        edit(order, change=(LineChange(line_no=1, quantity=1),))
    assert refused.value.data == {"order": order.number, "order_status": status}
    assert snapshot(order, a) == before


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"change": (LineChange(line_no=9, quantity=1),)}, InvalidInput),
        ({"change": (LineChange(line_no=1, quantity=0),)}, InvalidInput),
        ({"change": (LineChange(line_no=1, quantity=2),), "remove": (1,)}, InvalidInput),
        ({"add": (NewLine(sku="NO-SUCH-SKU", quantity=1),)}, UnknownSku),
        ({"add": (NewLine(sku="X", quantity=-1),)}, InvalidInput),
        ({"shipping": AddressIn(country="Turkey")}, InvalidInput),
        ({"shipping_method": "x" * 65}, InvalidInput),
        ({"priority": 10**6}, InvalidInput),
        ({"change": (LineChange(line_no=1, unit_price=Decimal("-1")),)}, InvalidInput),
    ],
)
def test_bad_edits_are_refused_and_change_nothing(fields, error):
    a, _ = stocked(10)
    order = reserved_order((a.sku, 2))
    before = snapshot(order, a)
    with pytest.raises(error):
        edit(order, **fields)
    assert snapshot(order, a) == before


def test_a_new_line_in_another_currency_needs_a_price():
    a, bin_ = stocked(10)
    euro, _ = stocked(10, bin_, currency="EUR", sale_price=Decimal("3"))
    order = reserved_order((a.sku, 1))
    with pytest.raises(InvalidInput):
        edit(order, add=(NewLine(sku=euro.sku, quantity=1),))
    edit(order, add=(NewLine(sku=euro.sku, quantity=1, unit_price=Decimal("99")),))
    assert quantities(order)[2] == (euro.sku, 1, 1)
