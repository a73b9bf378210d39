"""Routing and backorder serving against the database (SQLite and PostgreSQL)."""

import pytest
from django.core.management import call_command

from arkaofis.catalog.tests.factories import KitComponentFactory, ProductFactory
from arkaofis.channels.tests.factories import ChannelFactory
from arkaofis.core.models import AuditLog
from arkaofis.inventory.models import Quant, Reservation, ReservationStatus
from arkaofis.inventory.selectors import virtual_location
from arkaofis.inventory.services.ledger import post_move
from arkaofis.inventory.tests.factories import LocationFactory, WarehouseFactory, receive
from arkaofis.orders.edits.services.editing import NewLine, OrderEdit, edit_order
from arkaofis.orders.exceptions import EditWouldOversell, OrderClosed
from arkaofis.orders.models import RouteDistance, SalesOrder
from arkaofis.orders.services.backorders import serve_backorders
from arkaofis.orders.services.batch_intake import receive_orders
from arkaofis.orders.services.intake import AddressIn
from arkaofis.orders.services.reservation import reserve_order
from arkaofis.orders.services.routing import route_order
from arkaofis.orders.tests.factories import make_order, order_in

pytestmark = pytest.mark.django_db

KADIKOY = AddressIn(name="Ayşe Yılmaz", line1="Bağdat Cd. 1", city="İstanbul", postal_code="34710", country="TR")


@pytest.fixture
def sites():
    """Two warehouses with a bin each: IST (priority 10) and ANK (priority 20)."""
    ist = LocationFactory(warehouse=WarehouseFactory(code="IST", priority=10))
    ank = LocationFactory(warehouse=WarehouseFactory(code="ANK", priority=20))
    return ist, ank


def distances(ist, ank, *, ist_km=12, ank_km=450):
    RouteDistance.objects.create(warehouse=ist.warehouse, country="TR", postal_prefix="34", distance_km=ist_km)
    RouteDistance.objects.create(warehouse=ist.warehouse, country="TR", postal_prefix="", distance_km=600)
    RouteDistance.objects.create(warehouse=ank.warehouse, country="TR", postal_prefix="", distance_km=ank_km)


def stock(product, location, quantity):
    receive(product, location, quantity)
    return product


def reserve(order):
    return reserve_order(order_id=order.pk, user=None, source="system")


def held_in(order):
    rows = Reservation.objects.filter(demand_ref__startswith=f"{order.number}/", status=ReservationStatus.ACTIVE)
    return sorted(rows.values_list("demand_ref", "warehouse__code"))


def test_reserving_routes_to_the_nearest_warehouse_that_ships_everything(sites):
    ist, ank = sites
    distances(ist, ank, ist_km=500, ank_km=450)  # ANK is nearer to this address, IST has better priority
    a, b = ProductFactory(), ProductFactory()
    for location in (ist, ank):
        stock(a, location, 5), stock(b, location, 5)
    order = reserve(make_order((a.sku, 1), (b.sku, 2), shipping=KADIKOY))
    assert order.status == "reserved"
    assert order.warehouse.code == "ANK"
    assert order.route_reason == "ANK ships all 2 lines; nearest to TR (450 km)"
    assert held_in(order) == [(f"{order.number}/L1", "ANK"), (f"{order.number}/L2", "ANK")]
    assert {line.warehouse_id for line in order.lines.all()} == {ank.warehouse_id}
    assert AuditLog.objects.filter(action="order.routed", object_id=str(order.pk)).exists()


def test_the_longest_postal_prefix_decides_the_distance(sites):
    ist, ank = sites
    distances(ist, ank)  # IST: 12 km to TR-34, 600 km elsewhere in TR
    a = ProductFactory()
    stock(a, ist, 5), stock(a, ank, 5)
    order = reserve(make_order((a.sku, 1), shipping=KADIKOY))
    assert order.warehouse.code == "IST"
    assert order.route_reason == "IST ships all 1 line; nearest to TR-34 (12 km)"
    izmir = AddressIn(name="Zeynep", city="İzmir", postal_code="35040", country="TR")
    other = reserve(make_order((a.sku, 1), shipping=izmir))
    assert other.warehouse.code == "ANK"


def test_without_distances_priority_decides(sites):
    ist, ank = sites
    a = ProductFactory()
    stock(a, ist, 5), stock(a, ank, 5)
    order = reserve(make_order((a.sku, 1), shipping=KADIKOY))
    assert order.warehouse.code == "IST"
    facts = {row["warehouse"]: row for row in order.route["candidates"]}
    assert facts["ANK"] == {
        "warehouse_id": ank.warehouse_id,
        "warehouse": "ANK",
        "distance_km": None,
        "zone": "",
        "priority": 20,
        "can_ship": [1],
        "ships_all": True,
        "lines": [],
    }


