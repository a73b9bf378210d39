"""On a mapped floor a wave's stops follow the optimal walk (the pick-path rules), never longer than S-shape."""

from decimal import Decimal

import pytest

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.core.models import Source
from arkaofis.fulfilment.domain.pickpath import optimal_route
from arkaofis.fulfilment.models import PickBatch, PickLine
from arkaofis.fulfilment.services.routes import floor_of, walking_order
from arkaofis.fulfilment.services.waves import plan_wave
from arkaofis.fulfilment.tests.factories import released_order
from arkaofis.inventory.layout.services import Aisle, lay_out_aisle, set_warehouse_layout
from arkaofis.inventory.models import LayoutKind, Location
from arkaofis.inventory.services.locations import create_child_location, create_warehouse
from arkaofis.inventory.tests.factories import receive

pytestmark = pytest.mark.django_db


def mapped_warehouse(aisles=6):
    warehouse = create_warehouse(code="MAP", name="Mapped", user=None, source=Source.SYSTEM)
    set_warehouse_layout(
        warehouse=warehouse, kind=LayoutKind.SINGLE_BLOCK, aisle_length=Decimal("12.0"),
        depot_x=Decimal("2.0"), depot_y=Decimal(0), user=None, source=Source.SYSTEM,
    )  # fmt: skip
    zone = create_child_location(parent=Location.objects.get(code="MAP"), code="A", user=None, source=Source.SYSTEM)
    bins = []
    for number in range(1, aisles + 1):
        aisle = Aisle(number, Decimal("2.0") + Decimal("3.0") * (number - 1), 10, 1)
        bins += lay_out_aisle(zone=zone, aisle=aisle, user=None, source=Source.SYSTEM)
    return warehouse, bins


def test_a_wave_on_a_mapped_floor_walks_the_optimal_route_and_says_how_far():
    warehouse, bins = mapped_warehouse()
    chosen = [bins[i] for i in (5, 47, 13, 101, 88, 30, 66)]
    products = [ProductFactory() for _ in chosen]
    for product, bin_ in zip(products, chosen, strict=True):
        receive(product, bin_, 3)
    released_order(*[(product.sku, 1) for product in products])
    plan_wave(warehouse=warehouse, user=None, source="ui")
    batch = PickBatch.objects.get()
    walked = [stop.location for stop in PickLine.objects.filter(batch=batch).order_by("sequence")]
    floor = floor_of(warehouse)
    route = optimal_route(floor.layout, [floor.points[location.pk] for location in walked])
    assert float(batch.route_m) == pytest.approx(route.length, abs=0.01)
    assert floor.layout.walk([floor.points[location.pk] for location in walked]) == pytest.approx(route.length)
    assert batch.route_m <= batch.baseline_m


def test_bins_without_a_place_are_walked_by_sequence_after_the_placed_ones():
    warehouse, bins = mapped_warehouse(aisles=2)
    loose = Location.objects.create(
        code="MAP/A/LOOSE", name="loose", warehouse=warehouse, kind="bin", parent=bins[0].parent
    )
    walk = walking_order(warehouse=warehouse, locations=[loose, bins[3], bins[0]])
    assert walk.bins[-1] == loose and set(walk.bins[:2]) == {bins[0], bins[3]} and walk.metres > 0


def test_waves_group_by_carrier_cutoff_and_single_vs_multi_line_and_carts_shorten_the_walk():
    from datetime import time

    from arkaofis.fulfilment.models import CarrierAccount, Wave
    from arkaofis.fulfilment.services.waves import plan_waves

    CarrierAccount.objects.create(code="own", name="Own", is_default=True, cutoff_time=time(23, 58))
    CarrierAccount.objects.create(code="kurye", name="Kurye", shipping_methods="same day", cutoff_time=time(23, 57))
    warehouse, bins = mapped_warehouse()
    products = [ProductFactory() for _ in range(12)]
    for number, product in enumerate(products):
        receive(product, bins[(number * 17) % len(bins)], 50)
    for number in range(10):
        lines = [(products[(number + k) % 12].sku, 1) for k in range(1 + number % 3)]
        released_order(*lines, shipping_method="same day" if number < 3 else "")
    waves = plan_waves(warehouse=warehouse, cart_orders=3, user=None, source="ui")
    assert [wave.rule.split(" · ")[1] for wave in waves][:1] == ["kurye"]  # the sooner cut-off goes first
    assert sum(wave.shipments.count() for wave in waves) == 10
    for wave in Wave.objects.all():
        assert len({shipment.lines.count() == 1 for shipment in wave.shipments.all()}) == 1
        for batch in wave.batches.all():
            assert batch.shipments.count() <= 3 and batch.route_m is not None
