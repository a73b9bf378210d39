"""Property-based: random sequences of receive, order, wave, pick, short pick, pack, ship, cancel and put away keep
every invariant `arkaofis check` knows (ledger, quants, order ↔ reservations) after every step, and the
floor's own: units at packing are held for an open order or free after a cancel, never more."""

import contextlib

import pytest
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.core.exceptions import DomainError
from arkaofis.core.invariants import invariant_breaks
from arkaofis.fulfilment.models import PickLine, Shipment, ShipmentLine
from arkaofis.fulfilment.selectors import left_at_packing
from arkaofis.fulfilment.services.packing import close_box, scan_into_box
from arkaofis.fulfilment.services.picking import confirm_pick, report_short
from arkaofis.fulfilment.services.places import packing_location
from arkaofis.fulfilment.services.putting_away import put_away_from_packing
from arkaofis.fulfilment.services.shipping import ship_shipment
from arkaofis.fulfilment.services.waves import plan_wave
from arkaofis.inventory.models import Quant, Reservation, ReservationStatus
from arkaofis.inventory.tests.factories import LocationFactory, WarehouseFactory, receive
from arkaofis.orders.services.cancellation import cancel_order
from arkaofis.orders.services.release import release_order
from arkaofis.orders.services.reservation import reserve_order
from arkaofis.orders.tests.factories import make_order
from arkaofis.work.models import Task

pytestmark = pytest.mark.django_db
picks = st.integers(min_value=0, max_value=1_000)


class FloorMachine(RuleBasedStateMachine):
    """One warehouse, three bins, two products. Each run is rolled back at teardown."""

    def __init__(self) -> None:
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        warehouse = WarehouseFactory.create()
        self.warehouse = warehouse
        self.bins = [LocationFactory.create(warehouse=warehouse) for _ in range(3)]
        self.products = [ProductFactory(), ProductFactory()]
        self.packing = packing_location(warehouse)

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    @rule(product=st.integers(0, 1), where=st.integers(0, 2), quantity=st.integers(1, 6))
    def receive(self, product, where, quantity):
        receive(self.products[product], self.bins[where], quantity)

    @rule(first=st.integers(0, 4), second=st.integers(0, 4))
    def order(self, first, second):
        lines = [(p.sku, n) for p, n in zip(self.products, (first, second), strict=True) if n]
        if not lines:
            return
        order = make_order(*lines)
        order = reserve_order(order_id=order.pk, user=None, source="system")
        if order.status == "reserved":
            release_order(order_id=order.pk, user=None, source="system")

    @rule()
    def wave(self):
        with contextlib.suppress(DomainError):
            plan_wave(warehouse=self.warehouse, cart_orders=3, user=None, source="ui")

    def _open_stop(self, index):
        stops = list(PickLine.objects.filter(status="open").select_related("location", "product").order_by("pk"))
        return stops[index % len(stops)] if stops else None

    @rule(index=picks, part=st.integers(0, 2))
    def pick(self, index, part):
        stop = self._open_stop(index)
        if stop is None:
            return
        quantity = max(1, stop.remaining - part)
        confirm_pick(
            pick_line_id=stop.pk,
            bin_scan=stop.location.code,
            item_scan=stop.product.sku,
            quantity=quantity,
            user=None,
            source="ui",
        )

    @rule(index=picks, found=st.integers(0, 3))
    def short(self, index, found):
        stop = self._open_stop(index)
        if stop is None or found >= stop.remaining:
            return
        report_short(pick_line_id=stop.pk, bin_scan=stop.location.code, found=found, user=None, source="ui")

    @rule(index=picks)
    def pack_and_ship(self, index):
        picked = list(Shipment.objects.filter(status="picked").order_by("pk"))
        if not picked:
            return
        shipment = picked[index % len(picked)]
        for line in ShipmentLine.objects.filter(shipment=shipment).select_related("order_line"):
            for _ in range(line.to_ship - line.packed_quantity):
                scan_into_box(shipment_id=shipment.pk, item_scan=line.order_line.sku, user=None, source="ui")
        close_box(shipment_id=shipment.pk, box_code="", weight_g=500, user=None, source="ui")
        ship_shipment(shipment_id=shipment.pk, carrier="Own", tracking_number="T", user=None, source="ui")

    @rule(index=picks)
    def cancel(self, index):
        open_shipments = list(Shipment.objects.filter(status__in=["pending", "picking", "picked", "packed"]))
        if open_shipments:
            cancel_order(order_id=open_shipments[index % len(open_shipments)].order_id, user=None, source="ui")

    @rule(index=picks, part=st.integers(0, 2))
    def put_away(self, index, part):
        cancelled = Shipment.objects.filter(status="cancelled").order_by("pk")
        waiting = [(shipment, left) for shipment in cancelled if (left := left_at_packing(shipment))]
        if not waiting:
            return
        shipment, left = waiting[index % len(waiting)]
        put_away_from_packing(
            shipment_id=shipment.pk, item_scan=left[0].product.sku, bin_scan=self.bins[index % 3].code,
            quantity=max(1, left[0].units - part), user=None, source="ui",
        )  # fmt: skip

    @invariant()
    def a_put_away_task_is_open_while_a_cancelled_shipment_left_units_it_can_take(self):
        for shipment in Shipment.objects.filter(status="cancelled"):
            if left_at_packing(shipment):
                assert Task.objects.get(kind="put_away", document_ref=shipment.number).status == "open"

    @invariant()
    def every_invariant_holds(self):
        assert invariant_breaks() == {}

    @invariant()
    def packing_holds_no_more_than_it_has(self):
        for quant in Quant.objects.filter(location=self.packing):
            held = Reservation.objects.filter(quant=quant, status=ReservationStatus.ACTIVE)
            assert sum(held.values_list("quantity", flat=True)) == quant.reserved <= quant.on_hand


def test_random_floor_work_keeps_every_invariant():
    run_state_machine_as_test(
        FloorMachine,
        settings=settings(
            max_examples=25,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
