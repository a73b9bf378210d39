"""Turn a stored InboundEvent into an order (or a cancellation), or into an exception with its reason.

Idempotent: a processed event is left as it is, and receive_order is itself idempotent on
(channel, external id), so re-processing never creates a second order. Runs in the request
for now; a django-tasks worker can call the same function later without change.
"""

import json
import logging
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from arkaofis.catalog.selectors import existing_skus
from arkaofis.channels import domain, selectors
from arkaofis.channels.adapters import api_adapter, webhook_adapter
from arkaofis.channels.exceptions import MalformedPayload, TotalMismatch, UnmappedSkus
from arkaofis.channels.models import EventStatus, InboundEvent
from arkaofis.channels.services.fixes import ACCEPTED_TOTAL
from arkaofis.channels.services.updates import apply_channel_update
from arkaofis.core.exceptions import DomainError, InvalidInput
from arkaofis.core.money import is_currency
from arkaofis.core.services.audit import record_audit
from arkaofis.fulfilment.models import ShipmentStatus
from arkaofis.fulfilment.services.shipping import mark_delivered
from arkaofis.orders.domain import OrderStatus, order_totals
from arkaofis.orders.models import SalesOrder
from arkaofis.orders.services.cancellation import cancel_order
from arkaofis.orders.services.intake import OrderIn, receive_order
from arkaofis.work.models import TaskKind
from arkaofis.work.services.closing import cancel_tasks, close_task
from arkaofis.work.services.opening import open_task

logger = logging.getLogger("arkaofis.channels")

# A message about an order already received whose topic does not update orders (a repeated create, a re-poll).
NOTE_ALREADY_RECEIVED = "Order already received; this message does not change it"
NOTE_CANCEL_UNKNOWN = "Cancellation of an order never received here: recorded only"
NOTE_ALREADY_CANCELLED = "Order was already cancelled"
NOTE_DELIVERED_UNKNOWN = "Delivered at the channel, an order never received here: recorded only"
NOTE_DELIVERED_NOT_SHIPPED = "Delivered at the channel, but nothing of it was shipped here (the order is %s): check it"
NOTE_CANCELLED_EARLIER = "Order received and cancelled at once: its cancellation had arrived first"


def process_event(*, event_id: int, user: Any, source: str) -> InboundEvent:
    """Process (or re-process) one event; return it with its new status, error and note."""
    fetched = _fetch_order(event_id)  # before any lock: a slow channel must not hold the database
    with transaction.atomic():
        event = InboundEvent.objects.select_for_update(of=("self",)).select_related("channel").get(pk=event_id)
        if event.status == EventStatus.PROCESSED:
            return event
        event.attempts += 1
        try:
            with transaction.atomic():  # a refusal rolls back whatever the attempt wrote
                order, note = _apply(event, user=user, source=source, fetched=fetched)
        except DomainError as error:
            _mark_failed(event, error)
        except Exception as error:  # a bug must not lose the event: park it with a reason
            logger.exception("inbound event %s failed unexpectedly", event.pk)
            _mark_failed(event, InvalidInput(f"Unexpected error: {type(error).__name__}"), code="internal-error")
        else:
            event.status, event.order, event.note = EventStatus.PROCESSED, order, note
            event.error_code, event.error, event.error_data = "", "", {}
        event.processed_at = timezone.now()
        event.save()
        _track_task(event, user=user, source=source)
        data = {"status": event.status, "error_code": event.error_code, "attempts": event.attempts}
        record_audit(user=user, source=source, action=f"inbound_event.{event.status}", obj=event, data=data)
    logger.info(
        "inbound event channel=%s topic=%s delivery=%s status=%s error_code=%s",
        event.channel.code, event.topic, event.delivery_id, event.status, event.error_code or "-",
    )  # fmt: skip
    if event.status == EventStatus.PROCESSED and event.external_id:
        _process_parked_twins(event, user=user, source=source)
    return event


