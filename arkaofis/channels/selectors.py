"""Reads for the channel pipeline and the exception queue."""

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from arkaofis.channels.models import Channel, ChannelSkuMap, EventStatus, InboundEvent, PushStatus, ShipmentPush


def active_channel(code: str) -> Channel | None:
    return Channel.objects.filter(code=code, active=True).first()


def delivery_seen(*, channel_id: int, delivery_id: str) -> bool:
    return InboundEvent.objects.filter(channel_id=channel_id, delivery_id=delivery_id).exists()


def sku_map(*, channel_id: int, external_skus: Iterable[str]) -> dict[str, str]:
    """Channel SKU → our SKU, for the channel SKUs that were mapped."""
    rows = ChannelSkuMap.objects.filter(channel_id=channel_id, external_sku__in=set(external_skus))
    return dict(rows.values_list("external_sku", "product__sku"))


def events_needing_attention(*, channel_code: str = "", status: str = "") -> QuerySet[InboundEvent]:
    """Exception and dead-letter events, newest first (the exception queue)."""
    wanted = (
        [status] if status in (EventStatus.EXCEPTION, EventStatus.DEAD) else [EventStatus.EXCEPTION, EventStatus.DEAD]
    )
    rows = InboundEvent.objects.filter(status__in=wanted).select_related("channel")
    if channel_code:
        rows = rows.filter(channel__code=channel_code)
    return rows.order_by("-received_at", "-id")


# An event parked because the channel's API did not answer (BigCommerce: the order is fetched) is
# tried again by the sweep, this many attempts at most; after that it waits for a person.
CHANNEL_RETRY_ATTEMPTS = 12


def stale_event_ids(*, older_than: datetime, limit: int = 500) -> list[int]:
    """Events a dead request left "received", and channel-unavailable exceptions due another try."""
    received = Q(status=EventStatus.RECEIVED, received_at__lt=older_than)
    unavailable = Q(
        status=EventStatus.EXCEPTION,
        error_code="channel-unavailable",
        processed_at__lt=older_than,
        attempts__lt=CHANNEL_RETRY_ATTEMPTS,
    )
    rows = InboundEvent.objects.filter(received | unavailable).order_by("id")
    return list(rows.values_list("id", flat=True)[:limit])


def channel_sku_maps(*, channel_id: int | None = None) -> QuerySet[ChannelSkuMap]:
    rows = ChannelSkuMap.objects.select_related("channel", "product")
    return rows.filter(channel_id=channel_id) if channel_id else rows


def shipment_pushes(channel: Channel) -> QuerySet[ShipmentPush]:
    """A channel's shipment pushes for its screen: refused first (they wait for a person), then the
    ones still waiting, then the sent ones; newest first within each."""
    order = Case(
        When(status=PushStatus.REFUSED, then=Value(0)),
        When(status=PushStatus.WAITING, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        ShipmentPush.objects.filter(channel=channel)
        .select_related("order", "shipment")
        .order_by(order, "-created_at", "-id")
    )
