"""Every path that takes stock chooses the quants the allocation planner (inventory/domain.py)
chooses: the single reservation's SQL fast path and its locked slow path, the batch intake's
in-memory LockedStock, one order's reserve, a kit line, and a move out of a bin."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arkaofis.catalog.tests.factories import KitComponentFactory, ProductFactory
from arkaofis.inventory import domain
from arkaofis.inventory.exceptions import InsufficientStock
from arkaofis.inventory.models import Quant, Reservation, StockMove
from arkaofis.inventory.selectors import virtual_location
from arkaofis.inventory.services.ledger import post_move
from arkaofis.inventory.services.locked_stock import LockedStock
from arkaofis.inventory.services.reservations import quant_view, reserve_stock
from arkaofis.inventory.tests.factories import LocationFactory, LotFactory, WarehouseFactory, receive
from arkaofis.orders.services.batch_intake import receive_orders
from arkaofis.orders.services.reservation import reserve_order
from arkaofis.orders.tests.factories import make_order, order_in

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 1, 1, 9, tzinfo=UTC)


def fefo_shelf(product=None):
    """5 units expiring next year arrive first, then 5 expiring next month, on a FEFO bin."""
    product = product or ProductFactory(tracking="lot")
    shelf = LocationFactory(removal_strategy="fefo")
    next_year = LotFactory(product=product, code="NEXT-YEAR", expires_on=date(2027, 1, 31))
    next_month = LotFactory(product=product, code="NEXT-MONTH", expires_on=date(2026, 2, 28))
    receive(product, shelf, 5, lot=next_year, at=T0)
    receive(product, shelf, 5, lot=next_month, at=T0 + timedelta(days=1))
    return product, shelf


def lots_reserved(demand_prefix: str) -> list[tuple[str, int]]:
    rows = Reservation.objects.filter(demand_ref__startswith=demand_prefix, status="active").order_by("id")
    return [(r.lot.code if r.lot else "-", r.quantity) for r in rows]


def test_reserve_stock_takes_the_lot_expiring_first_on_a_fefo_bin():
    product, shelf = fefo_shelf()
    reserve_stock(product_id=product.pk, quantity=3, demand_ref="DEM-1", warehouse_id=shelf.warehouse_id)
    reserve_stock(product_id=product.pk, quantity=1, demand_ref="DEM-2")
    assert lots_reserved("DEM-") == [("NEXT-MONTH", 3), ("NEXT-MONTH", 1)]


def test_reserve_stock_splits_in_expiry_order_when_the_first_lot_falls_short():
    product, _ = fefo_shelf()
    reserve_stock(product_id=product.pk, quantity=7, demand_ref="DEM-1")
    assert sorted(lots_reserved("DEM-1")) == [("NEXT-MONTH", 5), ("NEXT-YEAR", 2)]


def test_an_order_reserved_on_its_own_takes_the_lot_expiring_first():
    product, _ = fefo_shelf()
    order = make_order((product.sku, 3))
    reserve_order(order_id=order.pk, user=None, source="system")
    assert lots_reserved(f"{order.number}/") == [("NEXT-MONTH", 3)]


def test_a_batch_of_orders_takes_the_lot_expiring_first():
    product, _ = fefo_shelf()
    [first, second] = receive_orders([order_in((product.sku, 3)), order_in((product.sku, 4))], user=None, source="api")
    assert lots_reserved(f"{first.order.number}/") == [("NEXT-MONTH", 3)]
    assert sorted(lots_reserved(f"{second.order.number}/")) == [("NEXT-MONTH", 2), ("NEXT-YEAR", 2)]


def test_a_kit_line_takes_its_components_lot_expiring_first_on_both_paths():
    product, shelf = fefo_shelf()
    kit = KitComponentFactory(component=product, quantity=1).kit
    box = KitComponentFactory(kit=kit, quantity=1).component  # a second component, no lots
    receive(box, LocationFactory(warehouse=shelf.warehouse), 10, at=T0)
    order = make_order((kit.sku, 2))
    reserve_order(order_id=order.pk, user=None, source="system")
    [batched] = receive_orders([order_in((kit.sku, 2))], user=None, source="api")
    assert lots_reserved(f"{order.number}/") == [("NEXT-MONTH", 2), ("-", 2)]
    assert lots_reserved(f"{batched.order.number}/") == [("NEXT-MONTH", 2), ("-", 2)]


def test_a_kit_line_short_of_one_component_holds_none_of_them_on_both_paths():
    plenty, scarce = ProductFactory(), ProductFactory()
    kit = KitComponentFactory(component=plenty, quantity=1).kit
    KitComponentFactory(kit=kit, component=scarce, quantity=2)
    receive(plenty, LocationFactory(), 10, at=T0)
    receive(scarce, LocationFactory(), 3, at=T0)
    order = make_order((kit.sku, 2))
    assert reserve_order(order_id=order.pk, user=None, source="system").status == "backordered"
    [batched] = receive_orders([order_in((kit.sku, 2))], user=None, source="api")
    assert batched.order.status == "backordered"
    assert not Reservation.objects.exists()


def test_moving_a_lot_tracked_product_out_of_a_fefo_bin_takes_the_lot_expiring_first():
    product, shelf = fefo_shelf()
    post_move(
        product=product, quantity=3, from_location=shelf, to_location=virtual_location("customer"), reason="shipment"
    )
    [move] = StockMove.objects.filter(reason="shipment")
    assert move.lot.code == "NEXT-MONTH"


# ---- differential: random stock, strategies and demands; every path chooses alike ----------

quant_specs = st.lists(
    st.tuples(
        st.integers(0, 2),  # bin
        st.integers(1, 8),  # units
        st.integers(0, 30),  # arrival day
        st.one_of(st.none(), st.integers(0, 400)),  # expiry day (None: undated lot)
    ),
    min_size=1,
    max_size=7,
)


def _stock(specs, strategies):
    product = ProductFactory(tracking="lot")
    first, second = WarehouseFactory(), WarehouseFactory()
    bins = [
        LocationFactory(warehouse=first, removal_strategy=strategies[0]),
        LocationFactory(warehouse=first, removal_strategy=strategies[1]),
        LocationFactory(warehouse=second, removal_strategy=strategies[2]),
    ]
    for n, (bin_no, units, day, expiry) in enumerate(specs):
        expires = None if expiry is None else date(2026, 1, 1) + timedelta(days=expiry)
        lot = LotFactory(product=product, code=f"L{n}", expires_on=expires)
        receive(product, bins[bin_no], units, lot=lot, at=T0 + timedelta(days=day, seconds=n))
    return product, [first.pk, second.pk]


def _planned(product_id: int, demand: domain.Demand) -> list[tuple[int, int]] | None:
    quants = Quant.objects.filter(product_id=product_id, warehouse__isnull=False).select_related("lot", "location")
    plan = domain.plan_takes([quant_view(q) for q in quants], [demand])
    return None if plan.short else [(take.quant_id, take.quantity) for take in plan.takes[0]]


def _by_reserve_stock(product_id: int, demand: domain.Demand) -> list[tuple[int, int]] | None:
    try:
        ids = reserve_stock(
            product_id=product_id, quantity=demand.quantity, demand_ref="DIFF", warehouse_id=demand.warehouse_id
        )
    except InsufficientStock:
        return None
    return list(Reservation.objects.filter(pk__in=ids).order_by("id").values_list("quant_id", "quantity"))


def _by_locked_stock(product_id: int, demand: domain.Demand) -> list[tuple[int, int]] | None:
    stock = LockedStock.lock([product_id])
    try:
        [takes] = stock.take_line([("SKU", demand)])
    except InsufficientStock:
        return None
    return [(take.slot.id, take.quantity) for take in takes]


def _rolled_back(path, product_id, demand):
    with transaction.atomic():
        chosen = path(product_id, demand)
        transaction.set_rollback(True)
    return chosen


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    specs=quant_specs,
    strategies=st.tuples(*[st.sampled_from(["fifo", "fefo"])] * 3),
    quantity=st.integers(1, 25),
    where=st.sampled_from([None, 0, 1]),
)
def test_single_path_batch_path_and_planner_choose_the_same_quants(specs, strategies, quantity, where):
    with transaction.atomic():
        product, warehouses = _stock(specs, strategies)
        demand = domain.Demand(product.pk, quantity, None if where is None else warehouses[where])
        planned = _planned(product.pk, demand)
        assert _rolled_back(_by_reserve_stock, product.pk, demand) == planned
        assert _rolled_back(_by_locked_stock, product.pk, demand) == planned
        transaction.set_rollback(True)