def _track_task(event: InboundEvent, *, user: Any, source: str) -> None:
    """A parked event waiting for a person is a task in the queue; once processed, the task is done.
    An event the sweep will still retry by itself (the channel did not answer) waits for nobody yet."""
    ref = domain.event_ref(event.pk)
    if event.status == EventStatus.PROCESSED:
        close_task(kind=TaskKind.ORDER_EXCEPTION, document_ref=ref, user=user, source=source)
    elif event.status != EventStatus.EXCEPTION:
        cancel_tasks(document_ref=ref, user=user, source=source, reason=event.status)
    elif event.error_code != "channel-unavailable" or event.attempts >= selectors.CHANNEL_RETRY_ATTEMPTS:
        detail = {"channel": event.channel.code, "error_code": event.error_code}
        open_task(kind=TaskKind.ORDER_EXCEPTION, document_ref=ref, detail=detail, user=user, source=source)


def _process_parked_twins(event: InboundEvent, *, user: Any, source: str) -> None:
    """Other messages of the same channel order still parked (a redelivery, a re-poll) waited for
    the same fix: now that one went through, they are processed too, each in its own transaction,
    with the fix carried over (_carry_fixes). One parked for a reason of its own stays parked."""
    twins = InboundEvent.objects.filter(
        channel_id=event.channel_id, external_id=event.external_id, status=EventStatus.EXCEPTION
    ).exclude(pk=event.pk)
    for twin_id in list(twins.order_by("id").values_list("pk", flat=True)):
        process_event(event_id=twin_id, user=user, source=source)


def process_stale_events(*, older_than_seconds: int, user: Any, source: str) -> dict[str, int]:
    """Process every event still "received" after `older_than_seconds` (its request died), and every
    channel-unavailable exception due another try (selectors.stale_event_ids); count by outcome."""
    counts: dict[str, int] = {}
    for event_id in selectors.stale_event_ids(older_than=timezone.now() - timedelta(seconds=older_than_seconds)):
        status = process_event(event_id=event_id, user=user, source=source).status
        counts[status] = counts.get(status, 0) + 1
    return counts


def _mark_failed(event: InboundEvent, error: DomainError, *, code: str = "") -> None:
    event.status = EventStatus.DEAD if isinstance(error, MalformedPayload) else EventStatus.EXCEPTION
    event.error_code = code or error.code
    event.error = error.detail[:2000]
    event.error_data = json.loads(json.dumps(error.data, default=str))


def _apply(
    event: InboundEvent, *, user: Any, source: str, fetched: dict[str, Any] | Exception | None = None
) -> tuple[SalesOrder | None, str]:
    adapter = webhook_adapter(event.channel.kind) or api_adapter(event.channel.kind)  # polled: Amazon, Trendyol
    if adapter is None:
        raise InvalidInput(
            gettext("No adapter for channel kind %(kind)r") % {"kind": event.channel.kind},
            kind=event.channel.kind,
        )
    payload = {**adapter.read_json(bytes(event.raw_body)), **event.fixes}
    event.external_id = adapter.external_id(payload)
    if isinstance(fetched, Exception):  # the channel did not answer: parked like any refusal
        raise fetched
    if fetched is not None:
        payload = {**fetched, **event.fixes}
    topic = adapter.order_topic(event.topic, payload) if hasattr(adapter, "order_topic") else event.topic
    updating = topic in getattr(adapter, "UPDATE_TOPICS", frozenset())
    # Fixes carry to every later message of the order, a redelivered create included (see _carry_fixes).
    previous = _previous_payload(event, adapter) if topic in adapter.ORDER_TOPICS else None
    if previous is not None:
        payload = _carry_fixes(payload, event, previous)
    if topic in adapter.ORDER_TOPICS:
        order_in = _with_our_skus(adapter.to_order(payload, channel=event.channel.code), channel_id=event.channel_id)
        _check_total(order_in, adapter.channel_total(payload), accepted=payload.get(ACCEPTED_TOTAL))
        # Reserved as it arrives: the channel has sold those units, so no other channel may.
        order, created = receive_order(order=order_in, user=user, source=source, reserve=True)
        if created and _cancelled_before_it_arrived(event):  # messages may arrive out of order
            reason = f"Cancelled on {event.channel.code} before the order reached us"
            return cancel_order(order_id=order.pk, user=user, source=source, reason=reason), NOTE_CANCELLED_EARLIER
        if created:
            return order, ""
        if updating:  # applied as an edit, if still editable
            changed_at = adapter.changed_at(payload) if hasattr(adapter, "changed_at") else None
            update = _without_unchanged_addresses(order_in, previous, adapter, channel=event.channel.code)
            return apply_channel_update(
                order_id=order.pk, update=update, changed_at=changed_at, user=user, source=source
            )
        return order, NOTE_ALREADY_RECEIVED
    if topic in adapter.CANCEL_TOPICS:
        return _cancel(event, reason=str(payload.get("cancel_reason") or ""), user=user, source=source)
    if topic in getattr(adapter, "DELIVERED_TOPICS", frozenset()):
        return _delivered(event, user=user, source=source)
    # A polling adapter names the states it records without acting on (e.g. Amazon's Pending: no prices yet).
    recorded = getattr(adapter, "RECORD_ONLY_TOPICS", {}).get(event.topic)
    return None, recorded or f"Topic {event.topic!r} is recorded but not handled"


