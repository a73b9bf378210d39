from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "arkaofis.orders"
    label = "orders"
    verbose_name = _("Orders")

    def ready(self) -> None:
        # Inventory announces arrivals without knowing orders exist; orders listens.
        from arkaofis.inventory.signals import stock_arrived
        from arkaofis.orders.receivers import serve_backorders_on_arrival

        stock_arrived.connect(serve_backorders_on_arrival, dispatch_uid="orders.serve_backorders_on_arrival")

        # An order line's reservations change only through orders' services (inventory refuses others).
        from arkaofis.inventory.demands import register_owner
        from arkaofis.orders.domain import DEMAND_OWNER, DEMAND_PREFIX

        register_owner(prefix=DEMAND_PREFIX, owner=DEMAND_OWNER)

        # An order's tasks (a hold to review) open at the order's page.
        from django.urls import reverse

        from arkaofis.work.links import register_document_link

        register_document_link(prefix=DEMAND_PREFIX, url_for=lambda ref: reverse("orders:detail", args=[ref]))
        register_document_link(prefix="RMA-", url_for=lambda ref: reverse("returns:detail", args=[ref]))

        from arkaofis.core.invariants import register
        from arkaofis.orders.invariants import lines_match_reservations

        register("each order line's reserved quantity equals its active reservations", lines_match_reservations)
