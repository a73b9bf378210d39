"""Floor plans, placed bins and fill: the layout services, the model's checks (the admin) and the
selectors fulfilment reads."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.core.exceptions import Conflict
from arkaofis.core.models import AuditLog
from arkaofis.inventory.exceptions import InvalidLayout
from arkaofis.inventory.layout import selectors
from arkaofis.inventory.layout.services import Aisle, BinPlace, lay_out_aisle, place_bin, set_warehouse_layout
from arkaofis.inventory.models import Location, Warehouse
from arkaofis.inventory.services.locations import create_child_location, create_warehouse
from arkaofis.inventory.tests.factories import receive

pytestmark = pytest.mark.django_db


@pytest.fixture
def warehouse():
    warehouse = create_warehouse(code="IST", name="İstanbul", user=None, source="cli")
    return set_warehouse_layout(
        warehouse=warehouse, kind="single_block", aisle_length=D("12"), depot_x=D("5"), depot_y=D(0),
        user=None, source="cli",
    )  # fmt: skip


@pytest.fixture
def zone(warehouse):
    return create_child_location(parent=Location.objects.get(code="IST"), code="A", user=None, source="cli")


def test_laying_out_an_aisle_places_every_bin_on_its_centre_line_in_snake_order(zone):
    bins = lay_out_aisle(zone=zone, aisle=Aisle(2, D("5.0"), bays_per_side=3, levels=2), user=None, source="cli")
    assert len(bins) == 3 * 2 * 2
    first = Location.objects.get(code="IST/A/A-02-01-1")
    assert (first.aisle, first.bay, first.level, first.x, first.y, first.kind) == (2, 1, 1, D("5.00"), D("0.60"), "bin")
    assert Location.objects.get(code="IST/A/A-02-06-2").y == D("3.00")  # bays 5 and 6 face each other at the back
    # Aisle 2 is walked back to front: its first bins in the sequence stand at the back.
    assert [b.y for b in bins[:4]] == [D("3.00")] * 4
    assert AuditLog.objects.filter(action="location.aisle_laid_out").count() == 1


def test_an_aisle_longer_than_the_warehouses_aisles_is_refused_and_nothing_is_created(zone):
    with pytest.raises(InvalidLayout) as refused:
        lay_out_aisle(zone=zone, aisle=Aisle(1, D(2), bays_per_side=11, levels=1), user=None, source="cli")
    assert refused.value.data["errors"][0]["problem"] == "y-outside-aisle"
    assert not Location.objects.filter(kind="bin").exists()


def test_laying_out_the_same_aisle_twice_is_a_conflict(zone):
    lay_out_aisle(zone=zone, aisle=Aisle(1, D(2), bays_per_side=1, levels=1), user=None, source="cli")
    with pytest.raises(Conflict):
        lay_out_aisle(zone=zone, aisle=Aisle(1, D(2), bays_per_side=1, levels=1), user=None, source="cli")


def test_placing_a_bin_beyond_the_back_cross_aisle_is_refused_in_the_readers_language(zone):
    bin_ = create_child_location(parent=zone, code="X-1", user=None, source="cli")
    with translation.override("tr"), pytest.raises(InvalidLayout) as refused:
        place_bin(location=bin_, place=BinPlace(aisle=1, x=D(2), y=D("12.5")), user=None, source="cli")
    assert refused.value.status == 422
    with translation.override("en"):
        assert "from 0 (front cross aisle) to 12.00 m (back cross aisle)" in refused.value.localized()
    bin_.refresh_from_db()
    assert bin_.aisle is None and bin_.y is None


def test_a_zone_is_not_placed_in_an_aisle(zone):
    with pytest.raises(InvalidLayout) as refused:
        place_bin(location=zone, place=BinPlace(aisle=1, x=D(2), y=D(1)), user=None, source="cli")
    assert refused.value.data["errors"][0]["problem"] == "only-bins-have-a-place"


def test_a_placed_bin_keeps_its_limits_and_is_audited(zone):
    bin_ = create_child_location(parent=zone, code="X-1", user=None, source="cli")
    place = BinPlace(
        aisle=1, bay=3, level=2, x=D("2.004"), y=D(6), pick_sequence=7, capacity_units=40, capacity_volume_l=100
    )
    place_bin(location=bin_, place=place, user=None, source="cli")
    bin_.refresh_from_db()
    assert (bin_.x, bin_.capacity_units, bin_.capacity_weight_kg, bin_.pick_sequence) == (D("2.00"), 40, None, 7)
    assert AuditLog.objects.filter(action="location.place", object_id=str(bin_.pk)).exists()


def test_shortening_the_aisles_past_a_placed_bin_is_refused(warehouse, zone):
    lay_out_aisle(zone=zone, aisle=Aisle(1, D(2), bays_per_side=10, levels=1), user=None, source="cli")
    with pytest.raises(InvalidLayout) as refused:
        set_warehouse_layout(warehouse=warehouse, kind="single_block", aisle_length=D(6), depot_x=D(0), depot_y=D(0),
                             user=None, source="cli")  # fmt: skip
    assert refused.value.data["errors"][0]["problem"] == "bins-beyond"
    warehouse.refresh_from_db()
    assert warehouse.aisle_length == D("12.00")


def test_the_model_refuses_what_the_services_refuse_so_the_admin_does_too(warehouse, zone):
    bin_ = create_child_location(parent=zone, code="X-1", user=None, source="cli")
    bin_.aisle, bin_.x, bin_.y = 1, D(1), D(13)
    with pytest.raises(ValidationError) as refused:
        bin_.full_clean()
    assert "y" in refused.value.message_dict
    warehouse.depot_y = D(2)
    with pytest.raises(ValidationError) as refused:
        warehouse.full_clean()
    assert "depot_y" in refused.value.message_dict


def test_the_database_refuses_an_aisle_without_coordinates(zone):
    with pytest.raises(IntegrityError), transaction.atomic():
        Location.objects.create(code="IST/A/Z", name="Z", parent=zone, warehouse=zone.warehouse, kind="bin", aisle=1)


def test_warehouse_layout_is_a_plain_plan_of_aisles_depot_and_bins(warehouse, zone):
    lay_out_aisle(zone=zone, aisle=Aisle(1, D(2), bays_per_side=2, levels=1), user=None, source="cli")
    lay_out_aisle(zone=zone, aisle=Aisle(2, D(5), bays_per_side=2, levels=1), user=None, source="cli")
    create_child_location(parent=zone, code="LOOSE", user=None, source="cli")
    layout = selectors.warehouse_layout(warehouse)
    assert layout.mapped and layout.kind == "single_block"
    assert layout.depot == (5.0, 0.0) and layout.aisle_length == 12.0
    assert [(a.number, a.x, a.length) for a in layout.aisles] == [(1, 2.0, 12.0), (2, 5.0, 12.0)]
    assert len(layout.bins) == 9
    assert layout.bins[0].code == "IST/A/A-01-01-1" and layout.bins[0].y == 0.6
    assert layout.bins[-1].code == "IST/A/LOOSE" and layout.bins[-1].aisle is None  # unplaced, walked last
    assert all(0 <= b.y <= 12 for b in layout.bins if b.y is not None)


def test_a_warehouse_without_a_plan_is_not_mapped():
    warehouse = create_warehouse(code="ANK", name="Ankara", user=None, source="cli")
    layout = selectors.warehouse_layout(warehouse)
    assert not layout.mapped and layout.aisles == () and layout.depot is None


def test_fill_uses_product_volume_and_weight_and_counts_the_units_without_them(warehouse, zone):
    bins = lay_out_aisle(zone=zone, aisle=Aisle(1, D(2), bays_per_side=1, levels=1,
                                                limits=BinPlace(capacity_volume_l=100, capacity_weight_kg=50)),
                         user=None, source="cli")  # fmt: skip
    left, right = sorted(bins, key=lambda b: b.code)
    receive(ProductFactory(volume_ml=2000, weight_g=500), left, 30)  # 60 l, 15 kg
    receive(ProductFactory(volume_ml=None, weight_g=None), left, 4)
    fills, report = selectors.fill_report(warehouse)
    by_code = {f.location.code: f.fill for f in fills}
    fill = by_code[left.code]
    assert (fill.contents.units, fill.contents.volume_ml, fill.contents.weight_g) == (34, 60_000, 15_000)
    assert fill.contents.units_without_volume == 4 and fill.volume == 0.6 and fill.weight == 0.3 and fill.units is None
    assert by_code[right.code].band == "empty"
    assert report.fill.volume == 0.3 and report.fill.occupied == 1  # 60 l of the two bins' 200 l
    [zone_fill] = report.zones
    assert zone_fill.zone == zone and zone_fill.fill.bins == 2
    assert selectors.fill_of(left).volume == 0.6


def test_a_bin_without_any_limit_holds_stock_without_a_fill_ratio(warehouse, zone):
    bin_ = create_child_location(parent=zone, code="FREE", user=None, source="cli")
    receive(ProductFactory(volume_ml=1000), bin_, 3)
    fill = selectors.fill_of(bin_)
    assert fill.ratio is None and fill.band == "no-limit" and fill.contents.volume_ml == 3000


def test_a_huge_stock_of_large_products_does_not_overflow_the_volume_sum(warehouse, zone):
    bin_ = create_child_location(parent=zone, code="BULK", user=None, source="cli")
    receive(ProductFactory(volume_ml=1_000_000, weight_g=1_000_000), bin_, 5_000)  # 5e9 ml: past a 32-bit integer
    assert selectors.fill_of(bin_).contents.volume_ml == 5_000_000_000


def test_warehouse_rows_keep_their_plan_fields(warehouse):
    stored = Warehouse.objects.get(pk=warehouse.pk)
    assert (stored.layout_kind, stored.depot_x, stored.depot_y, stored.middle_cross_aisles) == (
        "single_block", D("5.00"), D("0.00"), [],
    )  # fmt: skip
