"""The layout screens: the floor plan with bins coloured by fill, a bin's contents, and the forms
that set the plan, in English and Turkish."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.core.tests.users import user_with_role
from arkaofis.inventory.layout.services import Aisle, BinPlace, lay_out_aisle, set_warehouse_layout
from arkaofis.inventory.models import Location
from arkaofis.inventory.services.locations import create_child_location, create_warehouse
from arkaofis.inventory.tests.factories import receive

pytestmark = pytest.mark.django_db


@pytest.fixture
def floor():
    """IST: 12 m aisles, two aisles of two bays a side (one level: 8 bins of 100 l); one bin 60 % full."""
    warehouse = create_warehouse(code="IST", name="İstanbul", user=None, source="cli")
    set_warehouse_layout(warehouse=warehouse, kind="single_block", aisle_length=D(12), depot_x=D("3.5"),
                         depot_y=D(0), user=None, source="cli")  # fmt: skip
    zone = create_child_location(
        parent=Location.objects.get(code="IST"), code="A", name="Picking", user=None, source="cli"
    )
    limits = BinPlace(capacity_volume_l=100)
    for number, x in ((1, D(2)), (2, D(5))):
        lay_out_aisle(zone=zone, aisle=Aisle(number, x, 2, 1, limits=limits), user=None, source="cli")
    bin_ = Location.objects.get(code="IST/A/A-01-01-1")
    receive(ProductFactory(sku="TEA-1", name="Black tea", volume_ml=2000), bin_, 30)
    return warehouse, zone, bin_


def signed_in(client, role):
    client.force_login(user_with_role(role))
    return client


def test_the_plan_draws_aisles_depot_and_every_bin_coloured_by_fill(client, floor):
    _, _, bin_ = floor
    page = signed_in(client, "viewer").get(reverse("inventory:layout", args=["IST"])).content.decode()
    assert page.count('<rect class="bin fill-') == 8
    assert page.count('class="aisle-line"') == 2 and page.count('class="cross-aisle"') == 2
    assert 'class="depot"' in page
    assert (
        f'href="{reverse("inventory:bin", args=[bin_.pk])}" data-bin="IST/A/A-01-01-1"><rect class="bin fill-medium"'
        in page
    )
    assert "IST/A/A-01-01-1 · 50–80 % · 60 %" in page
    assert '<span class="kpi-value" data-kpi="occupied">1 / 8</span>' in page
    assert "Change the floor plan" not in page  # a viewer reads, a manager changes


def test_the_plan_in_turkish_writes_svg_numbers_with_dots(client, floor):
    viewer = signed_in(client, "viewer")
    viewer.post(reverse("set_language"), {"language": "tr", "next": "/"})
    page = viewer.get(reverse("inventory:layout", args=["IST"])).content.decode()
    assert "Kat planı" in page and "Bölgelere göre doluluk" in page
    assert 'y="' in page and not __import__("re").search(r'(x|y|width|height)="\d+,\d', page)


def test_a_warehouse_without_a_plan_says_how_to_draw_one(client):
    create_warehouse(code="ANK", name="Ankara", user=None, source="cli")
    page = signed_in(client, "viewer").get(reverse("inventory:layout", args=["ANK"])).content.decode()
    assert 'id="not-mapped"' in page and '<svg class="floor-plan' not in page


def test_the_index_lists_each_warehouses_fill(client, floor):
    page = signed_in(client, "viewer").get(reverse("inventory:layout_index")).content.decode()
    assert reverse("inventory:layout", args=["IST"]) in page
    assert "1 (12 %)" in page and "8 %" in page  # one of 8 bins in use: 60 l of 800 l


def test_a_bins_page_lists_its_contents_and_fill(client, floor):
    _, _, bin_ = floor
    page = signed_in(client, "viewer").get(reverse("inventory:bin", args=[bin_.pk])).content.decode()
    assert "TEA-1" in page and "60 l / 100 l" in page and "60 %" in page
    assert "Aisle 1, bay 1, level 1 · x 2 m, y 0.60 m" in page


def test_a_manager_sets_the_floor_plan(client, floor):
    warehouse, _, _ = floor
    response = signed_in(client, "manager").post(
        reverse("inventory:set_layout", args=["IST"]),
        {
            "layout_kind": "multi_block",
            "aisle_length": "12",
            "middle_cross_aisles": "6",
            "depot_x": "0",
            "depot_y": "-1.5",
        },
    )
    assert response.status_code == 302
    warehouse.refresh_from_db()
    assert (warehouse.layout_kind, warehouse.middle_cross_aisles, warehouse.depot_y) == (
        "multi_block",
        ["6.00"],
        D("-1.50"),
    )


def test_a_refused_floor_plan_shows_the_reason_beside_the_field_and_changes_nothing(client, floor):
    warehouse, _, _ = floor
    manager = signed_in(client, "manager")
    manager.post(reverse("set_language"), {"language": "tr", "next": "/"})
    response = manager.post(
        reverse("inventory:set_layout", args=["IST"]),
        {"layout_kind": "single_block", "aisle_length": "1", "middle_cross_aisles": "", "depot_x": "1", "depot_y": "0"},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Hiçbir şey değiştirilmedi." in page and "koridor uzunluğunun ötesinde" in page
    warehouse.refresh_from_db()
    assert warehouse.aisle_length == D("12.00")


def test_a_manager_places_a_bin_and_a_bin_beyond_the_aisles_is_refused(client, floor):
    _, zone, _ = floor
    loose = create_child_location(parent=zone, code="LOOSE", user=None, source="cli")
    manager = signed_in(client, "manager")
    url = reverse("inventory:bin", args=[loose.pk])
    refused = manager.post(url, {"aisle": "1", "x": "2", "y": "20"})
    assert refused.status_code == 422 and "from 0 (front cross aisle) to 12.00 m" in refused.content.decode()
    assert (
        manager.post(url, {"aisle": "1", "level": "2", "x": "2", "y": "11.5", "capacity_units": "40"}).status_code
        == 302
    )
    loose.refresh_from_db()
    assert (loose.aisle, loose.level, loose.y, loose.capacity_units) == (1, 2, D("11.50"), 40)


def test_a_viewer_may_not_change_the_plan(client, floor):
    viewer = signed_in(client, "viewer")
    assert (
        viewer.post(reverse("inventory:set_layout", args=["IST"]), {"layout_kind": "single_block"}).status_code == 403
    )
    _, _, bin_ = floor
    viewer.post(reverse("inventory:bin", args=[bin_.pk]), {"aisle": "", "x": "", "y": ""})
    bin_.refresh_from_db()
    assert bin_.aisle == 1


def test_the_locations_tree_folds_a_zone_of_many_bins_until_it_is_opened_on_its_own(client, floor):
    _, zone, _ = floor
    lay_out_aisle(zone=zone, aisle=Aisle(3, D(8), 5, 6), user=None, source="cli")  # 60 more: 68 bins in zone A
    viewer = signed_in(client, "viewer")
    page = viewer.get(reverse("inventory:locations")).content.decode()
    assert "68 locations inside." in page and "A-03-01-1" not in page
    assert reverse("inventory:layout", args=["IST"]) in page
    opened = viewer.get(reverse("inventory:locations") + f"?at={zone.pk}").content.decode()
    assert "A-03-01-1" in opened and "locations inside." not in opened
