from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelsConfig(AppConfig):
    name = "arkaofis.channels"
    label = "channels"
    verbose_name = _("Sales channels")

    def ready(self) -> None:
        import logging

        from arkaofis.channels.services.outbound_webhooks import DELIVERY_TOPIC, deliver_to_subscribers, post_delivery
        from arkaofis.channels.services.shipment_push import PUSH_TOPIC as SHIPMENT_TOPIC
        from arkaofis.channels.services.shipment_push import deliver_shipment_push, queue_shipment_push
        from arkaofis.channels.services.stock_sync import CHECK_TOPIC, PUSH_TOPIC, check_push_event, push_stock_event
        from arkaofis.core import events
        from arkaofis.core.services.outbox import subscribe
        from arkaofis.fulfilment.events import ShipmentShipped

        # Outbox handlers: stock pushes to the channels (and the check of a push a channel applies
        # later); every public event fanned out to our
        # webhook subscribers, one delivery row each, then posted.
        subscribe(PUSH_TOPIC, push_stock_event)
        subscribe(CHECK_TOPIC, check_push_event)
        subscribe("*", deliver_to_subscribers)
        subscribe(DELIVERY_TOPIC, post_delivery)
        # A shipment of a channel's order shipped: one outbox event in the shipping transaction,
        # delivered to the channel (carrier, tracking, items) by the outbox handler.
        events.subscribe(ShipmentShipped, queue_shipment_push)
        subscribe(SHIPMENT_TOPIC, deliver_shipment_push)
        # A parked event's task (work) opens at the event in the exception queue.
        from django.urls import reverse

        from arkaofis.channels.domain import EVENT_REF_PREFIX, event_id_of
        from arkaofis.work.links import register_document_link

        register_document_link(
            prefix=EVENT_REF_PREFIX, url_for=lambda ref: f"{reverse('channels:exceptions')}#event-{event_id_of(ref)}"
        )
        # httpx logs every request's full URL at INFO, query included: subscribers' URLs and some
        # channels' carry tokens there. Our own log lines name the call without its query.
        logging.getLogger("httpx").setLevel(logging.WARNING)
