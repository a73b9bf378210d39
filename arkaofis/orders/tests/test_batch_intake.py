"""receive_orders: a batch created and reserved in one transaction, the same rows as one by one."""

from decimal import Decimal

import pytest

from arkaofis.catalog.tests.factories import KitComponentFactory, ProductFactory
from arkaofis.core.models import AuditLog, OutboxEvent
from arkaofis.inventory.invariants import ledger_breaks
from arkaofis.inventory.models import Quant, Reservation
from arkaofis.inventory.tests.factories import LocationFactory, WarehouseFactory, receive
from arkaofis.orders.models import RouteDistance, SalesOrder, SalesOrderLine
from arkaofis.orders.services.batch_intake import receive_orders
from arkaofis.orders.services.intake import AddressIn, OrderLineIn, receive_order
from arkaofis.orders.services.reservation import reserve_order
from arkaofis.orders.tests.factories import order_in

pytestmark = pytest.mark.django_db

ANKARA = AddressIn(name="Ali Veli", line1="Atatürk Blv. 5", city="Ankara", postal_code="06100", country="TR")


def _history(order: SalesOrder) -> tuple[list, list]:
    audits = AuditLog.objects.filter(object_type="orders.salesorder", object_id=str(order.pk)).order_by("id")
    events = [e for e in OutboxEvent.objects.order_by("id") if e.payload.get("number") == order.number]
    strip = lambda data: {k: v for k, v in data.items() if k not in ("number", "external_id")}  # noqa: E731
    return [(a.action, strip(a.data)) for a in audits], [(e.topic, strip(e.payload)) for e in events]


def _reservations(order: SalesOrder) -> list[tuple]:
    rows = Reservation.objects.filter(demand_ref__startswith=f"{order.number}/").order_by("demand_ref", "quant_id")
    return [(r.demand_ref.split("/", 1)[1], r.quant_id, r.quantity, r.warehouse_id, r.status) for r in rows]


def _lines(order: SalesOrder) -> list[tuple]:
    return list(order.lines.order_by("line_no").values_list("line_no", "quantity", "reserved_quantity", "warehouse_id"))


def test_a_batch_writes_what_receiving_and_reserving_one_by_one_writes():
    ist = LocationFactory(warehouse=WarehouseFactory(code="IST", priority=10))
    ank = LocationFactory(warehouse=WarehouseFactory(code="ANK", priority=20))
    RouteDistance.objects.create(warehouse=ist.warehouse, country="TR", postal_prefix="", distance_km=450)
    RouteDistance.objects.create(warehouse=ank.warehouse, country="TR", postal_prefix="06", distance_km=10)
    a, b, c = ProductFactory(), ProductFactory(), ProductFactory()
    receive(a, ank, 10)  # only ANK has a, only IST has c: the order splits (the api channel's policy)
    receive(b, ist, 10)
    receive(b, ank, 10)
    receive(c, ist, 2)

    def order(external_id: str):
        return order_in((a.sku, 2), (c.sku, 1), (b.sku, 3), external_id=external_id, shipping=ANKARA)

    one, _ = receive_order(order=order("one-by-one"), user=None, source="api")
    one = reserve_order(order_id=one.pk, user=None, source="api")
    [outcome] = receive_orders([order("batched")], user=None, source="api")
    batched = SalesOrder.objects.get(pk=outcome.order_id)

    assert outcome.created and outcome.status == batched.status == one.status == "reserved"
    assert (batched.warehouse_id, batched.route_reason, batched.route) == (
        one.warehouse_id,
        one.route_reason,
        one.route,
    )
    assert batched.warehouse_id is None
    assert [row[3] for row in _lines(batched)] == [ank.warehouse_id, ist.warehouse_id, ank.warehouse_id]
    assert _lines(batched) == _lines(one)
    assert [row[0] for row in _reservations(batched)] == ["L1", "L2", "L3"]
    assert [row[2:] for row in _reservations(batched)] == [row[2:] for row in _reservations(one)]
    assert _history(batched) == _history(one)
    assert (batched.grand_total, batched.subtotal) == (one.grand_total, one.subtotal)
    assert not ledger_breaks()


def test_the_first_order_of_a_batch_gets_the_last_units_and_the_next_is_backordered_with_the_numbers():
    shelf, scarce, plenty = LocationFactory(), ProductFactory(), ProductFactory()
    receive(scarce, shelf, 3)
    receive(plenty, shelf, 100)
    outcomes = receive_orders(
        [order_in((scarce.sku, 2), (plenty.sku, 1)), order_in((plenty.sku, 1), (scarce.sku, 2))],
        user=None,
        source="api",
    )
    assert [o.status for o in outcomes] == ["reserved", "backordered"]
    second = SalesOrder.objects.get(pk=outcomes[1].order_id)
    assert _lines(second)[0][2] == 1 and _lines(second)[1][2] == 0  # plenty held, scarce short
    backordered = AuditLog.objects.get(object_id=str(second.pk), action="order.backordered")
    assert backordered.data["short"] == [{"line": 2, "sku": scarce.sku, "wanted": 2, "available": 1}]
    quant = Quant.objects.get(product=scarce, location=shelf)
    assert (quant.on_hand, quant.reserved) == (3, 2)
    assert not ledger_breaks()


