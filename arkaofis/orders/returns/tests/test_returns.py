"""Returns (RMA): open for shipped units only, receive into the returns location, inspect per
line (restock, quarantine, scrap), refund; every step audited and balanced in the ledger."""

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arkaofis.catalog.tests.factories import KitComponentFactory, ProductFactory
from arkaofis.core.exceptions import InvalidInput
from arkaofis.core.models import AuditLog, OutboxEvent
from arkaofis.fulfilment.models import Shipment
from arkaofis.fulfilment.services.shipping import ship_shipment
from arkaofis.fulfilment.tests.factories import released_order, stocked
from arkaofis.inventory.models import Quant, StockMove
from arkaofis.inventory.selectors import available_by_warehouse
from arkaofis.inventory.tests.factories import LocationFactory
from arkaofis.orders.exceptions import OrderNotShipped, ReturnClosed, ReturnExceedsShipped
from arkaofis.orders.models import SalesOrder
from arkaofis.orders.returns.services.inspection import inspect_return
from arkaofis.orders.returns.services.lifecycle import cancel_return, open_return, receive_return
from arkaofis.orders.services.intake import OrderLineIn
from arkaofis.orders.tests.factories import order_in
from arkaofis.work.models import Task

pytestmark = pytest.mark.django_db


def shipped_order(*lines, **fields):
    order = released_order(*lines, **fields)
    for shipment in Shipment.objects.filter(order=order):
        ship_shipment(shipment_id=shipment.pk, carrier="Aras", tracking_number="", user=None, source="system")
    return SalesOrder.objects.get(pk=order.pk)


def line(order, line_no):
    return order.lines.get(line_no=line_no)


def opened(order, *lines, reason="does not fit"):
    wanted = [(line(order, no).pk, quantity, "") for no, quantity in lines]
    return open_return(order_id=order.pk, lines=wanted, reason=reason, user=None, source="ui")


def receive_all(sales_return):
    received = {ln.pk: ln.quantity for ln in sales_return.lines.all()}
    return receive_return(return_id=sales_return.pk, received=received, user=None, source="ui")


def on_hand_at(product, code_suffix):
    quants = Quant.objects.filter(product=product, location__code__endswith=code_suffix)
    return sum(quants.values_list("on_hand", flat=True))


def test_a_return_is_opened_for_shipped_units_and_goes_to_the_warehouse_that_shipped_them():
    a, bin_ = stocked(5)
    order = shipped_order((a.sku, 3))
    sales_return = opened(order, (1, 2))
    assert (sales_return.status, sales_return.warehouse_id) == ("open", bin_.warehouse_id)
    assert sales_return.number.startswith("RMA-")
    assert AuditLog.objects.filter(action="return.opened", object_id=str(sales_return.pk)).exists()
    assert OutboxEvent.objects.get(topic="return.opened").payload["lines"] == [{"line": 1, "sku": a.sku, "quantity": 2}]


def test_returning_more_than_shipped_and_not_yet_returned_is_refused_with_the_numbers():
    a, _ = stocked(5)
    order = shipped_order((a.sku, 3))
    opened(order, (1, 2))
    with pytest.raises(ReturnExceedsShipped) as refused:
        opened(order, (1, 2))
    assert refused.value.data | {"wanted": 2, "returnable": 1, "shipped": 3, "returned": 0, "on_open_returns": 2} == (
        refused.value.data
    )


def test_an_order_not_shipped_cannot_be_returned():
    a, _ = stocked(5)
    order = released_order((a.sku, 1))
    with pytest.raises(OrderNotShipped):
        opened(order, (1, 1))


def test_bad_return_requests_change_nothing():
    a, _ = stocked(5)
    order = shipped_order((a.sku, 2))
    for bad in ([(line(order, 1).pk, 0, "")], [], [(999999, 1, "")]):
        with pytest.raises(InvalidInput):
            open_return(order_id=order.pk, lines=bad, reason="x", user=None, source="ui")
    with pytest.raises(InvalidInput):
        opened(order, (1, 1), reason="  ")
    assert not order.returns.exists()


