from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FulfilmentConfig(AppConfig):
    name = "arkaofis.fulfilment"
    label = "fulfilment"
    verbose_name = _("Fulfilment")

    def ready(self) -> None:
        # Orders, a floor below, announce releases and cancellations without knowing fulfilment exists.
        from arkaofis.core.events import subscribe
        from arkaofis.fulfilment.subscribers import cancel_pending_shipments, create_shipments
        from arkaofis.orders.events import OrderCancelled, OrderReleased

        subscribe(OrderReleased, create_shipments)
        subscribe(OrderCancelled, cancel_pending_shipments)

        # Where the queue's floor tasks open: a batch on the pick screen, a shipment on the pack screen.
        from django.urls import reverse

        from arkaofis.work.links import register_document_link

        register_document_link(prefix="PB-", url_for=lambda ref: reverse("floor:pick", args=[ref]))
        register_document_link(prefix="SH-", url_for=lambda ref: reverse("floor:pack", args=[ref]))
        # A cancelled shipment's put-away task opens where its units go back from packing to a shelf.
        register_document_link(prefix="SH-", url_for=lambda ref: reverse("floor:put_away", args=[ref]), kind="put_away")

        # Counts: their tasks (count, count approval) open at the count's screen on the floor, and a
        # posted count's adjustments always add up to its variances (`arkaofis check`).
        from arkaofis.core.invariants import register
        from arkaofis.fulfilment.counts.invariants import adjustments_match_variances

        register_document_link(prefix="CC-", url_for=lambda ref: reverse("floor:counts:count", args=[ref]))
        register("a posted count's adjustments equal its variances", adjustments_match_variances)
        self._register_transfers_and_kitting()

    @staticmethod
    def _register_transfers_and_kitting() -> None:
        """Transfers ("TR-") and kitting orders ("KO-") own their demands' reservations, open at their
        pages from the task screens, and check that their lines and reservations agree."""
        from django.urls import reverse

        from arkaofis.core.invariants import register
        from arkaofis.fulfilment.kitting import invariants as kitting_invariants
        from arkaofis.fulfilment.kitting.services._common import OWNER as KITTING
        from arkaofis.fulfilment.kitting.services._common import PREFIX as KO
        from arkaofis.fulfilment.transfers import invariants as transfer_invariants
        from arkaofis.fulfilment.transfers.services._common import OWNER as TRANSFER
        from arkaofis.fulfilment.transfers.services._common import PREFIX as TR
        from arkaofis.inventory.demands import register_owner
        from arkaofis.work.links import register_document_link

        register_owner(prefix=TR, owner=TRANSFER)
        register_owner(prefix=KO, owner=KITTING)
        register_document_link(prefix=TR, url_for=lambda ref: reverse("floor:transfers:detail", args=[ref]))
        register_document_link(prefix=KO, url_for=lambda ref: reverse("floor:kitting:detail", args=[ref]))
        register(
            "each transfer line's units to pick equal its active reservations",
            transfer_invariants.lines_match_reservations,
        )
        register("each transfer line's units in transit equal the ledger's", transfer_invariants.road_matches_ledger)
        register(
            "each kitting line's held units equal its active reservations", kitting_invariants.lines_match_reservations
        )
