"""One module per sales channel (shopify, woocommerce, bigcommerce, amazon, trendyol).

Every adapter is a module of plain functions over bytes, dicts and a ChannelHttp; the pipeline in
channels/services/ stores, processes and pushes. What each offers, by role:

- Webhook adapters (a channel that calls us): verify, delivery_id, topic, read_json, external_id,
  to_order, and ORDER_TOPICS (create or update an order), UPDATE_TOPICS (the subset that updates an
  order already received), CANCEL_TOPICS. Optional: is_ping(headers, body) for a subscription ping
  (answered 200, nothing stored: WooCommerce), topic_from_body(body) when the event is named in the
  body, not a header (BigCommerce's scope), fetch_order(http, payload) when the callback carries only
  an id (BigCommerce; called with client(channel) before to_order), order_topic(topic, payload) when
  the order's own status decides what an order topic means (a cancelled status arriving as an
  update: WooCommerce, BigCommerce), DELIVERED_TOPICS (the channel's carrier delivered what we
  shipped: our shipped shipments are marked delivered; Trendyol), address_for_fix(payload, which)
  → the channel's address in the exception queue form's field names when the channel's own names
  differ (WooCommerce).
- Every order adapter: channel_total(payload) → the channel's own grand total (None while it has
  none). The pipeline parks an order whose lines, tax and shipping as to_order read them add up to
  something else (channels.domain.total_tolerance), so to_order must put every discount and tax on
  the lines (core.money.allocate) and leave out nothing the channel charged.
- Polling adapters (we call the channel): poll functions that page through the channel's orders and
  store each as an InboundEvent (see channels/services/polling.py), then the same to_order.
- Every adapter with an API: client(channel) → ChannelHttp with its auth and rate limit;
  test_connection(http, channel) → a short description of what answered; push_stock(http, channel,
  levels: Sequence[channels.domain.StockPush]) → channels.domain.PushReceipt pushes absolute
  available quantities: a listing the channel refuses for good is named in the receipt with the
  channel's reason (the rest count as pushed); any other failure raises, and the outbox retries the
  whole batch, which is harmless since quantities are absolute. A channel that applies pushes later
  names its batches in PushReceipt.pending and offers check_push(http, channel, pending, levels) →
  {channel SKU: reason refused}, raising PushPending while it is still applying them (Trendyol).
  Optional: NEEDS_LISTING_REF = True when pushes need the channel's listing id (StockPush.ref, from
  ChannelSkuMap.listing_ref), with find_listing_refs(http, channel, skus) → {channel SKU: listing
  id} to look them up (channels/services/listing_refs.py); fetch_stock(http, channel, levels:
  Sequence[StockPush]) → {channel SKU: quantity the channel shows} for the reconciliation
  (channels/services/stock_reconcile.py).
"""

from types import ModuleType

from arkaofis.channels.adapters import (
    amazon,
    amazon_shipping,
    bigcommerce,
    bigcommerce_shipping,
    shopify,
    shopify_shipping,
    trendyol,
    trendyol_shipping,
    woocommerce,
    woocommerce_shipping,
)

WEBHOOK_ADAPTERS: dict[str, ModuleType] = {shopify.KIND: shopify}
# Adapters that can be called (stock push, connection test, polling), by channel kind.
API_ADAPTERS: dict[str, ModuleType] = {shopify.KIND: shopify}


# Polled channels (channels/services/polling.py): they call nobody, we read their orders.
API_ADAPTERS.update({amazon.KIND: amazon, trendyol.KIND: trendyol})

# Webhook channels that also answer our calls (order fetch, stock push, connection test).
WEBHOOK_ADAPTERS.update({woocommerce.KIND: woocommerce, bigcommerce.KIND: bigcommerce})
API_ADAPTERS.update({woocommerce.KIND: woocommerce, bigcommerce.KIND: bigcommerce})


# Channels told about our shipments (carrier, tracking, items): channels/adapters/shipping.py.
SHIPMENT_PUSHERS: dict[str, ModuleType] = {
    module.KIND: module
    for module in (shopify_shipping, woocommerce_shipping, bigcommerce_shipping, amazon_shipping, trendyol_shipping)
}


def shipment_pusher(kind: str) -> ModuleType | None:
    return SHIPMENT_PUSHERS.get(kind)


def webhook_adapter(kind: str) -> ModuleType | None:
    return WEBHOOK_ADAPTERS.get(kind)


def api_adapter(kind: str) -> ModuleType | None:
    return API_ADAPTERS.get(kind)
