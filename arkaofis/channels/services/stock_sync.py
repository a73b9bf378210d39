"""Channel stock sync: queue the changed available-to-sell quantities, push them at delivery time.

`sync_channel_stock` (the worker runs it every minute or so per sync-enabled channel) computes
each listing's available-to-sell, compares it with what was last pushed (ChannelStockLevel) and,
for the changes only, writes outbox events in one transaction: "channel.stock_push" (batches of
listings to push) and our own "stock.changed" (for subscribers).

The outbox handler `push_stock_event` does NOT push the quantity queued: stock may have been
reserved since, so it computes available-to-sell again at delivery time and pushes that (the
quantity pushed never exceeds what is available at push time), then records it as pushed.

While a channel still has an undelivered push (it is down, or slow), a sync queues nothing more
for it: the push waiting will send the then-current quantities of its listings, and the next sync
after it catches every other change. So a channel that is down for a day leaves one retrying
event, not a day of stale ones.
"""

import logging
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import timedelta
from types import ModuleType

from django.db import transaction
from django.utils import timezone

from arkaofis.catalog.models import Product
from arkaofis.channels import stock
from arkaofis.channels.adapters import api_adapter
from arkaofis.channels.domain import StockPush
from arkaofis.channels.exceptions import ChannelUnavailable
from arkaofis.channels.models import Channel, ChannelStockLevel
from arkaofis.core.models import OutboxEvent, Source
from arkaofis.core.services.audit import record_audit
from arkaofis.core.services.outbox import emit_event

log = logging.getLogger(__name__)

PUSH_TOPIC = "channel.stock_push"
CHECK_TOPIC = "channel.stock_push_check"  # a channel that applies pushes later: read how it went
CHANGED_TOPIC = "stock.changed"
BATCH_SIZE = 250  # listings per push event; each adapter batches its own calls within it
CHECK_AFTER = timedelta(seconds=30)  # Trendyol applies most stock batches within seconds
CHECK_ATTEMPTS = 12  # after 30 s, then back-off from 5 s up to an hour: about 2.5 hours of asking
REASON_LENGTH = 500  # ChannelStockLevel.refused


@dataclass(frozen=True)
class SyncResult:
    channel: str
    checked: int = 0  # listings whose available-to-sell was computed
    changed: int = 0  # listings queued for a push
    events: int = 0  # push events written
    skipped: str = ""  # why nothing was computed, when nothing was


def sync_adapter(channel: Channel) -> tuple[ModuleType | None, str]:
    """The adapter that can push this channel's stock, or None and the reason it can't."""
    if not channel.active:
        return None, "channel inactive"
    if not channel.sync_stock:
        return None, "stock sync off"
    adapter = api_adapter(channel.kind)
    if adapter is None or not hasattr(adapter, "push_stock"):
        return None, f"no stock push for {channel.kind}"
    return adapter, ""


def push_in_flight(channel: Channel) -> bool:
    return OutboxEvent.objects.filter(
        topic=PUSH_TOPIC, delivered_at__isnull=True, payload__channel_id=channel.pk
    ).exists()


def sync_channel_stock(*, channel_id: int, batch_size: int = BATCH_SIZE) -> SyncResult:
    """Queue a push of every listing whose available-to-sell differs from what was last pushed."""
    channel = Channel.objects.get(pk=channel_id)
    adapter, reason = sync_adapter(channel)
    if adapter is None:
        return SyncResult(channel.code, skipped=reason)
    if push_in_flight(channel):
        return SyncResult(channel.code, skipped="push in flight")
    # Read before the transaction: on SQLite a write transaction blocks every other writer, and
    # a figure a moment old is harmless (the push computes it again when it goes out).
    listings = stock.channel_listings(channel, needs_ref=getattr(adapter, "NEEDS_LISTING_REF", False))
    ats = stock.available_to_sell(channel, [listing.product_id for listing in listings])
    with transaction.atomic():
        # Locked so two workers never queue the same changes twice.
        channel = Channel.objects.select_for_update().get(pk=channel_id)
        if push_in_flight(channel):
            return SyncResult(channel.code, skipped="push in flight")
        pushed = stock.last_pushed(channel)
        changed = [listing for listing in listings if pushed.get(listing.product_id) != ats[listing.product_id]]
        events = queue_pushes(channel=channel, listings=changed, ats=ats, pushed=pushed, batch_size=batch_size)
        channel.stock_synced_at = timezone.now()
        channel.save(update_fields=["stock_synced_at"])
    if changed:
        log.info(
            "stock sync channel=%s listings=%s changed=%s events=%s", channel.code, len(listings), len(changed), events
        )
    return SyncResult(channel.code, checked=len(listings), changed=len(changed), events=events)


