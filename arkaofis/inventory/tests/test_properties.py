"""Property-based: random sequences of receive, transfer, adjust, reserve, release and ship keep
every ledger invariant after every step; each refused operation is refused exactly when the
stock says it must be, with a typed error, and changes nothing."""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.core.exceptions import DomainError
from arkaofis.core.models import AuditLog
from arkaofis.inventory.exceptions import ForbiddenFlow, InsufficientStock, InvalidQuantity, ReservationNotActive
from arkaofis.inventory.invariants import ledger_breaks
from arkaofis.inventory.models import CostLayer, Location, Quant, Reservation, StockMove
from arkaofis.inventory.selectors import virtual_location
from arkaofis.inventory.services.adjustments import adjust_stock
from arkaofis.inventory.services.ledger import post_move
from arkaofis.inventory.services.reservations import release_reservation, reserve_stock
from arkaofis.inventory.services.transfers import transfer_stock
from arkaofis.inventory.tests.factories import LocationFactory, WarehouseFactory

quantities = st.integers(min_value=1, max_value=12)
indexes = st.integers(min_value=0, max_value=1_000)


def snapshot() -> tuple:
    """Everything an operation could write: quants, moves, reservations, cost layers, audit rows."""
    return (
        tuple(Quant.objects.order_by("pk").values_list("pk", "on_hand", "reserved")),
        StockMove.objects.count(),
        tuple(Reservation.objects.order_by("pk").values_list("pk", "status", "quantity")),
        tuple(CostLayer.objects.order_by("pk").values_list("pk", "remaining")),
        AuditLog.objects.count(),
    )