def test_receiving_moves_what_arrived_from_the_customer_to_the_warehouses_returns_location():
    a, bin_ = stocked(5)
    order = shipped_order((a.sku, 3))
    sales_return = opened(order, (1, 3))
    return_line = sales_return.lines.get()
    received = receive_return(return_id=sales_return.pk, received={return_line.pk: 2}, user=None, source="ui")
    assert received.status == "received"
    return_line.refresh_from_db()
    assert return_line.received_quantity == 2
    assert line(order, 1).returned_quantity == 2
    dock = Quant.objects.get(product=a, location__code=f"{bin_.warehouse.code}/RETURNS")
    assert (dock.on_hand, dock.location.usage, dock.warehouse_id) == (2, "returns", None)
    assert available_by_warehouse(a.pk) == {bin_.warehouse_id: 2}  # on the dock is not for sale yet
    assert OutboxEvent.objects.filter(topic="return.received").count() == 1
    with pytest.raises(ReturnClosed):
        receive_all(received)


def test_receiving_nothing_or_more_than_announced_is_refused():
    a, _ = stocked(5)
    order = shipped_order((a.sku, 3))
    sales_return = opened(order, (1, 1))
    return_line = sales_return.lines.get()
    for bad in ({return_line.pk: 0}, {return_line.pk: 2}, {999999: 1}):
        with pytest.raises(InvalidInput):
            receive_return(return_id=sales_return.pk, received=bad, user=None, source="ui")
    assert not StockMove.objects.filter(reason="return").exists()


def test_inspection_restocks_quarantines_and_scraps_each_by_a_ledger_move_and_refunds():
    a, bin_ = stocked(10)
    b, _ = stocked(10, bin_)
    c, _ = stocked(10, bin_)
    order = shipped_order((a.sku, 2), (b.sku, 1), (c.sku, 1))
    sales_return = receive_all(opened(order, (1, 2), (2, 1), (3, 1)))
    inspection = Task.objects.get(kind="return_inspection", document_ref=sales_return.number)
    assert (inspection.status, inspection.warehouse_id) == ("open", bin_.warehouse_id)
    ids = {ln.order_line.line_no: ln.pk for ln in sales_return.lines.select_related("order_line")}
    closed = inspect_return(
        return_id=sales_return.pk,
        decisions={ids[1]: "restock", ids[2]: "quarantine", ids[3]: "scrap"},
        user=None,
        source="ui",
    )
    assert closed.status == "closed"
    inspection.refresh_from_db()
    assert inspection.status == "done"
    code = bin_.warehouse.code
    assert sum(Quant.objects.filter(product=a, warehouse__isnull=False).values_list("on_hand", flat=True)) == 10
    assert on_hand_at(b, f"{code}/QUARANTINE") == 1
    assert on_hand_at(c, "virtual/scrap") == 1
    assert available_by_warehouse(a.pk)[bin_.warehouse_id] == 10  # restocked: sellable again
    assert available_by_warehouse(b.pk)[bin_.warehouse_id] == 9  # quarantined: not counted
    assert closed.refund_amount == Decimal("40.00")  # 4 units at 10.00; shipping 0
    event = OutboxEvent.objects.get(topic="return.closed")
    assert event.payload["refund"] == "40.00" and event.payload["currency"] == "TRY"
    assert [d["decision"] for d in event.payload["lines"]] == ["restock", "quarantine", "scrap"]


def test_inspection_needs_a_decision_for_every_received_line_and_only_once():
    a, _ = stocked(5)
    order = shipped_order((a.sku, 2))
    sales_return = receive_all(opened(order, (1, 2)))
    with pytest.raises(InvalidInput):
        inspect_return(return_id=sales_return.pk, decisions={}, user=None, source="ui")
    pk = sales_return.lines.get().pk
    with pytest.raises(InvalidInput):
        inspect_return(return_id=sales_return.pk, decisions={pk: "sell-on-ebay"}, user=None, source="ui")
    inspect_return(return_id=sales_return.pk, decisions={pk: "restock"}, user=None, source="ui")
    with pytest.raises(ReturnClosed):
        inspect_return(return_id=sales_return.pk, decisions={pk: "restock"}, user=None, source="ui")


