"""Property-based: random sequences of receipts, count requests, blind counts, empty bins, finishes,
approvals, recounts, cancels and picks (orders waved and picked on the same bins) keep every invariant
`arkaofis check` knows after every step (ledger, quants, orders, a posted count's adjustments equal
its variances), and a posted count's every line reconciles: counted = ledger then + variance."""

import contextlib

import pytest
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.core.exceptions import DomainError
from arkaofis.core.invariants import invariant_breaks
from arkaofis.fulfilment.counts.models import CountDoc, CountLine
from arkaofis.fulfilment.counts.services.approving import approve_count, cancel_count, reject_count
from arkaofis.fulfilment.counts.services.finishing import finish_count
from arkaofis.fulfilment.counts.services.recording import record_count, record_empty_bin
from arkaofis.fulfilment.counts.services.requesting import request_count
from arkaofis.fulfilment.models import PickLine
from arkaofis.fulfilment.services.picking import confirm_pick
from arkaofis.fulfilment.services.waves import plan_wave
from arkaofis.inventory.tests.factories import LocationFactory, WarehouseFactory, receive
from arkaofis.orders.services.release import release_order
from arkaofis.orders.services.reservation import reserve_order
from arkaofis.orders.tests.factories import make_order

pytestmark = pytest.mark.django_db
which = st.integers(0, 1_000)


class CountMachine(RuleBasedStateMachine):
    """One warehouse, three bins, two products. Each run is rolled back at teardown."""

    def __init__(self) -> None:
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.warehouse = WarehouseFactory()
        self.bins = [LocationFactory.create(warehouse=self.warehouse) for _ in range(3)]
        self.products = [ProductFactory(), ProductFactory()]

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    def _count(self, pick: int) -> CountDoc | None:
        counts = list(CountDoc.objects.order_by("id"))
        return counts[pick % len(counts)] if counts else None

    @rule(product=st.integers(0, 1), where=st.integers(0, 2), quantity=st.integers(1, 6))
    def receive(self, product, where, quantity):
        receive(self.products[product], self.bins[where], quantity)

    @rule(first=st.integers(0, 2), second=st.integers(0, 2), one_product=st.booleans())
    def ask(self, first, second, one_product):
        with contextlib.suppress(DomainError):
            request_count(
                warehouse=self.warehouse,
                locations=[self.bins[first], self.bins[second]],
                product=self.products[0] if one_product else None,
                origin="manual",
                user=None,
                source="ui",
            )

    @rule(pick=which, where=st.integers(0, 2), product=st.integers(0, 1), quantity=st.integers(0, 12))
    def record(self, pick, where, product, quantity):
        count = self._count(pick)
        if count is not None:
            with contextlib.suppress(DomainError), transaction.atomic():
                record_count(
                    count_id=count.pk,
                    location_scan=self.bins[where].code,
                    item_scan=self.products[product].sku,
                    quantity=quantity,
                    user=None,
                    source="ui",
                )

    @rule(pick=which, where=st.integers(0, 2))
    def empty(self, pick, where):
        count = self._count(pick)
        if count is not None:
            with contextlib.suppress(DomainError), transaction.atomic():
                record_empty_bin(count_id=count.pk, location_scan=self.bins[where].code, user=None, source="ui")

    @rule(pick=which, decision=st.sampled_from(["finish", "approve", "reject", "cancel"]))
    def decide(self, pick, decision):
        count = self._count(pick)
        if count is None:
            return
        service = {"finish": finish_count, "approve": approve_count, "reject": reject_count, "cancel": cancel_count}
        with contextlib.suppress(DomainError), transaction.atomic():
            service[decision](count_id=count.pk, user=None, source="ui")

    @rule(quantity=st.integers(1, 3))
    def order_and_wave(self, quantity):
        order = make_order((self.products[0].sku, quantity))
        with contextlib.suppress(DomainError), transaction.atomic():
            reserve_order(order_id=order.pk, user=None, source="system")
            release_order(order_id=order.pk, user=None, source="system")
            plan_wave(warehouse=self.warehouse, user=None, source="ui")

    @rule()
    def pick_all(self):
        for stop in PickLine.objects.filter(status="open").select_related("location", "product"):
            with contextlib.suppress(DomainError), transaction.atomic():
                confirm_pick(
                    pick_line_id=stop.pk,
                    bin_scan=stop.location.code,
                    item_scan=stop.product.sku,
                    quantity=stop.remaining,
                    user=None,
                    source="ui",
                )

    @invariant()
    def ledger_and_counts_agree(self):
        assert not invariant_breaks()
        for line in CountLine.objects.filter(count__status="posted"):
            assert line.counted is not None and line.expected is not None and line.variance is not None
            assert line.counted == line.expected + line.variance


def test_random_counts_beside_picking_keep_every_invariant():
    run_state_machine_as_test(
        CountMachine,
        settings=settings(
            max_examples=20,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
