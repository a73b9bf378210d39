"""Slotting over real rows: a mapped warehouse, stock received into placed bins, orders released, waved and
picked through the floor's services; then the suggestion, its screen (English and Turkish) and its API.

The floor: aisles 1 (x = 0) and 2 (x = 10), 10 m long, the depot at x = 0 two metres in front of the front
cross aisle. NEAR (aisle 1, y = 1) costs 2 × (0 + 1 + 2) = 6 m there and back; FAR (aisle 2, y = 9)
2 × (10 + 9 + 2) = 42 m.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.core.tests.api_support import as_role, assert_problem
from arkaofis.core.tests.test_turkish_screens import english_words, visible_text
from arkaofis.core.tests.users import user_with_role
from arkaofis.fulfilment.models import PickLine, Shipment
from arkaofis.fulfilment.services.picking import confirm_pick
from arkaofis.fulfilment.services.waves import plan_wave
from arkaofis.fulfilment.slotting.exceptions import FloorNotMapped
from arkaofis.fulfilment.slotting.selectors import slotting_report
from arkaofis.fulfilment.tests.factories import released_order
from arkaofis.inventory.layout.services import BinPlace, place_bin, set_warehouse_layout
from arkaofis.inventory.models import Location
from arkaofis.inventory.tests.factories import LocationFactory, WarehouseFactory, receive

pytestmark = pytest.mark.django_db


def placed(warehouse, code, aisle, x, y, **limits):
    location = LocationFactory(warehouse=warehouse, code=code, name=code)
    place = BinPlace(aisle=aisle, x=Decimal(x), y=Decimal(y), **limits)
    return place_bin(location=location, place=place, user=None, source="system")


@pytest.fixture
def floor():
    """FAST (picked three times) sits in FAR, SLOW (picked once) in NEAR."""
    warehouse = WarehouseFactory(code="DEPO")
    set_warehouse_layout(
        warehouse=warehouse, kind="single_block", aisle_length=Decimal(10), depot_x=Decimal(0), depot_y=Decimal(-2),
        user=None, source="system",
    )  # fmt: skip
    near, far = placed(warehouse, "NEAR", 1, "0", "1"), placed(warehouse, "FAR", 2, "10", "9")
    fast, slow = ProductFactory(sku="FAST", name="Fast tea"), ProductFactory(sku="SLOW", name="Slow jam")
    receive(fast, far, 20)
    receive(slow, near, 20)
    for sku in ("FAST", "FAST", "FAST", "SLOW"):  # one order a trip
        order = released_order((sku, 1))
        plan_wave(warehouse=warehouse, user=None, source="system")
        for stop in PickLine.objects.filter(shipment__order=order).select_related("location", "product"):
            confirm_pick(
                pick_line_id=stop.pk, bin_scan=stop.location.code, item_scan=stop.product.sku, quantity=stop.remaining,
                user=None, source="system",
            )  # fmt: skip
    assert Shipment.objects.filter(status="picked").count() == 4
    return warehouse


def test_the_fast_seller_swaps_into_the_near_bin_and_the_past_trips_say_what_it_saves(floor):
    report = slotting_report(floor)
    (move,) = report.slotting.moves
    assert (move.sku, move.origin.code, move.target.code, move.partner.sku) == ("FAST", "FAR", "NEAR", "SLOW")
    assert (move.picks, move.partner.picks, move.metres_nearer) == (3, 1, pytest.approx(36.0))
    replay = report.slotting.replay
    assert (replay.trips, replay.picks, replay.off_plan) == (4, 4, 0)
    assert replay.metres_now == pytest.approx(3 * 42 + 6)
    assert replay.metres_after == pytest.approx(3 * 6 + 42)
    assert replay.saving == pytest.approx(72.0) == move.saving
    assert (report.bins, report.products, report.names[move.product]) == (2, 2, "Fast tea")


def test_picks_older_than_the_window_are_not_replayed(floor):
    report = slotting_report(floor, days=30, now=timezone.now() + timedelta(days=31))
    assert report.slotting.moves == () and report.slotting.replay.trips == 0


def test_a_full_near_bin_keeps_its_stock_when_the_swap_would_overflow_the_far_one(floor):
    far = Location.objects.get(code="FAR")
    place_bin(location=far, place=BinPlace(aisle=2, x=Decimal(10), y=Decimal(9), capacity_units=10), user=None,
              source="system")  # fmt: skip
    assert slotting_report(floor).slotting.moves == ()  # SLOW's 20 units would not fit into FAR's 10


def test_a_warehouse_without_a_floor_plan_is_refused_with_what_to_do():
    warehouse = WarehouseFactory(code="PLAIN")
    LocationFactory(warehouse=warehouse)
    with pytest.raises(FloorNotMapped) as raised:
        slotting_report(warehouse)
    assert "PLAIN has no floor plan to walk yet" in raised.value.localized()


def test_the_screen_shows_the_move_why_and_the_walks_in_english_and_turkish(client, floor):
    client.force_login(user_with_role("manager"))
    page = client.get(reverse("floor:slotting:index"), {"warehouse": "DEPO", "days": 30})
    text = page.content.decode()
    assert page.status_code == 200
    assert 'data-sku="FAST"' in text and "Picked 3 times; NEAR is 36 m nearer there and back." in text
    assert "SLOW (picked once) swaps into FAR." in text
    assert 'data-kpi="saving"' in text and "72" in text and 'class="bar-fill bar-fill-after"' in text
    turkish = client.get(
        reverse("floor:slotting:index"), {"warehouse": "DEPO", "days": 30}, HTTP_ACCEPT_LANGUAGE="tr"
    ).content.decode()
    assert not english_words(visible_text(turkish), ["Fast tea", "Slow jam", "FAST", "SLOW", "NEAR", "FAR", "DEPO"])
    assert "Raf yerleşimi" in turkish and "3 kez toplandı; NEAR gidiş-dönüş 36 m daha yakın." in turkish
    assert reverse("floor:slotting:index") in client.get(reverse("floor:hub")).content.decode()


def test_the_screen_says_when_the_floor_is_not_mapped_and_refuses_a_bad_window(client):
    WarehouseFactory(code="PLAIN")
    client.force_login(user_with_role("manager"))
    page = client.get(reverse("floor:slotting:index"))
    assert page.status_code == 200 and 'id="slotting-problem"' in page.content.decode()
    bad = client.get(reverse("floor:slotting:index"), {"warehouse": "PLAIN", "days": 0})
    assert bad.status_code == 422


def test_the_floor_staff_may_not_open_slotting(client, floor):
    client.force_login(user_with_role("warehouse"))
    assert client.get(reverse("floor:slotting:index")).status_code == 403
    assert reverse("floor:slotting:index") not in client.get(reverse("floor:hub")).content.decode()


def test_the_api_answers_the_moves_and_the_replayed_walks(floor):
    response = as_role("manager").get("/slotting/DEPO", days=30)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["moves"] == [
        {
            "sku": "FAST", "name": "Fast tea", "picks": 3, "from_bin": "FAR", "to_bin": "NEAR",
            "swap_with": {"sku": "SLOW", "picks": 1}, "metres_nearer": 36.0, "estimated_saving_m": 72.0,
            "saving_m": 72.0,
        }
    ]  # fmt: skip
    assert body["replay"] == {
        "trips": 4, "pick_lines": 4, "pick_lines_off_plan": 0, "metres_now": 132.0, "metres_after": 60.0,
        "saving_m": 72.0, "saving_pct": 54.55,
    }  # fmt: skip
    assert (body["warehouse"], body["days"], body["placed_bins"], body["stored_products"]) == ("DEPO", 30, 2, 2)


def test_the_api_refuses_bad_input_as_problems(floor):
    manager = as_role("manager")
    assert_problem(manager.get("/slotting/NOWHERE"), 404, "unknown-warehouse")
    assert_problem(manager.get("/slotting/DEPO", days=0), 422)
    assert_problem(manager.get("/slotting/DEPO", days="many"), 422)
    WarehouseFactory(code="PLAIN")
    assert_problem(manager.get("/slotting/PLAIN"), 409, "floor-not-mapped")
    assert_problem(as_role("warehouse").get("/slotting/DEPO"), 403, "forbidden")