def _money_order(sku, quantity, *, price, discount, tax, shipping="0"):
    order = order_in((sku, quantity), shipping_charge=Decimal(shipping))
    money = {"unit_price": Decimal(price), "discount": Decimal(discount), "tax": Decimal(tax)}
    return replace(order, lines=(OrderLineIn(sku=sku, quantity=quantity, **money),))


def test_refunds_are_pro_rata_and_a_line_returned_in_parts_refunds_exactly_its_total():
    from arkaofis.orders.services.intake import receive_order
    from arkaofis.orders.services.release import release_order
    from arkaofis.orders.services.reservation import reserve_order

    a, _ = stocked(5)
    order, _ = receive_order(
        order=_money_order(a.sku, 3, price="10", discount="1", tax="1.80", shipping="5"), user=None, source="api"
    )
    reserve_order(order_id=order.pk, user=None, source="system")
    release_order(order_id=order.pk, user=None, source="system")
    for shipment in Shipment.objects.filter(order=order):
        ship_shipment(shipment_id=shipment.pk, carrier="Aras", tracking_number="", user=None, source="system")
    refunds = []
    for units in (1, 2):
        sales_return = receive_all(opened(order, (1, units)))
        pk = sales_return.lines.get().pk
        refunds.append(inspect_return(return_id=sales_return.pk, decisions={pk: "restock"}, user=None, source="ui"))
    assert [r.refund_amount for r in refunds] == [Decimal("10.27"), Decimal("20.53") + Decimal("5")]
    assert sum(r.refund_amount for r in refunds) == order.grand_total  # the whole order back: shipping too


def test_a_kit_line_returns_its_components():
    kit = ProductFactory(is_kit=True)
    bin_ = LocationFactory()
    bolt, _ = stocked(10, bin_)
    KitComponentFactory(kit=kit, component=bolt, quantity=2)
    order = shipped_order((kit.sku, 2))
    sales_return = receive_all(opened(order, (1, 1)))
    inspect_return(
        return_id=sales_return.pk, decisions={sales_return.lines.get().pk: "restock"}, user=None, source="ui"
    )
    assert available_by_warehouse(bolt.pk)[bin_.warehouse_id] == 8  # 10 − 4 shipped + 2 back


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.integers(1, 4), st.integers(0, 4), st.booleans()), min_size=1, max_size=6))
def test_returned_never_exceeds_shipped_and_shipped_never_exceeds_ordered(steps):
    """Random returns (opened, part received, inspected or not) keep every line within bounds."""
    a, _ = stocked(10)
    order = shipped_order((a.sku, 4))
    for wanted, arrived, inspect in steps:
        try:
            sales_return = opened(order, (1, wanted))
        except ReturnExceedsShipped:
            continue
        return_line = sales_return.lines.get()
        try:
            receive_return(return_id=sales_return.pk, received={return_line.pk: arrived}, user=None, source="ui")
        except InvalidInput:
            continue
        if inspect:
            inspect_return(return_id=sales_return.pk, decisions={return_line.pk: "restock"}, user=None, source="ui")
        order_line = line(order, 1)
        pending = sum(r.quantity for r in order_line.return_lines.filter(sales_return__status="open"))
        assert order_line.returned_quantity + pending <= order_line.shipped_quantity <= order_line.quantity


def test_a_lot_tracked_line_comes_back_with_the_lot_it_was_shipped_from():
    from arkaofis.inventory.tests.factories import LotFactory, receive

    product, bin_ = ProductFactory(tracking="lot"), LocationFactory()
    old, new = LotFactory(product=product, code="OLD"), LotFactory(product=product, code="NEW")
    receive(product, bin_, 2, lot=old)
    receive(product, bin_, 5, lot=new)
    order = shipped_order((product.sku, 3))
    shipped = dict(StockMove.objects.filter(reason="shipment").values_list("lot__code", "quantity"))
    sales_return = receive_all(opened(order, (1, 3)))
    inspect_return(
        return_id=sales_return.pk, decisions={sales_return.lines.get().pk: "restock"}, user=None, source="ui"
    )
    back = dict(StockMove.objects.filter(reason="return", to_location=bin_).values_list("lot__code", "quantity"))
    assert back == shipped
    assert dict(Quant.objects.filter(location=bin_).values_list("lot__code", "on_hand")) == {"OLD": 2, "NEW": 5}


