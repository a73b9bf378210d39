"""Property-based: random sequences of receipts, transfers (request, pick, ship short, receive, put away, close
short, cancel), stock lost elsewhere and kitting keep every invariant `arkaofis check` knows after every step,
and the value on the ledger's valued places always equals the open cost layers (nothing is valued twice or
lost on the road); a transfer received whole leaves no value on the road."""

import contextlib
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from arkaofis.catalog.tests.factories import KitComponentFactory, ProductFactory
from arkaofis.core.exceptions import DomainError
from arkaofis.core.invariants import invariant_breaks
from arkaofis.core.money import round_unit
from arkaofis.fulfilment.kitting.services.completing import complete_kitting
from arkaofis.fulfilment.kitting.services.planning import create_kitting
from arkaofis.fulfilment.transfers.models import Transfer, TransferLine
from arkaofis.fulfilment.transfers.places import held_in, road
from arkaofis.fulfilment.transfers.services.receiving import close_transfer, put_away_transfer, receive_transfer
from arkaofis.fulfilment.transfers.services.requesting import cancel_transfer, create_transfer
from arkaofis.fulfilment.transfers.services.shipping import pick_transfer_line, ship_transfer
from arkaofis.fulfilment.transfers.stops import next_stop
from arkaofis.inventory.models import CostLayer
from arkaofis.inventory.services.adjustments import adjust_stock
from arkaofis.inventory.tests.factories import LocationFactory, WarehouseFactory, receive
from arkaofis.inventory.valuation_selectors import warehouse_valuation

pytestmark = pytest.mark.django_db
FAR_FUTURE = __import__("datetime").datetime(2999, 1, 1, tzinfo=__import__("datetime").UTC)