def test_duplicates_in_the_database_or_in_the_batch_change_nothing_and_bad_orders_stop_only_themselves():
    shelf, product = LocationFactory(), ProductFactory()
    receive(product, shelf, 10)
    there, _ = receive_order(order=order_in((product.sku, 1), external_id="A-1"), user=None, source="api")
    bad_line = order_in((product.sku, 1), external_id="A-4")
    bad_line = bad_line.__class__(**{**bad_line.__dict__, "lines": (OrderLineIn(product.sku, 0, Decimal(1)),)})
    outcomes = receive_orders(
        [
            order_in((product.sku, 1), external_id="A-1"),  # there already
            order_in((product.sku, 2), external_id="A-2"),  # new
            order_in((product.sku, 5), external_id="A-2"),  # the same order again in the batch
            order_in(("NO-SUCH-SKU", 1), external_id="A-3"),  # unknown SKU
            bad_line,  # quantity 0
        ],
        user=None,
        source="api",
    )
    assert [(o.created, o.error.code if o.error else None) for o in outcomes] == [
        (False, None), (True, None), (False, None), (False, "unknown-sku"), (False, "invalid-input"),
    ]  # fmt: skip
    assert outcomes[0].order_id == there.pk and outcomes[0].status == "confirmed"
    assert outcomes[2].order_id == outcomes[1].order_id
    assert SalesOrder.objects.count() == 2
    assert SalesOrderLine.objects.get(order_id=outcomes[1].order_id).quantity == 2
    assert Quant.objects.get(product=product, location=shelf).reserved == 2
    assert OutboxEvent.objects.filter(topic="order.created").count() == 2
    assert receive_orders([order_in((product.sku, 2), external_id="A-2")], user=None, source="api")[0].created is False


def test_a_kit_line_takes_every_component_or_none():
    shelf = LocationFactory()
    kit = ProductFactory(is_kit=True)
    left, right = ProductFactory(), ProductFactory()
    KitComponentFactory(kit=kit, component=left, quantity=2)
    KitComponentFactory(kit=kit, component=right, quantity=1)
    receive(left, shelf, 5)
    receive(right, shelf, 2)
    outcomes = receive_orders([order_in((kit.sku, 2)), order_in((kit.sku, 1))], user=None, source="api")
    assert [o.status for o in outcomes] == ["reserved", "backordered"]
    first = SalesOrder.objects.get(pk=outcomes[0].order_id)
    assert sorted(row[0] for row in _reservations(first)) == [f"L1/{left.sku}", f"L1/{right.sku}"]
    second = SalesOrder.objects.get(pk=outcomes[1].order_id)
    assert _reservations(second) == []  # left had 1 unit free, right none: neither is held
    assert {q.product_id: q.reserved for q in Quant.objects.filter(location=shelf)} == {left.pk: 4, right.pk: 2}


def test_a_demand_no_single_quant_covers_is_split_over_quants_and_without_reserve_nothing_is_held():
    first, product = LocationFactory(), ProductFactory()
    second = LocationFactory(warehouse=first.warehouse)
    receive(product, first, 2)
    receive(product, second, 2)
    [held] = receive_orders([order_in((product.sku, 3))], user=None, source="api")
    assert sum(row[2] for row in _reservations(SalesOrder.objects.get(pk=held.order_id))) == 3
    [kept] = receive_orders([order_in((product.sku, 1))], user=None, source="api", reserve=False)
    assert kept.status == "confirmed"
    assert sum(Quant.objects.filter(product=product).values_list("reserved", flat=True)) == 3
    assert not ledger_breaks()


def test_a_batch_past_the_lines_per_write_is_written_in_parts_with_the_same_outcomes(monkeypatch):
    monkeypatch.setattr("arkaofis.orders.services.batch_intake.MAX_LINES_PER_WRITE", 3)
    shelf, first, second = LocationFactory(), ProductFactory(), ProductFactory()
    receive(first, shelf, 4)
    receive(second, shelf, 10)
    batch = [order_in((first.sku, 2), (second.sku, 1), external_id=f"P-{n}") for n in range(3)]
    outcomes = receive_orders([*batch, batch[0]], user=None, source="api")
    assert [(o.created, o.status) for o in outcomes] == [
        (True, "reserved"), (True, "reserved"), (True, "backordered"), (False, "reserved"),
    ]  # fmt: skip
    assert outcomes[3].order_id == outcomes[0].order_id
    assert {q.product_id: q.reserved for q in Quant.objects.filter(location=shelf)} == {first.pk: 4, second.pk: 3}


def test_lots_are_held_soonest_expiry_first_in_a_fefo_location_as_one_by_one():
    from datetime import date

    from arkaofis.inventory.tests.factories import LotFactory

    product = ProductFactory(tracking="lot")
    shelf = LocationFactory(removal_strategy="fefo")
    late = LotFactory(product=product, expires_on=date(2027, 1, 1))
    soon = LotFactory(product=product, expires_on=date(2026, 12, 1))
    receive(product, shelf, 5, lot=late)
    receive(product, shelf, 5, lot=soon)
    [outcome] = receive_orders([order_in((product.sku, 7))], user=None, source="api")
    held = Reservation.objects.filter(demand_ref__startswith=outcome.number).order_by("id")
    assert sorted((r.lot_id, r.quantity) for r in held) == sorted([(soon.pk, 5), (late.pk, 2)])
    assert not ledger_breaks()
