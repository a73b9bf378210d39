"""Map a channel's SKU to one of our products, once and for good."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from arkaofis.catalog.exceptions import UnknownSku
from arkaofis.catalog.models import Product
from arkaofis.channels.exceptions import UnmappedSkus
from arkaofis.channels.models import Channel, ChannelSkuMap, EventStatus, InboundEvent
from arkaofis.channels.services.processing import process_event
from arkaofis.core.exceptions import InvalidInput
from arkaofis.core.services.audit import record_audit

REPROCESS_AT_ONCE = 500  # events looked at per mapping; more wait for the next mapping or a click


@transaction.atomic
def map_channel_sku(*, channel_id: int, external_sku: str, sku: str, user: Any, source: str) -> ChannelSkuMap:
    """Future orders of `channel_id` with `external_sku` become lines of our `sku`.

    Mapping again replaces the earlier product (audited with both); an unknown SKU of ours is
    refused with UnknownSku and writes nothing.
    """
    external_sku = external_sku.strip()
    if not external_sku or len(external_sku) > 255:
        raise InvalidInput(gettext("A channel SKU is 1-255 characters"), field="external_sku")
    product = Product.objects.filter(sku=sku.strip()).first()
    if product is None:
        raise UnknownSku(sku.strip())
    channel = Channel.objects.get(pk=channel_id)
    mapping = ChannelSkuMap.objects.select_for_update().filter(channel=channel, external_sku=external_sku).first()
    before = mapping.product.sku if mapping else None
    if mapping is None:
        mapping = ChannelSkuMap.objects.create(
            channel=channel, external_sku=external_sku, product=product, created_by=_user(user)
        )
    elif mapping.product_id != product.pk:
        mapping.product = product
        mapping.save(update_fields=["product"])
    data = {"channel": channel.code, "external_sku": external_sku, "sku": product.sku, "before": before}
    record_audit(user=user, source=source, action="channel.sku_mapped", obj=mapping, data=data)
    return mapping


def reprocess_waiting_for(*, channel_id: int, external_sku: str, user: Any, source: str) -> tuple[int, int]:
    """Process again the channel's events that wait only for a mapping (unmapped-skus) naming this
    SKU, oldest first, so mapping a SKU once creates the orders that waited for it. Returns
    (orders now in, events still waiting: another SKU of theirs is unmapped too)."""
    waiting = (
        InboundEvent.objects.filter(channel_id=channel_id, status=EventStatus.EXCEPTION, error_code=UnmappedSkus.code)
        .order_by("id")
        .only("pk", "error_data")[:REPROCESS_AT_ONCE]
    )
    done = still = 0
    for event in waiting:
        if external_sku not in (event.error_data.get("skus") or []):
            continue
        outcome = process_event(event_id=event.pk, user=user, source=source)
        if outcome.status == EventStatus.PROCESSED:
            done += 1
        else:
            still += 1
    return done, still


def _user(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None