def _fetch_order(event_id: int) -> dict[str, Any] | Exception | None:
    """The whole order when the event's callback only names it (adapter hook fetch_order: BigCommerce).

    Read outside any transaction, so neither the event's row nor (on SQLite) the database stays
    locked while the channel answers; two processors may both read, which is harmless. Only order
    topics fetch (a cancel needs the id alone). A failure (ChannelUnavailable when the channel is
    down) is returned, and raised inside the attempt, so the event is parked with its reason.
    """
    event = InboundEvent.objects.select_related("channel").filter(pk=event_id).first()
    if event is None or event.status == EventStatus.PROCESSED:
        return None
    adapter = webhook_adapter(event.channel.kind)
    fetch = getattr(adapter, "fetch_order", None)
    if adapter is None or fetch is None or event.topic not in adapter.ORDER_TOPICS:
        return None
    try:
        callback = {**adapter.read_json(bytes(event.raw_body)), **event.fixes}
        with adapter.client(event.channel) as http:
            return dict(fetch(http, callback))
    except Exception as error:  # noqa: BLE001 - handed to the attempt, which parks the event with it
        return error


def _with_our_skus(order: OrderIn, *, channel_id: int) -> OrderIn:
    """Map each channel SKU (its ChannelSkuMap first, else the same SKU of ours) or refuse them all."""
    channel_skus = [line.sku for line in order.lines]
    mapped = selectors.sku_map(channel_id=channel_id, external_skus=channel_skus)
    ours = {sku: mapped.get(sku, sku) for sku in channel_skus}
    known = existing_skus(ours.values())
    unknown = sorted({sku for sku, our in ours.items() if our not in known})
    if unknown:
        raise UnmappedSkus(unknown)
    return replace(order, lines=tuple(replace(line, sku=ours[line.sku]) for line in order.lines))


def _check_total(order: OrderIn, channel_total: Decimal | None, *, accepted: object = None) -> None:
    """Refuse (TotalMismatch: the event waits in the queue with both totals) an order whose grand
    total as we read it is not the channel's own, beyond the channel's rounding (domain.total_tolerance),
    unless staff accepted that very channel total (fixes.accept_channel_total)."""
    if channel_total is None or not is_currency(order.currency):  # unpriced yet, or refused by receive_order
        return
    if accepted is not None and domain.money(accepted, field=ACCEPTED_TOTAL) == channel_total:
        return
    lines = [(line.quantity, line.unit_price, line.discount, line.tax) for line in order.lines]
    computed = order_totals(lines, order.shipping_charge)["grand_total"]
    if not domain.totals_agree(
        computed=computed, channel_total=channel_total, currency=order.currency, lines=len(order.lines)
    ):
        tolerance = domain.total_tolerance(order.currency, len(order.lines))
        raise TotalMismatch(
            computed=computed, channel_total=channel_total, currency=order.currency, tolerance=tolerance
        )


