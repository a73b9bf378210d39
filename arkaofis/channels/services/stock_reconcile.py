"""Stock reconciliation: find listings whose channel quantity drifted from ours, queue their fix.

Pushes only send changes, so anything that moves a channel's quantity behind our back (a person
editing it in the channel's admin, a lost push, a channel-side restore) would stay wrong until the
product's stock changes again. The worker runs this hourly per sync-enabled channel: for every
listing it compares the current available-to-sell with what the channel shows (asked through
the adapter's fetch_stock where it has one, else what we last pushed) and queues a push for every
difference through the outbox, like any other push, and offers again every listing the channel
refused before (fixed in the channel meanwhile, it is taken). Where the channel's pushes need its own
listing ids, it first looks up the ids still missing (services/listing_refs.py).
"""

import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from arkaofis.channels import stock
from arkaofis.channels.domain import StockPush
from arkaofis.channels.models import Channel
from arkaofis.channels.services.listing_refs import can_find_listing_refs, find_listing_refs
from arkaofis.channels.services.stock_sync import push_in_flight, queue_pushes, sync_adapter
from arkaofis.core.models import Source
from arkaofis.core.services.audit import record_audit

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReconcileResult:
    channel: str
    checked: int = 0  # listings compared
    drifted: int = 0  # listings whose channel quantity differs from the current available-to-sell
    retried: int = 0  # listings the channel refused before, offered again
    queued: int = 0  # listings queued for a push (every drifted or retried one)
    asked_channel: bool = False  # the channel itself was asked (adapter has fetch_stock)
    skipped: str = ""


def reconcile_channel_stock(*, channel_id: int) -> ReconcileResult:
    """Compare every listing with the channel and queue a push for each drift; return the counts."""
    channel = Channel.objects.get(pk=channel_id)
    adapter, reason = sync_adapter(channel)
    if adapter is None:
        return ReconcileResult(channel.code, skipped=reason)
    if push_in_flight(channel):  # the channel's figures are about to change anyway
        return ReconcileResult(channel.code, skipped="push in flight")
    if can_find_listing_refs(channel):  # a listing created in the channel since gets its id
        find_listing_refs(channel_id=channel.pk, user=None, source=Source.SYSTEM)
    listings = stock.channel_listings(channel, needs_ref=getattr(adapter, "NEEDS_LISTING_REF", False))
    ats = stock.available_to_sell(channel, [listing.product_id for listing in listings])
    pushed = stock.last_pushed(channel)
    shown = {listing.sku: pushed.get(listing.product_id) for listing in listings}
    fetch = getattr(adapter, "fetch_stock", None)
    if fetch is not None and listings:
        # Asked outside any transaction: a slow channel must not hold database locks.
        probes = [
            StockPush(sku=x.sku, quantity=ats[x.product_id], product_id=x.product_id, ref=x.ref) for x in listings
        ]
        with adapter.client(channel) as http:
            shown.update(fetch(http, channel, probes))
    drifted = [listing for listing in listings if shown.get(listing.sku) != ats[listing.product_id]]
    # A listing the channel refused is offered again once an hour: fixed in the channel meanwhile,
    # it is taken without waiting for its quantity to change.
    refused = stock.refused_product_ids(channel)
    retried = [x for x in listings if x.product_id in refused and x not in drifted]
    with transaction.atomic():
        locked = Channel.objects.select_for_update().get(pk=channel_id)
        if push_in_flight(locked):  # a sync queued meanwhile: it pushes current figures
            return ReconcileResult(channel.code, checked=len(listings), skipped="push in flight")
        queue_pushes(channel=locked, listings=drifted + retried, ats=ats, pushed=pushed, batch_size=250)
        locked.stock_reconciled_at = timezone.now()
        locked.save(update_fields=["stock_reconciled_at"])
        counts = {
            "checked": len(listings),
            "drifted": len(drifted),
            "retried": len(retried),
            "asked_channel": fetch is not None,
        }
        record_audit(user=None, source=Source.SYSTEM, action="channel.stock_reconciled", obj=locked, data=counts)
    if drifted:
        log.warning("stock drift channel=%s drifted=%s of %s", channel.code, len(drifted), len(listings))
    return ReconcileResult(
        channel.code,
        checked=len(listings),
        drifted=len(drifted),
        retried=len(retried),
        queued=len(drifted) + len(retried),
        asked_channel=fetch is not None,
    )
