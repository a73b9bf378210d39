from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "arkaofis.channels"
    label = "channels"

    def ready(self) -> None:
        from arkaofis.channels.services.stock_sync import PUSH_TOPIC, push_stock_event
        from arkaofis.core.services.outbox import subscribe

        # Outbox handler: stock pushes to the channels.
        subscribe(PUSH_TOPIC, push_stock_event)