class LedgerMachine(RuleBasedStateMachine):
    """Two products in two warehouses (two bins, one bin). Each run is rolled back at teardown."""

    def __init__(self) -> None:
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        first, second = WarehouseFactory(), WarehouseFactory()
        self.bins: list[Location] = [
            LocationFactory.create(warehouse=first),
            LocationFactory.create(warehouse=first),
            LocationFactory.create(warehouse=second),
        ]
        self.warehouses = [first, second]
        self.products = [ProductFactory(), ProductFactory()]
        self.reservation_ids: list[int] = []
        self.supplier = virtual_location("supplier")
        self.customer = virtual_location("customer")

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    # Reading the state an operation is judged against.

    def free(self, product, location) -> int:
        quant = Quant.objects.filter(product=product, location=location, lot__isnull=True).first()
        return quant.on_hand - quant.reserved if quant else 0

    def free_in(self, product, warehouse) -> int:
        """Free stock in one warehouse, or in all of them (warehouse None)."""
        return sum(
            self.free(product, location)
            for location in self.bins
            if warehouse is None or location.warehouse_id == warehouse.pk
        )

    def refused_and_unchanged(self, before: tuple, operation, error: type[DomainError]) -> None:
        with pytest.raises(error):
            operation()
        assert snapshot() == before, f"a refused {error.__name__} wrote something"

    # Operations.

    @rule(product=indexes, to=indexes, quantity=quantities)
    def receive(self, product, to, quantity):
        product, location = self.products[product % 2], self.bins[to % 3]
        before = self.free(product, location)
        post_move(
            product=product, quantity=quantity, from_location=self.supplier, to_location=location, reason="receipt"
        )
        assert self.free(product, location) == before + quantity

    @rule(product=indexes, source=indexes, shift=st.integers(1, 2), quantity=quantities)
    def transfer(self, product, source, shift, quantity):
        product = self.products[product % 2]
        origin, target = self.bins[source % 3], self.bins[(source + shift) % 3]
        free_origin, free_target = self.free(product, origin), self.free(product, target)
        operation = lambda: transfer_stock(  # noqa: E731
            product=product, quantity=quantity, from_location=origin, to_location=target, source="system"
        )
        if quantity > free_origin:
            self.refused_and_unchanged(snapshot(), operation, InsufficientStock)
            return
        operation()
        assert (self.free(product, origin), self.free(product, target)) == (
            free_origin - quantity,
            free_target + quantity,
        )

    @rule(product=indexes, at=indexes, delta=st.integers(-12, 12).filter(bool))
    def adjust(self, product, at, delta):
        product, location = self.products[product % 2], self.bins[at % 3]
        before = self.free(product, location)
        reason_code = "found" if delta > 0 else "damaged"
        operation = lambda: adjust_stock(  # noqa: E731
            product=product, location=location, delta=delta, reason_code=reason_code, source="system"
        )
        if -delta > before:
            self.refused_and_unchanged(snapshot(), operation, InsufficientStock)
            return
        operation()
        assert self.free(product, location) == before + delta

    @rule(product=indexes, warehouse=indexes, quantity=quantities)
    def reserve(self, product, warehouse, quantity):
        # The third choice is "any warehouse".
        product, warehouse = self.products[product % 2], [*self.warehouses, None][warehouse % 3]
        before = self.free_in(product, warehouse)
        operation = lambda: reserve_stock(  # noqa: E731
            product_id=product.pk, quantity=quantity, demand_ref="DEM-prop", warehouse_id=warehouse and warehouse.pk
        )
        if quantity > before:
            self.refused_and_unchanged(snapshot(), operation, InsufficientStock)
            return
        ids = operation()
        self.reservation_ids.extend(ids)
        assert sum(Reservation.objects.filter(pk__in=ids).values_list("quantity", flat=True)) == quantity
        assert self.free_in(product, warehouse) == before - quantity

    @precondition(lambda self: self.reservation_ids)
    @rule(pick=indexes)
    def release(self, pick):
        reservation = Reservation.objects.get(pk=self.reservation_ids[pick % len(self.reservation_ids)])
        operation = lambda: release_reservation(reservation_id=reservation.pk)  # noqa: E731
        if reservation.status != "active":
            self.refused_and_unchanged(snapshot(), operation, ReservationNotActive)
            return
        before = self.free(reservation.product, reservation.location)
        operation()
        assert self.free(reservation.product, reservation.location) == before + reservation.quantity

    @precondition(lambda self: self.reservation_ids)
    @rule(pick=indexes)
    def ship_reserved(self, pick):
        reservation = Reservation.objects.get(pk=self.reservation_ids[pick % len(self.reservation_ids)])
        product, location = reservation.product, reservation.location
        operation = lambda: post_move(  # noqa: E731
            product=product,
            quantity=reservation.quantity,
            from_location=location,
            to_location=self.customer,
            reason="shipment",
            reservation=reservation,
        )
        if reservation.status != "active":
            self.refused_and_unchanged(snapshot(), operation, ReservationNotActive)
            return
        before = self.free(product, location)
        operation()
        assert self.free(product, location) == before  # it was held already: free stock is untouched
        assert Reservation.objects.get(pk=reservation.pk).status == "consumed"

    @rule(product=indexes, to=indexes, quantity=st.sampled_from([0, -1, -7]))
    def receive_a_non_positive_quantity(self, product, to, quantity):
        product, location = self.products[product % 2], self.bins[to % 3]
        operation = lambda: post_move(  # noqa: E731
            product=product, quantity=quantity, from_location=self.supplier, to_location=location, reason="receipt"
        )
        self.refused_and_unchanged(snapshot(), operation, InvalidQuantity)

    @rule(product=indexes, source=indexes, quantity=quantities)
    def transfer_to_a_customer(self, product, source, quantity):
        product, origin = self.products[product % 2], self.bins[source % 3]
        operation = lambda: transfer_stock(  # noqa: E731
            product=product, quantity=quantity, from_location=origin, to_location=self.customer, source="system"
        )
        self.refused_and_unchanged(snapshot(), operation, ForbiddenFlow)

    @invariant()
    def ledger_holds(self):
        assert ledger_breaks() == {}


@pytest.mark.django_db
def test_random_stock_operations_keep_every_invariant_and_refusals_change_nothing():
    run_state_machine_as_test(
        LedgerMachine,
        settings=settings(
            max_examples=20,
            stateful_step_count=25,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
