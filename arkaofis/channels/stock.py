"""What a channel may sell: its listings and their available-to-sell quantities (reads only).

Available-to-sell (ATS) of a product on a channel = the available-to-promise (on hand − reserved,
kits from their components) summed over the warehouses serving the channel, minus the channel's
stock buffer, never below zero. Per warehouse this is inventory's available_to_promise rule (on
hand − reserved, never negative; a kit is what its components make in one warehouse), read here
for many products in a few statements; a test holds both to the same figures.

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

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet, Sum

from arkaofis.catalog.models import KitComponent, Product
from arkaofis.channels.models import Channel, ChannelSkuMap, ChannelStockLevel
from arkaofis.inventory import domain as inventory_domain
from arkaofis.inventory.models import Quant, Warehouse
from arkaofis.orders.models import SalesOrderLine

CHUNK = 500


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
    """ATS per product id on this channel (every id asked for gets an answer, 0 when none).

    The same figure as inventory's available_to_promise summed over the serving warehouses, but
    for many products in a few statements: a sync of a thousand listings must not make a
    thousand queries every minute.
    """
    wanted = list(product_ids)
    warehouses = serving_warehouse_ids(channel)
    kits = set(Product.objects.filter(pk__in=set(wanted), is_kit=True).values_list("pk", flat=True))
    bills: dict[int, dict[int, int]] = {kit: {} for kit in kits}
    for kit, component, quantity in KitComponent.objects.filter(kit_id__in=kits).values_list(
        "kit_id", "component_id", "quantity"
    ):
        bills[kit][component] = quantity
    stocked = {pk for pk in wanted if pk not in kits} | {c for bill in bills.values() for c in bill}
    free = _free_by_warehouse(stocked, warehouses)
    result = {}
    for product_id in wanted:
        if product_id in kits:
            bill = bills[product_id]
            total = sum(
                inventory_domain.kit_availability({c: free.get((c, w), 0) for c in bill}, bill) for w in warehouses
            )
        else:
            total = sum(free.get((product_id, w), 0) for w in warehouses)
        result[product_id] = max(0, total - channel.stock_buffer)
    return result


def _free_by_warehouse(product_ids: set[int], warehouses: set[int]) -> dict[tuple[int, int], int]:
    """(product, warehouse) → on hand − reserved, never negative: inventory's ATP rule, in bulk."""
    free: dict[tuple[int, int], int] = {}
    ids = sorted(product_ids)
    for start in range(0, len(ids), CHUNK):  # SQLite caps the parameters of one statement
        rows = (
            Quant.objects.filter(product_id__in=ids[start : start + CHUNK], warehouse_id__in=warehouses)
            .values_list("product_id", "warehouse_id")
            .annotate(on_hand=Sum("on_hand"), reserved=Sum("reserved"))
        )
        for product_id, warehouse_id, on_hand, reserved in rows:
            free[(product_id, warehouse_id)] = max(0, on_hand - reserved)
    return free


def last_pushed(channel: Channel) -> dict[int, int]:
    """Quantity last pushed to the channel, per product id."""
    return dict(ChannelStockLevel.objects.filter(channel=channel).values_list("product_id", "quantity"))


def refused_product_ids(channel: Channel) -> set[int]:
    """Our products whose listing the channel refused at the last push."""
    return set(
        ChannelStockLevel.objects.filter(channel=channel).exclude(refused="").values_list("product_id", flat=True)
    )


def pushed_levels(channel: Channel) -> QuerySet[ChannelStockLevel]:
    """The levels pushed to a channel, with their products, for the settings screen: the ones the
    channel refused first (they need someone's attention), then by SKU."""
    taken = ExpressionWrapper(Q(refused=""), output_field=BooleanField())
    return (
        ChannelStockLevel.objects.filter(channel=channel)
        .select_related("product")
        .order_by(taken.asc(), "product__sku")
    )


def sync_enabled_channel_ids() -> list[int]:
    return list(Channel.objects.filter(active=True, sync_stock=True).order_by("pk").values_list("pk", flat=True))