def test_a_split_order_reserves_each_line_in_its_own_warehouse(sites):
    ist, ank = sites
    a, b = stock(ProductFactory(), ist, 5), stock(ProductFactory(), ank, 5)
    order = reserve(make_order((a.sku, 1), (b.sku, 1), shipping=KADIKOY))
    assert order.status == "reserved"
    assert order.warehouse is None
    assert held_in(order) == [(f"{order.number}/L1", "IST"), (f"{order.number}/L2", "ANK")]
    assert order.route["lines"] == {"1": "IST", "2": "ANK"}
    assert "split into 2 shipments" in order.route_reason


def test_a_channel_ships_only_from_its_warehouses(sites):
    ist, ank = sites
    channel = ChannelFactory(code="trendyol-tr", kind="trendyol")
    channel.warehouses.set([ank.warehouse])
    a = ProductFactory()
    stock(a, ist, 5), stock(a, ank, 1)
    order = reserve(make_order((a.sku, 2), channel="trendyol-tr", shipping=KADIKOY))
    assert order.status == "backordered"
    assert [row["warehouse"] for row in order.route["candidates"]] == ["ANK"]
    assert {line.warehouse_id for line in order.lines.all()} == {ank.warehouse_id}
    assert Quant.objects.get(product=a, location=ist).reserved == 0


def test_a_channel_whose_only_warehouse_is_closed_reserves_nowhere(sites):
    """Its restriction holds even then: the order waits, it is not reserved "anywhere"."""
    ist, ank = sites
    channel = ChannelFactory(code="trendyol-tr", kind="trendyol")
    channel.warehouses.set([ank.warehouse])
    ank.warehouse.active = False
    ank.warehouse.save()
    a = stock(ProductFactory(), ist, 5)
    order = reserve(make_order((a.sku, 2), channel="trendyol-tr", shipping=KADIKOY))
    assert order.status == "backordered" and held_in(order) == []
    assert order.route_reason == "No active warehouse may ship this order's channel"
    [received] = receive_orders([order_in((a.sku, 1), channel="trendyol-tr")], user=None, source="api", reserve=True)
    assert received.status == "backordered" and Quant.objects.get(product=a, location=ist).reserved == 0


def test_a_line_added_to_a_split_order_is_routed_within_the_channels_warehouses(sites):
    ist, ank = sites
    izm = LocationFactory(warehouse=WarehouseFactory(code="IZM", priority=30))
    channel = ChannelFactory(code="trendyol-tr", kind="trendyol")
    channel.warehouses.set([ist.warehouse, ank.warehouse])
    a, b, c = stock(ProductFactory(), ist, 5), stock(ProductFactory(), ank, 5), ProductFactory()
    stock(c, izm, 5)
    order = reserve(make_order((a.sku, 1), (b.sku, 1), channel="trendyol-tr", shipping=KADIKOY))
    assert order.status == "reserved" and order.warehouse is None
    with pytest.raises(EditWouldOversell) as refused:  # C is only in IZM, which this channel may not ship from
        edit_order(order_id=order.pk, edit=OrderEdit(add=(NewLine(sku=c.sku, quantity=1),)), user=None, source="ui")
    assert refused.value.data["available"] == 0 and held_in(order) == [
        (f"{order.number}/L1", "IST"),
        (f"{order.number}/L2", "ANK"),
    ]
    stock(c, ank, 2)
    edit_order(order_id=order.pk, edit=OrderEdit(add=(NewLine(sku=c.sku, quantity=1),)), user=None, source="ui")
    order.refresh_from_db()
    assert held_in(order)[-1] == (f"{order.number}/L3", "ANK") and order.route["lines"]["3"] == "ANK"
    assert Quant.objects.get(product=c, location=izm).reserved == 0


def test_a_ship_complete_channel_backorders_in_one_warehouse_instead_of_splitting(sites):
    ist, ank = sites
    ChannelFactory(code="web", kind="woocommerce", split_policy="backorder")
    a, b = stock(ProductFactory(), ist, 5), ProductFactory()
    stock(b, ank, 5), stock(ProductFactory(), ank, 1)
    c = stock(ProductFactory(), ank, 5)
    order = reserve(make_order((a.sku, 1), (b.sku, 1), (c.sku, 1), channel="web", shipping=KADIKOY))
    assert order.status == "backordered"
    assert order.warehouse.code == "ANK"
    assert held_in(order) == [(f"{order.number}/L2", "ANK"), (f"{order.number}/L3", "ANK")]
    assert order.route["backordered"] == [1]


def test_a_kit_is_routed_by_its_components(sites):
    ist, ank = sites
    kit, bolt, nut = ProductFactory(is_kit=True), ProductFactory(), ProductFactory()
    KitComponentFactory(kit=kit, component=bolt, quantity=2)
    KitComponentFactory(kit=kit, component=nut, quantity=1)
    stock(bolt, ist, 10), stock(nut, ist, 1)  # IST is short of nuts for two kits
    stock(bolt, ank, 4), stock(nut, ank, 2)
    order = reserve(make_order((kit.sku, 2), shipping=KADIKOY))
    assert order.status == "reserved"
    assert order.warehouse.code == "ANK"