def queue_pushes(
    *, channel: Channel, listings: Sequence[stock.Listing], ats: dict[int, int], pushed: dict[int, int], batch_size: int
) -> int:
    """Outbox events for these listings: pushes in batches, and one stock.changed per batch.

    Runs inside the caller's transaction. Returns the number of push events written.
    """
    our_skus = dict(Product.objects.filter(pk__in={item.product_id for item in listings}).values_list("pk", "sku"))
    events = 0
    for start in range(0, len(listings), batch_size):
        batch = listings[start : start + batch_size]
        items = [
            {"product_id": item.product_id, "sku": item.sku, "ref": item.ref, "quantity": ats[item.product_id]}
            for item in batch
        ]
        emit_event(topic=PUSH_TOPIC, payload={"channel_id": channel.pk, "channel": channel.code, "items": items})
        events += 1
        # stock.changed only for a real change of available-to-sell (not a channel-side drift fix),
        # one row per product even when it has several listings.
        products = dict.fromkeys(
            item.product_id for item in batch if ats[item.product_id] != pushed.get(item.product_id)
        )
        changes = [
            {
                "product_id": product_id,
                "sku": our_skus.get(product_id, ""),
                "available_to_sell": ats[product_id],
                "previous": pushed.get(product_id),
            }
            for product_id in products
        ]
        if changes:
            emit_event(topic=CHANGED_TOPIC, payload={"channel": channel.code, "items": changes})
    return events


def push_stock_event(event: OutboxEvent) -> None:
    """Outbox handler for "channel.stock_push": push the listings' CURRENT available-to-sell.

    Raises on any failure (the outbox retries with back-off); a push is an absolute quantity, so
    pushing a batch again after a partial failure is harmless.
    """
    channel = Channel.objects.filter(pk=event.payload.get("channel_id")).first()
    if channel is None:
        return
    adapter, reason = sync_adapter(channel)
    if adapter is None:
        log.info("stock push dropped channel=%s event=%s: %s", channel.code, event.pk, reason)
        return
    items = event.payload.get("items") or []
    current = stock.available_to_sell(channel, [item["product_id"] for item in items])
    levels = [
        StockPush(
            sku=item["sku"],
            quantity=current[item["product_id"]],
            product_id=item["product_id"],
            ref=item.get("ref", ""),
        )
        for item in items
    ]
    pushed = [asdict(level) for level in levels]
    with adapter.client(channel) as http:
        receipt = adapter.push_stock(http, channel, levels)
    with transaction.atomic():
        record_pushed_levels(channel=channel, levels=levels, refused=receipt.refused, event_id=event.pk)
        if receipt.pending:
            emit_event(
                topic=CHECK_TOPIC,
                payload={
                    "channel_id": channel.pk,
                    "channel": channel.code,
                    "pending": list(receipt.pending),
                    "items": pushed,
                },
                delay=CHECK_AFTER,
            )
    log.info(
        "stock pushed channel=%s event=%s listings=%s refused=%s",
        channel.code,
        event.pk,
        len(levels),
        len(receipt.refused),
    )


def record_pushed_levels(
    *, channel: Channel, levels: Sequence[StockPush], refused: Mapping[str, str], event_id: int | None
) -> None:
    """Remember what the channel now shows (or refused), so the next sync pushes only changes. Audited."""
    now = timezone.now()
    rows = {
        level.product_id: ChannelStockLevel(
            channel=channel,
            product_id=level.product_id,
            quantity=level.quantity,
            pushed_at=now,
            refused=refused.get(level.sku, "")[:REASON_LENGTH],
        )
        for level in levels
    }
    with transaction.atomic():
        ChannelStockLevel.objects.bulk_create(
            list(rows.values()),
            update_conflicts=True,
            unique_fields=["channel", "product"],
            update_fields=["quantity", "pushed_at", "refused"],
        )
        record_audit(
            user=None,
            source=Source.SYSTEM,
            action="channel.stock_pushed",
            obj=channel,
            data={"event": event_id, "listings": len(levels), "products": len(rows), "refused": sorted(refused)[:50]},
        )
    if refused:
        log.warning("stock push refused channel=%s listings=%s", channel.code, len(refused))


def check_push_event(event: OutboxEvent) -> None:
    """Outbox handler for "channel.stock_push_check": read how a channel that applies pushes later
    (Trendyol) did with them, and mark the listings it refused.

    Raises while the channel is still applying them (PushPending) or does not answer, so the
    outbox asks again with back-off; after CHECK_ATTEMPTS the push is left as taken: the hourly
    reconciliation reads what the channel really shows and fixes any difference.
    """
    channel = Channel.objects.filter(pk=event.payload.get("channel_id")).first()
    adapter = api_adapter(channel.kind) if channel is not None else None
    if channel is None or adapter is None or not hasattr(adapter, "check_push"):
        return
    levels = [StockPush(**item) for item in event.payload.get("items") or []]
    try:
        with adapter.client(channel) as http:
            refused = adapter.check_push(http, channel, event.payload.get("pending") or [], levels)
    except ChannelUnavailable:  # still applying (PushPending), or not answering: ask again, for a while
        if event.attempts < CHECK_ATTEMPTS:
            raise
        log.warning("stock push never confirmed channel=%s event=%s", channel.code, event.pk)
        return
    if refused:
        mark_refused(channel=channel, levels=levels, refused=refused)


def mark_refused(*, channel: Channel, levels: Sequence[StockPush], refused: Mapping[str, str]) -> int:
    """Mark the refused listings' levels, unless a later push has set them since. Audited."""
    marked = 0
    with transaction.atomic():
        for level in levels:
            if level.sku in refused:
                marked += ChannelStockLevel.objects.filter(
                    channel=channel, product_id=level.product_id, quantity=level.quantity
                ).update(refused=refused[level.sku][:REASON_LENGTH])
        record_audit(
            user=None,
            source=Source.SYSTEM,
            action="channel.stock_refused",
            obj=channel,
            data={"listings": marked, "skus": sorted(refused)[:50]},
        )
    log.warning("stock push refused channel=%s listings=%s", channel.code, marked)
    return marked
