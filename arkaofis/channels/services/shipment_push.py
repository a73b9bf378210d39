"""Tell the sales channel when a shipment of one of its orders ships: carrier, tracking, items.

`queue_shipment_push` subscribes to fulfilment's ShipmentShipped (channels/apps.py) and runs inside
the shipping transaction: for an order that came from an active channel whose kind can be told
(channels/adapters/shipping.py), it writes the ShipmentPush (the notice, kept) and ONE outbox event
"channel.shipment_push" (DESIGN.md, invariant 5). Orders from no channel (typed in, imported, the
API) push nothing. No HTTP happens here: the shipment commits whatever the channel is doing.

`deliver_shipment_push`, the outbox handler, sends the kept notice through the channel's adapter:
- sent: the push is marked sent with the channel's id of what it made; a push already sent is
  not sent again (the outbox delivers at least once), and the adapters look first for what an
  earlier, unrecorded delivery made, so the channel never gets a second fulfillment;
- refused (a 4xx, a state that cannot take it, a line without its channel id, a setting missing):
  marked refused with the channel's words, shown on the channel's screen, and not retried; a
  person fixes the cause and pushes it again (`push_shipment_again`);
- no answer (network, 5xx, rate limit past ChannelHttp's own retries): the error is noted on the
  push and raised, so the outbox retries with back-off.
"""

import json
import logging
from datetime import UTC
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from arkaofis.channels.adapters import api_adapter, shipment_pusher
from arkaofis.channels.domain import ShipmentNotice, ShippedLine
from arkaofis.channels.exceptions import ChannelNotConfigured, ShipmentRefused
from arkaofis.channels.models import Channel, InboundEvent, PushStatus, ShipmentPush
from arkaofis.core.exceptions import Conflict, NotFound
from arkaofis.core.models import OutboxEvent, Source
from arkaofis.core.services.audit import record_audit
from arkaofis.core.services.outbox import emit_event
from arkaofis.fulfilment.events import ShipmentShipped
from arkaofis.orders.domain import OrderStatus
from arkaofis.orders.models import SalesOrder, SalesOrderLine

log = logging.getLogger(__name__)

PUSH_TOPIC = "channel.shipment_push"
ANSWER_LENGTH = 2000


def queue_shipment_push(event: ShipmentShipped) -> None:
    """Subscriber of ShipmentShipped: the push of this shipment to its order's channel, if any.

    Runs in the shipping transaction. A shipment is pushed once: shipping it again changes nothing
    (fulfilment publishes nothing then), and a shipment that has a push already gets no second one.
    """
    order = SalesOrder.objects.only("pk", "channel", "external_id", "status").get(pk=event.order_id)
    channel = Channel.objects.filter(code=order.channel, active=True).first()
    if channel is None or shipment_pusher(channel.kind) is None or api_adapter(channel.kind) is None:
        return
    if ShipmentPush.objects.filter(shipment_id=event.shipment_id).exists():
        return
    notice = _notice(event, order, channel)
    push = ShipmentPush.objects.create(
        channel=channel, order=order, shipment_id=event.shipment_id, notice=notice.as_payload()
    )
    emit_event(topic=PUSH_TOPIC, payload=_payload(push))


def _payload(push: ShipmentPush) -> dict[str, Any]:
    return {"push_id": push.pk, "channel_id": push.channel_id, "shipment": push.notice.get("shipment_number", "")}


def _notice(event: ShipmentShipped, order: SalesOrder, channel: Channel) -> ShipmentNotice:
    units = dict(event.lines)
    rows = SalesOrderLine.objects.filter(pk__in=list(units)).order_by("line_no").values_list("pk", "external_id", "sku")
    return ShipmentNotice(
        order_id=order.external_id,
        shipment_id=event.shipment_id,
        shipment_number=event.shipment_number,
        carrier=event.carrier,
        tracking_number=event.tracking_number,
        tracking_url=event.tracking_url,
        shipped_at=event.shipped_at.astimezone(UTC).isoformat(),
        # Read after mark_shipped, in its transaction: "shipped" once every unit of the order has left.
        whole_order=order.status == OrderStatus.SHIPPED,
        lines=tuple(ShippedLine(line_id=external_id, sku=sku, quantity=units[pk]) for pk, external_id, sku in rows),
        order_fields=_order_fields(channel, order),
    )