def test_a_backordered_line_is_routed_again_when_stock_arrives_elsewhere(sites):
    ist, ank = sites
    a = ProductFactory()
    order = reserve(make_order((a.sku, 2), shipping=KADIKOY))
    assert order.status == "backordered"
    stock(a, ank, 2)
    order = reserve(order)
    assert order.status == "reserved"
    assert held_in(order) == [(f"{order.number}/L1", "ANK")]


def test_an_unchanged_backorder_retry_writes_no_new_timeline_rows(sites):
    a = ProductFactory()
    order = reserve(make_order((a.sku, 2), shipping=KADIKOY))
    rows = AuditLog.objects.filter(object_id=str(order.pk)).count()
    assert reserve(order).status == "backordered"
    assert AuditLog.objects.filter(object_id=str(order.pk)).count() == rows


def test_route_order_stores_the_plan_and_refuses_released_orders(sites):
    ist, _ = sites
    a = stock(ProductFactory(), ist, 5)
    order = route_order(order_id=make_order((a.sku, 1), shipping=KADIKOY).pk, user=None, source="ui")
    assert order.warehouse_id == ist.warehouse_id
    assert order.lines.get().warehouse_id == ist.warehouse_id
    SalesOrder.objects.filter(pk=order.pk).update(status="released")
    with pytest.raises(OrderClosed):
        route_order(order_id=order.pk, user=None, source="ui")


def test_stock_arriving_serves_the_most_urgent_backorder_first_without_overselling(
    sites, django_capture_on_commit_callbacks
):
    ist, _ = sites
    a = ProductFactory()
    older = reserve(make_order((a.sku, 2), shipping=KADIKOY))
    newer = reserve(make_order((a.sku, 2), shipping=KADIKOY))
    urgent = make_order((a.sku, 2), shipping=KADIKOY, priority=5)
    urgent = reserve(urgent)
    assert {older.status, newer.status, urgent.status} == {"backordered"}
    with django_capture_on_commit_callbacks(execute=True):
        receive(a, ist, 4)  # enough for two of the three
    statuses = dict(SalesOrder.objects.values_list("pk", "status"))
    assert (statuses[urgent.pk], statuses[older.pk], statuses[newer.pk]) == ("reserved", "reserved", "backordered")
    assert Quant.objects.get(product=a, location=ist).reserved == 4


def test_stock_moving_inside_one_warehouse_does_not_count_as_an_arrival(sites, django_capture_on_commit_callbacks):
    ist, _ = sites
    a = ProductFactory()
    shelf = LocationFactory(warehouse=ist.warehouse)
    order = reserve(make_order((a.sku, 1), shipping=KADIKOY))
    receive(a, shelf, 1)  # outside the capture: no announcement
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        post_move(product=a, quantity=1, from_location=shelf, to_location=ist, reason="transfer")
    assert callbacks == []
    order.refresh_from_db()
    assert order.status == "backordered"


def test_one_transaction_of_many_arrivals_announces_once(sites, django_capture_on_commit_callbacks):
    ist, ank = sites
    a, b = ProductFactory(), ProductFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        receive(a, ist, 1), receive(b, ist, 1), receive(a, ank, 1)
    made = [getattr(cb, "callback", cb) for cb in callbacks]  # once_after_commit wraps each
    arrivals = [cb for cb in made if type(cb).__name__ == "_Arrivals"]
    assert len(arrivals) == 1
    assert arrivals[0].product_ids == {a.pk, b.pk}


def test_the_serve_backorders_command_serves_what_it_can(sites, capsys):
    ist, _ = sites
    a = ProductFactory()
    order = reserve(make_order((a.sku, 1), shipping=KADIKOY))
    post_move(product=a, quantity=1, from_location=virtual_location("supplier"), to_location=ist, reason="receipt")
    call_command("serve_backorders", "--sku", a.sku)
    assert "reserved=1" in capsys.readouterr().out
    order.refresh_from_db()
    assert order.status == "reserved"


def test_serving_stops_once_the_arrived_stock_is_all_held(sites):
    ist, _ = sites
    a = ProductFactory()
    waiting = [reserve(make_order((a.sku, 1), shipping=KADIKOY)) for _ in range(4)]
    receive(a, ist, 1)  # outside an on_commit capture: served only by the call below
    counts = serve_backorders(product_ids=[a.pk], user=None, source="system")
    assert counts == {"reserved": 1, "backordered": 0, "skipped": 0}  # the other three were not even tried
    assert SalesOrder.objects.get(pk=waiting[0].pk).status == "reserved"