class TransferMachine(RuleBasedStateMachine):
    """Two warehouses of two bins, two products and a kit of them. Each run is rolled back at teardown."""

    def __init__(self) -> None:
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.warehouses = [WarehouseFactory(), WarehouseFactory()]
        self.bins = [[LocationFactory.create(warehouse=w) for _ in range(2)] for w in self.warehouses]
        self.products = [ProductFactory(), ProductFactory()]
        self.kit = ProductFactory(is_kit=True)
        for product, per_kit in zip(self.products, (1, 2), strict=True):
            KitComponentFactory(kit=self.kit, component=product, quantity=per_kit)
        for shelves in self.bins:  # something to move from the start, at two costs
            for product, cost in zip(self.products, ("2", "5"), strict=True):
                receive(product, shelves[0], 12, unit_cost=Decimal(cost))

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    def _latest(self) -> Transfer | None:
        return Transfer.objects.order_by("-pk").first()

    @rule(w=st.integers(0, 1), b=st.integers(0, 1), p=st.integers(0, 1), quantity=st.integers(1, 8),
          cost=st.sampled_from(["1.5", "3", "7.25"]))  # fmt: skip
    def receive(self, w, b, p, quantity, cost):
        receive(self.products[p], self.bins[w][b], quantity, unit_cost=Decimal(cost))

    @rule(w=st.integers(0, 1), first=st.integers(0, 5), second=st.integers(0, 5))
    def request(self, w, first, second):
        lines = [(p, n) for p, n in zip(self.products, (first, second), strict=True) if n]
        with contextlib.suppress(DomainError):
            create_transfer(
                from_warehouse=self.warehouses[w], to_warehouse=self.warehouses[1 - w], lines=lines,
                user=None, source="system",
            )  # fmt: skip

    @rule(part=st.integers(1, 5))
    def pick(self, part):
        transfer = self._latest()
        stop = next_stop(transfer) if transfer else None
        if stop is None:
            return
        with contextlib.suppress(DomainError):
            pick_transfer_line(
                transfer_id=transfer.pk, line_no=stop.line.line_no, bin_scan=stop.location.code,
                item_scan=stop.line.product.sku, quantity=min(part, stop.quantity), user=None, source="system",
            )  # fmt: skip

    @rule(receive_too=st.booleans())
    def pick_everything(self, receive_too):
        """Walk every stop of the latest transfer (and receive all it has on the road): deep states come sooner."""
        transfer = self._latest()
        while transfer is not None and (stop := next_stop(transfer)) is not None:
            pick_transfer_line(
                transfer_id=transfer.pk, line_no=stop.line.line_no, bin_scan=stop.location.code,
                item_scan=stop.line.product.sku, quantity=stop.quantity, user=None, source="system",
            )  # fmt: skip
        if transfer is not None and receive_too:
            for line in transfer.lines.select_related("product"):
                with contextlib.suppress(DomainError):
                    receive_transfer(
                        transfer_id=transfer.pk, item_scan=line.product.sku, quantity=line.in_transit,
                        user=None, source="system",
                    )  # fmt: skip

    @rule(step=st.sampled_from(["ship", "close", "cancel"]))
    def decide(self, step):
        transfer = self._latest()
        service = {"ship": ship_transfer, "close": close_transfer, "cancel": cancel_transfer}[step]
        if transfer is not None:
            with contextlib.suppress(DomainError):
                service(transfer_id=transfer.pk, user=None, source="system")

    @rule(p=st.integers(0, 1), quantity=st.integers(1, 6), away=st.booleans())
    def arrive(self, p, quantity, away):
        transfer = self._latest()
        if transfer is None:
            return
        sku = self.products[p].sku
        with contextlib.suppress(DomainError):
            if away:
                target = self.bins[self.warehouses.index(transfer.to_warehouse)][0]
                put_away_transfer(
                    transfer_id=transfer.pk, item_scan=sku, bin_scan=target.code, quantity=quantity,
                    user=None, source="system",
                )  # fmt: skip
            else:
                receive_transfer(transfer_id=transfer.pk, item_scan=sku, quantity=quantity, user=None, source="system")

    @rule(w=st.integers(0, 1), b=st.integers(0, 1), p=st.integers(0, 1), quantity=st.integers(1, 4))
    def lose_elsewhere(self, w, b, p, quantity):
        """Stock lost off a shelf consumes the oldest cost layers: what the road carries must not care."""
        with contextlib.suppress(DomainError):
            adjust_stock(product=self.products[p], location=self.bins[w][b], delta=-quantity, reason_code="lost",
                         source="system")  # fmt: skip

    @rule(w=st.integers(0, 1), kits=st.integers(1, 2), apart=st.booleans())
    def kitting(self, w, kits, apart):
        with contextlib.suppress(DomainError):
            order = create_kitting(
                warehouse=self.warehouses[w], kit=self.kit, quantity=kits,
                kind="disassemble" if apart else "assemble", user=None, source="system",
            )  # fmt: skip
            complete_kitting(kitting_id=order.pk, bin_scan=self.bins[w][1].code, user=None, source="system")

    @invariant()
    def every_invariant_holds(self):
        assert invariant_breaks() == {}

    @invariant()
    def the_ledger_values_exactly_the_open_layers(self):
        ledger = sum((row.value for row in warehouse_valuation(FAR_FUTURE)), Decimal(0))
        layers = sum((layer.remaining * layer.unit_cost for layer in CostLayer.objects.filter(remaining__gt=0)),
                     Decimal(0))  # fmt: skip
        assert abs(ledger - layers) <= Decimal("0.01"), (ledger, layers)

    @invariant()
    def a_line_received_whole_leaves_no_value_on_the_road(self):
        transit = road()
        for line in TransferLine.objects.filter(lost_quantity=0).select_related("transfer"):
            if line.in_transit == 0:
                held = held_in(document=line.transfer.number, product_id=line.product_id, place=transit)
                assert sum((round_unit(part.value) for part in held), Decimal(0)) == 0


def test_random_transfers_and_kitting_keep_every_invariant_and_the_value():
    run_state_machine_as_test(
        TransferMachine,
        settings=settings(
            max_examples=30, stateful_step_count=30, deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )  # fmt: skip
