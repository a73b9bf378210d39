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

        # Counts: their tasks (count, count approval) open at the count's screen on the floor, and a
        # posted count's adjustments always add up to its variances (`arkaofis check`).
        from arkaofis.core.invariants import register
        from arkaofis.fulfilment.counts.invariants import adjustments_match_variances

        register_document_link(prefix="CC-", url_for=lambda ref: reverse("floor:counts:count", args=[ref]))
        register("a posted count's adjustments equal its variances", adjustments_match_variances)
