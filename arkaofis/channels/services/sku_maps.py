"""Map a channel's SKU to one of our products, once and for good."""

from typing import Any

from django.db import transaction

from arkaofis.catalog.exceptions import UnknownSku
from arkaofis.catalog.models import Product
from arkaofis.channels.models import Channel, ChannelSkuMap
from arkaofis.core.exceptions import InvalidInput
from arkaofis.core.services.audit import record_audit


@transaction.atomic
def map_channel_sku(*, channel_id: int, external_sku: str, sku: str, user: Any, source: str) -> ChannelSkuMap:
    """Future orders of `channel_id` with `external_sku` become lines of our `sku`.

    Mapping again replaces the earlier product (audited with both); an unknown SKU of ours is
    refused with UnknownSku and writes nothing.
    """
    external_sku = external_sku.strip()
    if not external_sku or len(external_sku) > 255:
        raise InvalidInput("A channel SKU is 1-255 characters", field="external_sku")
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


def _user(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None
