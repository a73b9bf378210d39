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
