"""What a channel may sell: its listings and their available-to-sell quantities (reads only).

Available-to-sell (ATS) of a product on a channel = the available-to-promise (on hand − reserved,
kits from their components) summed over the warehouses serving the channel, minus the channel's
stock buffer, never below zero. ATP per warehouse comes from the inventory selectors, so a
channel never sees a different number than the stock screens.

Which products a channel sells (its listings), by rule:
- every ChannelSkuMap row of the channel: the channel's SKU (and its listing id, if any) for one
  of ours. This is where a shop says "this product is listed there";
- plus our active products that the channel has already sold (lines of its orders that needed no
  mapping: the channel uses our SKU). A real shop lists a subset of the catalogue, so we never push
  the whole catalogue: a product the channel has never sold and nobody mapped is not listed there.
Adapters whose stock API needs the channel's own listing id (Shopify's inventory_item_id) set
NEEDS_LISTING_REF; for them only listings with a `listing_ref` are synced.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from arkaofis.catalog.models import Product
from arkaofis.channels.models import Channel, ChannelSkuMap, ChannelStockLevel
from arkaofis.inventory import selectors as inventory
from arkaofis.inventory.models import Warehouse
from arkaofis.orders.models import SalesOrderLine


@dataclass(frozen=True)
class Listing:
    product_id: int
    sku: str  # the channel's SKU
    ref: str = ""  # the channel's id for the listing, when known


def serving_warehouse_ids(channel: Channel) -> set[int]:
    """Active warehouses whose stock the channel sells: its chosen ones, or every active one."""
    chosen = channel.warehouses.all()
    rows = chosen if chosen.exists() else Warehouse.objects.all()
    return set(rows.filter(active=True).values_list("pk", flat=True))


def channel_listings(channel: Channel, *, needs_ref: bool = False) -> list[Listing]:
    """The channel's listings (see the module's rule), ordered by channel SKU."""
    listings = [
        Listing(product_id=product_id, sku=sku, ref=ref)
        for product_id, sku, ref in ChannelSkuMap.objects.filter(channel=channel).values_list(
            "product_id", "external_sku", "listing_ref"
        )
    ]
    mapped = {listing.product_id for listing in listings}
    sold = (
        SalesOrderLine.objects.filter(order__channel=channel.code, product__active=True)
        .exclude(product_id__in=mapped)
        .values_list("product_id", "product__sku")
        .distinct()
    )
    listings += [Listing(product_id=product_id, sku=sku) for product_id, sku in sold]
    if needs_ref:
        listings = [listing for listing in listings if listing.ref]
    return sorted(listings, key=lambda listing: (listing.sku, listing.product_id))


def available_to_sell(channel: Channel, product_ids: Iterable[int]) -> dict[int, int]:
    """ATS per product id on this channel (every id asked for gets an answer, 0 when none)."""
    wanted = list(product_ids)
    warehouses = serving_warehouse_ids(channel)
    result = {}
    for product in Product.objects.filter(pk__in=set(wanted)):
        by_warehouse = inventory.available_to_promise(product)
        total = sum(quantity for warehouse_id, quantity in by_warehouse.items() if warehouse_id in warehouses)
        result[product.pk] = max(0, total - channel.stock_buffer)
    return {product_id: result.get(product_id, 0) for product_id in wanted}


def last_pushed(channel: Channel) -> dict[int, int]:
    """Quantity last pushed to the channel, per product id."""
    return dict(ChannelStockLevel.objects.filter(channel=channel).values_list("product_id", "quantity"))


def pushed_levels(channel: Channel) -> QuerySet[ChannelStockLevel]:
    """The levels pushed to a channel, with their products, for the settings screen."""
    return ChannelStockLevel.objects.filter(channel=channel).select_related("product").order_by("product__sku")


def sync_enabled_channel_ids() -> list[int]:
    return list(Channel.objects.filter(active=True, sync_stock=True).order_by("pk").values_list("pk", flat=True))
