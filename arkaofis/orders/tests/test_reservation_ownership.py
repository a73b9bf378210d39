"""An order and its reservations never disagree: an order line's reservations change only
through the order's services, and `arkaofis check` says so when they do not."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from arkaofis.catalog.tests.factories import KitComponentFactory, ProductFactory
from arkaofis.core.invariants import invariant_breaks
from arkaofis.core.tests.api_support import as_role, assert_problem, user_in_role
from arkaofis.inventory.models import Quant, Reservation
from arkaofis.inventory.tests.factories import LocationFactory, receive
from arkaofis.orders.invariants import lines_match_reservations
from arkaofis.orders.services.reservation import reserve_order
from arkaofis.orders.tests.factories import make_order

pytestmark = pytest.mark.django_db

CHECK = "each order line's reserved quantity equals its active reservations"


@pytest.fixture
def reserved_order():
    product = ProductFactory()
    receive(product, LocationFactory(), 1)
    order = make_order((product.sku, 1))
    return reserve_order(order_id=order.pk, user=None, source="system"), product


def held():
    return list(Reservation.objects.order_by("id").values_list("demand_ref", "status", "quantity"))


def test_the_generic_route_refuses_to_release_an_order_lines_demand_and_names_the_order(reserved_order):
    order, _ = reserved_order
    before = held()
    response = as_role("manager").post("/inventory/reservations/release-demand", {"demand_ref": f"{order.number}/L1"})
    problem = assert_problem(response, 409, "demand-owned")
    assert (problem["document"], problem["owner"]) == (order.number, "sales_order")
    assert order.number in problem["detail"]
    assert held() == before


def test_the_generic_route_refuses_to_release_one_of_an_orders_reservations(reserved_order):
    order, _ = reserved_order
    [reservation] = Reservation.objects.filter(demand_ref=f"{order.number}/L1")
    response = as_role("manager").post(f"/inventory/reservations/{reservation.pk}/release")
    assert assert_problem(response, 409, "demand-owned")["document"] == order.number
    assert Reservation.objects.get(pk=reservation.pk).status == "active"


def test_the_generic_route_refuses_to_reserve_under_an_order_lines_demand(reserved_order):
    order, product = reserved_order
    receive(product, LocationFactory(), 3)
    body = {"sku": product.sku, "quantity": 1, "demand_ref": f"{order.number}/L1"}
    assert_problem(as_role("manager").post("/inventory/reservations", body), 409, "demand-owned")
    assert Reservation.objects.count() == 1


def test_the_stuck_order_scenario_cannot_happen_the_unit_stays_with_its_order(reserved_order):
    order, product = reserved_order
    manager = as_role("manager")
    manager.post("/inventory/reservations/release-demand", {"demand_ref": f"{order.number}/L1"})
    other = make_order((product.sku, 1))
    assert reserve_order(order_id=other.pk, user=None, source="system").status == "backordered"
    assert invariant_breaks() == {}


def test_check_reports_an_order_line_whose_reservation_vanished(reserved_order):
    order, _ = reserved_order
    reservation = Reservation.objects.get(demand_ref=f"{order.number}/L1")
    Reservation.objects.filter(pk=reservation.pk).update(status="released")  # as a stray writer would
    Quant.objects.filter(pk=reservation.quant_id).update(reserved=0)
    try:
        assert lines_match_reservations() == [
            f"{order.number}/L1: the order line says 1 reserved, its reservations hold 0"
        ]
        with pytest.raises(CommandError, match="invariant"):
            call_command("check_ledger")
    finally:
        Reservation.objects.filter(pk=reservation.pk).update(status="active")
        Quant.objects.filter(pk=reservation.quant_id).update(reserved=1)
    assert CHECK not in invariant_breaks()


def test_check_reports_a_reservation_that_points_to_no_order_line(reserved_order):
    order, _ = reserved_order
    reservation = Reservation.objects.get(demand_ref=f"{order.number}/L1")
    Reservation.objects.filter(pk=reservation.pk).update(demand_ref=f"{order.number}/L9")
    try:
        assert f"{order.number}/L9: active reservations hold 1 for no order line that reserved them" in (
            lines_match_reservations()
        )
    finally:
        Reservation.objects.filter(pk=reservation.pk).update(demand_ref=f"{order.number}/L1")


def test_check_follows_a_kit_line_through_its_components():
    bottle, cap = ProductFactory(), ProductFactory()
    kit = KitComponentFactory(component=bottle, quantity=2).kit
    KitComponentFactory(kit=kit, component=cap, quantity=1)
    shelf = LocationFactory()
    receive(bottle, shelf, 4)
    receive(cap, LocationFactory(warehouse=shelf.warehouse), 2)
    order = make_order((kit.sku, 2))
    assert reserve_order(order_id=order.pk, user=None, source="system").status == "reserved"
    assert lines_match_reservations() == []
    cap_hold = Reservation.objects.get(demand_ref=f"{order.number}/L1/{cap.sku}")
    Reservation.objects.filter(pk=cap_hold.pk).update(quantity=1)
    try:
        assert lines_match_reservations() == [
            f"{order.number}/L1/{cap.sku}: the order line says 2 reserved, its reservations hold 1"
        ]
    finally:
        Reservation.objects.filter(pk=cap_hold.pk).update(quantity=2)


def test_the_reservations_screen_offers_no_release_for_an_orders_stock_and_refuses_one_posted(client, reserved_order):
    order, _ = reserved_order
    client.force_login(user_in_role("manager"))
    [reservation] = Reservation.objects.filter(demand_ref=f"{order.number}/L1")
    page = client.get(reverse("inventory:reservations"), {"demand_ref": f"{order.number}/L1"}).content.decode()
    assert f"These reservations belong to {order.number}" in page
    assert reverse("inventory:release", args=[reservation.pk]) not in page
    assert reverse("inventory:release_demand") not in page
    before = held()
    released = client.post(reverse("inventory:release", args=[reservation.pk]), follow=True).content.decode()
    assert f"belong to {order.number}" in released
    by_demand = client.post(reverse("inventory:release_demand"), {"demand": f"{order.number}/L1"}, follow=True)
    assert by_demand.status_code == 200 and f"belong to {order.number}" in by_demand.content.decode()
    assert held() == before
