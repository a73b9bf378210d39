"""One module per sales channel. Each webhook adapter offers the same functions:
verify, delivery_id, topic, read_json, external_id, to_order, and ORDER_TOPICS / CANCEL_TOPICS."""

from types import ModuleType

from arkaofis.channels.adapters import shopify

WEBHOOK_ADAPTERS: dict[str, ModuleType] = {shopify.KIND: shopify}


def webhook_adapter(kind: str) -> ModuleType | None:
    return WEBHOOK_ADAPTERS.get(kind)
