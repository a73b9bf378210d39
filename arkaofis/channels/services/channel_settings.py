"""Change a channel's settings, test its connection, set a listing's channel id.

Secrets (API credentials, webhook secret) are write-only: a value given replaces the stored one,
a blank keeps it, and none is ever returned, logged or audited (the audit says which changed).
"""

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from arkaofis.channels.adapters import api_adapter
from arkaofis.channels.models import Channel, ChannelSkuMap, SplitPolicy
from arkaofis.channels.secrets import UnreadableSecret, open_credentials, seal_credentials, seal_secret
from arkaofis.core.exceptions import DomainError, InvalidInput, NotFound
from arkaofis.core.services.audit import record_audit
from arkaofis.inventory.models import Warehouse

log = logging.getLogger(__name__)

# The credential keys each kind's adapter reads (channels/adapters/<kind>.py).
CREDENTIAL_KEYS: dict[str, tuple[str, ...]] = {
    "shopify": ("access_token",),
    "woocommerce": ("consumer_key", "consumer_secret"),
    "bigcommerce": ("access_token",),
    "amazon": ("refresh_token", "client_id", "client_secret"),
    "trendyol": ("api_key", "api_secret"),
}
MAX_BUFFER = 1_000_000


@dataclass(frozen=True)
class ChannelSettings:
    name: str
    active: bool
    api_base_url: str
    options: dict[str, Any]
    split_policy: str
    warehouse_ids: Sequence[int]
    sync_stock: bool
    stock_buffer: int
    credentials: Mapping[str, str]  # only the keys given a new value
    webhook_secret: str = ""  # blank keeps the stored secret


def update_channel_settings(*, channel_id: int, settings: ChannelSettings, user: Any, source: str) -> Channel:
    _check(settings)
    with transaction.atomic():
        channel = Channel.objects.select_for_update().filter(pk=channel_id).first()
        if channel is None:
            raise NotFound(gettext("No channel %(channel_id)s") % {"channel_id": channel_id}, channel=channel_id)
        before = _plain_fields(channel)
        channel.name, channel.active = settings.name.strip(), settings.active
        channel.api_base_url, channel.options = settings.api_base_url.strip(), dict(settings.options)
        channel.split_policy, channel.sync_stock = settings.split_policy, settings.sync_stock
        channel.stock_buffer = settings.stock_buffer
        secrets_changed = _apply_secrets(channel, settings)
        channel.save()
        old_warehouses = set(channel.warehouses.values_list("pk", flat=True))
        channel.warehouses.set(Warehouse.objects.filter(pk__in=settings.warehouse_ids))
        after = _plain_fields(channel)
        changed = {name: value for name, value in after.items() if before[name] != value}
        if old_warehouses != set(settings.warehouse_ids):
            changed["warehouses"] = sorted(settings.warehouse_ids)
        data = {"changed": [*changed, *secrets_changed], **changed}
        record_audit(user=user, source=source, action="channel.settings_changed", obj=channel, data=data)
    return channel


def _check(settings: ChannelSettings) -> None:
    if not settings.name.strip() or len(settings.name) > 100:
        raise InvalidInput(gettext("The name must be 1-100 characters"), field="name")
    if settings.split_policy not in SplitPolicy.values:
        raise InvalidInput(
            gettext("Unknown split policy %(split_policy)r") % {"split_policy": settings.split_policy},
            field="split_policy",
        )
    if not 0 <= settings.stock_buffer <= MAX_BUFFER:
        raise InvalidInput(
            gettext("The stock buffer must be 0-%(max_buffer)s") % {"max_buffer": MAX_BUFFER}, field="stock_buffer"
        )
    if not isinstance(settings.options, dict):
        raise InvalidInput(gettext("Options must be a JSON object"), field="options")
    known = set(Warehouse.objects.filter(pk__in=settings.warehouse_ids).values_list("pk", flat=True))
    if known != set(settings.warehouse_ids):
        raise InvalidInput(gettext("Unknown warehouse"), field="warehouses")


def _plain_fields(channel: Channel) -> dict[str, Any]:
    names = ("name", "active", "api_base_url", "options", "split_policy", "sync_stock", "stock_buffer")
    return {name: getattr(channel, name) for name in names}


def _apply_secrets(channel: Channel, settings: ChannelSettings) -> list[str]:
    """Seal the secrets given (blank keeps the stored one); return the names of those changed."""
    changed = []
    given = {key: value for key, value in settings.credentials.items() if value}
    if given:
        try:
            stored = open_credentials(channel.credentials_sealed)
        except (UnreadableSecret, ValueError):
            stored = {}  # sealed under another key: the new values replace what can't be read
        channel.credentials_sealed = seal_credentials({**stored, **given})
        changed += [f"credentials.{key}" for key in sorted(given)]
    if settings.webhook_secret:
        channel.webhook_secret_sealed = seal_secret(settings.webhook_secret)
        changed.append("webhook_secret")
    return changed


@dataclass(frozen=True)
class ConnectionResult:
    ok: bool
    message: str


def test_channel_connection(*, channel_id: int) -> ConnectionResult:
    """Call the channel's API once (the adapter's test_connection) and say what answered or why not."""
    channel = Channel.objects.get(pk=channel_id)
    adapter = api_adapter(channel.kind)
    if adapter is None or not hasattr(adapter, "test_connection"):
        return ConnectionResult(False, gettext("No API adapter for %(kind)s channels yet") % {"kind": channel.kind})
    try:
        with adapter.client(channel) as http:
            answer = adapter.test_connection(http, channel)
    except DomainError as error:  # channel down, refused, not configured: the detail names no secret
        return ConnectionResult(False, error.localized())
    except UnreadableSecret:
        return ConnectionResult(False, gettext("The stored credentials can't be opened: enter them again"))
    except Exception as error:  # anything else: its type only, never its text (it may quote a header)
        log.exception("connection test failed channel=%s", channel.code)
        return ConnectionResult(False, gettext("Unexpected error (%(kind)s)") % {"kind": type(error).__name__})
    log.info("connection test ok channel=%s", channel.code)
    return ConnectionResult(True, str(answer))


@transaction.atomic
def set_listing_ref(*, map_id: int, listing_ref: str, user: Any, source: str) -> ChannelSkuMap:
    """The channel's own id for a mapped listing (Shopify: its inventory_item_id)."""
    listing_ref = listing_ref.strip()
    if len(listing_ref) > 100 or not listing_ref.isprintable():
        raise InvalidInput(gettext("A listing id is at most 100 printable characters"), field="listing_ref")
    mapping = ChannelSkuMap.objects.select_for_update().filter(pk=map_id).first()
    if mapping is None:
        raise NotFound(gettext("No SKU map %(map_id)s") % {"map_id": map_id}, sku_map=map_id)
    old = mapping.listing_ref
    mapping.listing_ref = listing_ref
    mapping.save(update_fields=["listing_ref"])
    data = {"external_sku": mapping.external_sku, "from": old, "to": listing_ref}
    record_audit(user=user, source=source, action="channel.listing_ref_set", obj=mapping, data=data)
    return mapping
