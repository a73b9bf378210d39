"""Find the channel's own ids of its listings (Shopify's inventory_item_id) by SKU, so nobody has
to copy them from the channel's admin one by one.

Which listings: the channel's SKU maps without a listing id, and our products it has sold under
our own SKU (no map yet: one is created, our SKU for our SKU, with the id found). The channel is
asked outside any transaction; what it answers is written in one, audited. The hourly
reconciliation runs it too, so a listing created in the channel gets its id without anyone asking.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from arkaofis.channels import stock
from arkaofis.channels.adapters import api_adapter
from arkaofis.channels.models import Channel, ChannelSkuMap
from arkaofis.core.exceptions import InvalidInput
from arkaofis.core.services.audit import record_audit

MISSING_KEPT = 50  # SKUs named in the audit row and the answer; the count is always whole


@dataclass(frozen=True)
class ListingRefsFound:
    asked: int = 0  # listings without an id
    found: int = 0  # of them, the ones the channel has an id for (now saved)
    missing: list[str] = field(default_factory=list)  # channel SKUs the channel has no listing for


def can_find_listing_refs(channel: Channel) -> bool:
    adapter = api_adapter(channel.kind)
    return adapter is not None and hasattr(adapter, "find_listing_refs")


def find_listing_refs(*, channel_id: int, user: Any, source: str) -> ListingRefsFound:
    """Ask the channel for the id of every listing that has none and save what it knows."""
    channel = Channel.objects.get(pk=channel_id)
    adapter = api_adapter(channel.kind)
    if adapter is None or not hasattr(adapter, "find_listing_refs"):
        raise InvalidInput(gettext("A %(kind)s channel needs no listing ids") % {"kind": channel.kind}, field="channel")
    without = [listing for listing in stock.channel_listings(channel) if not listing.ref]
    if not without:
        return ListingRefsFound()
    with adapter.client(channel) as http:
        refs = adapter.find_listing_refs(http, channel, sorted({listing.sku for listing in without}))
    missing = sorted({listing.sku for listing in without if not refs.get(listing.sku)})
    with transaction.atomic():
        saved = _save(channel, {listing: refs[listing.sku] for listing in without if refs.get(listing.sku)}, user)
        if saved:  # a look-up that changed nothing is no write to audit (the reconciliation's hourly one)
            data = {"asked": len(without), "found": saved, "missing": missing[:MISSING_KEPT]}
            record_audit(user=user, source=source, action="channel.listing_refs_found", obj=channel, data=data)
    return ListingRefsFound(asked=len(without), found=saved, missing=missing[:MISSING_KEPT])


def _save(channel: Channel, refs: dict[stock.Listing, str], user: Any) -> int:
    """Set each listing's id: on its SKU map if it still has none, else on a new map. Returns how
    many were set (a map given an id meanwhile, by hand, keeps it)."""
    saved = 0
    creator = user if getattr(user, "is_authenticated", False) else None
    for listing, ref in refs.items():
        mapping, created = ChannelSkuMap.objects.select_for_update().get_or_create(
            channel=channel,
            external_sku=listing.sku,
            defaults={"product_id": listing.product_id, "listing_ref": ref, "created_by": creator},
        )
        if created:
            saved += 1
        elif not mapping.listing_ref and mapping.product_id == listing.product_id:
            mapping.listing_ref = ref
            mapping.save(update_fields=["listing_ref"])
            saved += 1
    return saved