def _previous_payload(event: InboundEvent, adapter: Any) -> dict[str, Any] | None:
    """The order as the channel last sent it (the newest processed event of the same order), with
    the fixes staff made to it; None for the first message of an order."""
    earlier = (
        InboundEvent.objects.filter(
            channel_id=event.channel_id, external_id=event.external_id, status=EventStatus.PROCESSED
        )
        .exclude(pk=event.pk)
        .order_by("-id")
        .first()
    )
    if earlier is None:
        return None
    try:
        raw = adapter.read_json(bytes(earlier.raw_body))
    except DomainError:
        return None
    return {"raw": raw, "fixes": dict(earlier.fixes)}


def _carry_fixes(payload: dict[str, Any], event: InboundEvent, previous: dict[str, Any]) -> dict[str, Any]:
    """An address staff fixed on an earlier message stays fixed while the channel keeps sending the
    same (bad) one: without this every update of that order, and every redelivery of its creation,
    would wait in the queue again."""
    carried = {
        key: fixed
        for key, fixed in previous["fixes"].items()
        if key not in event.fixes and payload.get(key) == previous["raw"].get(key)
    }
    return {**payload, **carried}


def _without_unchanged_addresses(
    order_in: OrderIn, previous: dict[str, Any] | None, adapter: Any, *, channel: str
) -> OrderIn:
    """The update's addresses only where the channel changed them since its last message: an
    address staff corrected here is not put back by an update that is about something else."""
    if previous is None:
        return order_in
    try:
        before = adapter.to_order({**previous["raw"], **previous["fixes"]}, channel=channel)
    except DomainError:
        return order_in
    return replace(
        order_in,
        shipping=None if order_in.shipping == before.shipping else order_in.shipping,
        billing=None if order_in.billing == before.billing else order_in.billing,
    )


def _delivered(event: InboundEvent, *, user: Any, source: str) -> tuple[SalesOrder | None, str]:
    """The channel's carrier delivered the order: mark what we shipped of it delivered."""
    order = _order_of(event)
    if order is None:
        return None, NOTE_DELIVERED_UNKNOWN
    shipped = list(order.shipments.filter(status=ShipmentStatus.SHIPPED).order_by("id").values_list("pk", flat=True))
    if not shipped:
        return order, NOTE_DELIVERED_NOT_SHIPPED % order.status
    for shipment_id in shipped:
        mark_delivered(shipment_id=shipment_id, user=user, source=source)
    return order, ""


def _order_of(event: InboundEvent) -> SalesOrder | None:
    """Our order for the event's channel order, if it was ever received."""
    return SalesOrder.objects.filter(channel=event.channel.code, external_id=event.external_id).first()


def _cancelled_before_it_arrived(event: InboundEvent) -> bool:
    """Did a cancellation of this order come first, recorded because there was nothing to cancel?"""
    earlier = InboundEvent.objects.filter(
        channel_id=event.channel_id, external_id=event.external_id, note=NOTE_CANCEL_UNKNOWN
    )
    return earlier.exclude(pk=event.pk).exists()


def _cancel(event: InboundEvent, *, reason: str, user: Any, source: str) -> tuple[SalesOrder | None, str]:
    order = _order_of(event)
    if order is None:
        return None, NOTE_CANCEL_UNKNOWN
    if order.status == OrderStatus.CANCELLED:
        return order, NOTE_ALREADY_CANCELLED
    reason = f"Cancelled on {event.channel.code}" + (f": {reason}" if reason else "")
    return cancel_order(order_id=order.pk, user=user, source=source, reason=reason), ""