def test_a_return_not_received_is_cancelled_and_its_units_may_be_returned_again():
    a, _ = stocked(5)
    order = shipped_order((a.sku, 3))
    first = opened(order, (1, 3))
    moves = StockMove.objects.count()
    cancelled = cancel_return(return_id=first.pk, reason="customer kept it", user=None, source="ui")
    assert (cancelled.status, cancelled.closed_at is not None) == ("cancelled", True)
    assert StockMove.objects.count() == moves  # nothing had moved, nothing moves
    assert OutboxEvent.objects.get(topic="return.cancelled").payload["reason"] == "customer kept it"
    assert opened(order, (1, 3)).status == "open"  # the 3 units are returnable again


def test_a_received_return_or_one_without_a_reason_is_not_cancelled():
    a, _ = stocked(5)
    order = shipped_order((a.sku, 2))
    sales_return = opened(order, (1, 1))
    with pytest.raises(InvalidInput):
        cancel_return(return_id=sales_return.pk, reason="  ", user=None, source="ui")
    receive_all(sales_return)
    with pytest.raises(ReturnClosed):
        cancel_return(return_id=sales_return.pk, reason="mistake", user=None, source="ui")
    sales_return.refresh_from_db()
    assert sales_return.status == "received"


@pytest.fixture
def shelves():
    """A warehouse set up as on the screens: its root location, a zone and two bins."""
    from arkaofis.inventory.models import Location
    from arkaofis.inventory.services.locations import create_child_location, create_warehouse

    create_warehouse(code="RTN", name="Returns test", user=None, source="cli")
    zone = create_child_location(parent=Location.objects.get(code="RTN"), code="A", user=None, source="cli")
    return [create_child_location(parent=zone, code=f"A-0{n}", user=None, source="cli") for n in (1, 2)]


def restock_all(sales_return):
    decisions = {ln.pk: "restock" for ln in sales_return.lines.all()}
    return inspect_return(return_id=sales_return.pk, decisions=decisions, user=None, source="ui")


def test_a_restocked_unit_goes_back_to_the_bin_holding_its_product_not_the_warehouse_root(shelves):
    a, _ = stocked(10, shelves[1])
    restock_all(receive_all(opened(shipped_order((a.sku, 2)), (1, 2))))
    assert on_hand_at(a, "RTN/A/A-02") == 10
    assert on_hand_at(a, "RTN") == 0  # the root location itself
    event = OutboxEvent.objects.get(topic="return.closed")
    assert event.payload["lines"][0]["location"] == "RTN/A/A-02"


def test_a_sold_out_product_goes_back_to_the_bin_it_last_left_from(shelves):
    a, _ = stocked(2, shelves[1])
    restock_all(receive_all(opened(shipped_order((a.sku, 2)), (1, 1))))
    assert on_hand_at(a, "RTN/A/A-02") == 1


def test_a_restocked_kit_puts_each_component_back_in_its_own_bin(shelves):
    kit = ProductFactory(is_kit=True)
    cup, saucer = stocked(5, shelves[0])[0], stocked(5, shelves[1])[0]
    KitComponentFactory(kit=kit, component=cup, quantity=1)
    KitComponentFactory(kit=kit, component=saucer, quantity=2)
    restock_all(receive_all(opened(shipped_order((kit.sku, 2)), (1, 1))))
    assert (on_hand_at(cup, "RTN/A/A-01"), on_hand_at(saucer, "RTN/A/A-02")) == (4, 3)
    event = OutboxEvent.objects.get(topic="return.closed")
    assert event.payload["lines"][0]["location"] == "RTN/A/A-01, RTN/A/A-02"