def _order_fields(channel: Channel, order: SalesOrder) -> dict[str, str]:
    """The top-level fields the pusher names (ORDER_FIELDS), from the order's last stored message."""
    wanted = getattr(shipment_pusher(channel.kind), "ORDER_FIELDS", ())
    if not wanted:
        return {}
    event = InboundEvent.objects.filter(channel=channel, order=order).order_by("-received_at", "-id").first()
    try:
        payload = json.loads(bytes(event.raw_body)) if event is not None else {}
    except ValueError:
        payload = {}
    payload = payload if isinstance(payload, dict) else {}
    return {name: str(payload[name]) for name in wanted if payload.get(name) not in (None, "")}


def deliver_shipment_push(event: OutboxEvent) -> None:
    """Outbox handler of "channel.shipment_push": send the push's notice to its channel."""
    push = ShipmentPush.objects.select_related("channel").filter(pk=event.payload.get("push_id")).first()
    if push is None or push.status == PushStatus.SENT:
        return  # delivered before (at least once): the channel has it
    channel = push.channel
    adapter, pusher = api_adapter(channel.kind), shipment_pusher(channel.kind)
    if adapter is None or pusher is None:
        told = gettext_noop("No shipment updates for %(kind)s")
        _record(
            push,
            PushStatus.REFUSED,
            answer=told % {"kind": channel.kind},
            data={"message_id": told, "kind": channel.kind},
        )
        return
    notice = ShipmentNotice.from_payload(push.notice)
    try:
        with adapter.client(channel) as http:
            receipt = pusher.push_shipment(http, channel, notice)
    except (ShipmentRefused, ChannelNotConfigured) as refusal:
        _record(push, PushStatus.REFUSED, answer=refusal.detail, data=refusal.data)
        log.warning("shipment push refused channel=%s push=%s", channel.code, push.pk)
        return
    except Exception as error:  # no answer: noted for the screen, then the outbox retries
        _record(push, PushStatus.WAITING, answer=f"{type(error).__name__}: {error}")
        raise
    _record(push, PushStatus.SENT, ref=receipt.ref)
    log.info("shipment pushed channel=%s push=%s found=%s", channel.code, push.pk, receipt.found)


def _record(push: ShipmentPush, status: str, *, answer: str = "", data: dict | None = None, ref: str = "") -> None:
    """The push's outcome, audited when it is final (sent or refused)."""
    with transaction.atomic():
        push.status, push.answer = status, answer[:ANSWER_LENGTH]
        push.answer_data = {key: str(value) for key, value in (data or {}).items()}
        push.attempts += 1
        push.channel_ref = ref or push.channel_ref
        push.sent_at = timezone.now() if status == PushStatus.SENT else push.sent_at
        push.save(update_fields=["status", "answer", "answer_data", "attempts", "channel_ref", "sent_at", "updated_at"])
        if status != PushStatus.WAITING:
            record_audit(
                user=None,
                source=Source.SYSTEM,
                action=f"channel.shipment_{status}",
                obj=push.channel,
                data={"push": push.pk, "shipment": push.notice.get("shipment_number"), "ref": push.channel_ref},
            )


class PushNotRefused(Conflict):
    code = "push-not-refused"
    title = _("Not refused")
    message = _("This shipment update was not refused by the channel, so there is nothing to push again.")


def push_shipment_again(*, push_id: int, user: Any, source: str) -> ShipmentPush:
    """Queue a refused push once more (its cause fixed at the channel or in the settings). Audited.

    Raises NotFound for an unknown push and Conflict unless it was refused.
    """
    with transaction.atomic():
        push = ShipmentPush.objects.select_for_update().filter(pk=push_id).first()
        if push is None:
            raise NotFound(f"No shipment push #{push_id}", push=push_id)
        if push.status != PushStatus.REFUSED:
            raise PushNotRefused(f"Shipment push #{push_id} is {push.status}, not refused", push=push_id)
        push.status = PushStatus.WAITING
        push.save(update_fields=["status", "updated_at"])
        emit_event(topic=PUSH_TOPIC, payload=_payload(push))
        record_audit(
            user=user,
            source=source,
            action="channel.shipment_push_again",
            obj=push.channel,
            data={"push": push.pk, "shipment": push.notice.get("shipment_number")},
        )
    return push
