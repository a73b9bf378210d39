"""Sales channels, every message they send us, and how their SKUs map to ours.

Nothing a channel sends is dropped: a message that passes the signature check is stored as an
InboundEvent before anything else is tried, and keeps its raw body for inspection and re-processing.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class ChannelKind(models.TextChoices):
    SHOPIFY = "shopify", "Shopify"
    WOOCOMMERCE = "woocommerce", "WooCommerce"
    BIGCOMMERCE = "bigcommerce", "BigCommerce"
    AMAZON = "amazon", "Amazon"
    TRENDYOL = "trendyol", "Trendyol"


class SplitPolicy(models.TextChoices):
    """What routing does when no single warehouse can ship the whole order."""

    SPLIT = "split", _("Split into shipments")
    BACKORDER = "backorder", _("Backorder, ship complete")


class Channel(models.Model):
    # Orders carry the channel code (orders.SalesOrder.channel is 32 characters).
    code = models.SlugField(max_length=32, unique=True)
    kind = models.CharField(max_length=16, choices=ChannelKind.choices)
    name = models.CharField(max_length=100)
    active = models.BooleanField(default=True)
    # Sealed by channels/secrets.py, never the plain secret in a form, a log or the admin.
    webhook_secret_sealed = models.TextField(blank=True)
    # The channel's API: base URL and credentials (a JSON object of the adapter's own keys,
    # e.g. {"access_token": …} or {"consumer_key": …, "consumer_secret": …}), sealed like the secret.
    api_base_url = models.URLField(max_length=300, blank=True)
    credentials_sealed = models.TextField(blank=True)
    # Channel-specific settings that are not secret (Shopify location id, Trendyol supplier id, …).
    options = models.JSONField(default=dict, blank=True)
    split_policy = models.CharField(max_length=10, choices=SplitPolicy.choices, default=SplitPolicy.SPLIT)
    # Warehouses allowed to ship this channel's orders and whose stock it sells; none = all.
    warehouses = models.ManyToManyField("inventory.Warehouse", blank=True, related_name="+")
    sync_stock = models.BooleanField(default=False)
    stock_buffer = models.PositiveIntegerField(default=0)  # units held back from what the channel may sell
    # When stock sync and reconciliation last ran to the end (even with nothing to push), for the screen.
    stock_synced_at = models.DateTimeField(null=True, blank=True)
    stock_reconciled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    @property
    def also_known_as(self) -> list[str]:
        """The code and the kind, each only where the name does not already say it: a heading
        reads "Amazon", not "amazon Amazon"; "Toy shop" still shows its code and that it is Shopify."""
        said = {_plain(self.name)}
        extras = []
        for other in (self.code, self.get_kind_display()):
            if _plain(other) not in said:
                extras.append(other)
                said.add(_plain(other))
        return extras


def _plain(text: str) -> str:
    return "".join(ch for ch in str(text).casefold() if ch.isalnum())


class EventStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    PROCESSED = "processed", _("Processed")
    EXCEPTION = "exception", _("Exception")  # understood, but needs a fix (unknown SKU, bad address)
    DEAD = "dead", _("Dead letter")  # could not be read at all (malformed body)


class InboundEvent(models.Model):
    """One delivery from a channel, stored as received. (channel, delivery_id) dedupes retries."""

    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="events")
    topic = models.CharField(max_length=64)
    delivery_id = models.CharField(max_length=255)
    external_id = models.CharField(max_length=100, blank=True)  # the channel's order id, once read
    raw_body = models.BinaryField()  # the exact bytes, so nothing is lost to decoding
    headers = models.JSONField(default=dict, blank=True)  # an allow-listed subset, never signatures
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=EventStatus.choices, default=EventStatus.RECEIVED)
    error_code = models.CharField(max_length=64, blank=True)
    error = models.TextField(blank=True)
    error_data = models.JSONField(default=dict, blank=True)
    note = models.CharField(max_length=300, blank=True)  # e.g. "cancel recorded, not applied yet"
    # Corrections made in the exception queue (e.g. a shipping address), in the channel's own shape,
    # laid over the payload when it is re-processed. raw_body itself is never edited: it is evidence.
    fixes = models.JSONField(default=dict, blank=True)
    order = models.ForeignKey(
        "orders.SalesOrder", null=True, blank=True, on_delete=models.SET_NULL, related_name="inbound_events"
    )

    class Meta:
        verbose_name = _("inbound event")
        verbose_name_plural = _("inbound events")
        ordering = ["-received_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["channel", "delivery_id"], name="inbound_event_once")]
        indexes = [
            models.Index(fields=["status", "-received_at"]),
            # The messages of one channel order: its earlier message, a cancel that came first.
            models.Index(fields=["channel", "external_id"], name="inbound_event_order"),
        ]
        permissions = [("reprocess_inboundevent", "Can re-process inbound channel events")]

    def __str__(self) -> str:
        return f"{self.channel_id}:{self.topic}:{self.delivery_id}"


class ChannelSkuMap(models.Model):
    """A channel's SKU mapped to our product once, for good."""

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="sku_maps")
    external_sku = models.CharField(max_length=255)
    product = models.ForeignKey("catalog.Product", on_delete=models.PROTECT, related_name="+")
    # The channel's own id for the listing when its stock API needs one (Shopify: inventory_item_id).
    listing_ref = models.CharField(max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("channel SKU map")
        verbose_name_plural = _("channel SKU maps")
        ordering = ["channel", "external_sku"]
        constraints = [models.UniqueConstraint(fields=["channel", "external_sku"], name="channel_sku_once")]

    def __str__(self) -> str:
        return f"{self.channel_id}:{self.external_sku} → {self.product_id}"


class PollCursor(models.Model):
    """Where a polling adapter got to (e.g. Amazon's LastUpdatedAfter), moved only after a page is stored."""

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="cursors")
    name = models.CharField(max_length=64)
    value = models.CharField(max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("poll cursor")
        verbose_name_plural = _("poll cursors")
        constraints = [models.UniqueConstraint(fields=["channel", "name"], name="poll_cursor_once")]

    def __str__(self) -> str:
        return f"{self.channel_id}:{self.name}={self.value}"


class ChannelStockLevel(models.Model):
    """The quantity last pushed to a channel for a product, so only changes are pushed again."""

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="stock_levels")
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="+")
    quantity = models.IntegerField()
    pushed_at = models.DateTimeField()
    # Blank when the channel took the quantity; else its reason for refusing the listing. A refused
    # listing is pushed again when its quantity changes (or drift is found), not every minute.
    refused = models.CharField(max_length=500, blank=True, default="")

    class Meta:
        verbose_name = _("channel stock level")
        verbose_name_plural = _("channel stock levels")
        constraints = [models.UniqueConstraint(fields=["channel", "product"], name="channel_stock_level_once")]

    def __str__(self) -> str:
        return f"{self.channel_id}:{self.product_id}={self.quantity}"


class WebhookSubscription(models.Model):
    """A subscriber to our own events: we POST each event of its topics, signed with its secret."""

    name = models.CharField(max_length=100)
    url = models.URLField(max_length=500)
    topics = models.JSONField(default=list)  # e.g. ["order.created", "stock.changed"]; ["*"] = all
    secret_sealed = models.TextField()
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PushStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")  # queued, or retrying after the channel did not answer
    SENT = "sent", _("Sent")
    REFUSED = "refused", _("Refused")  # the channel said no: waits for a person (fix, then push again)


class ShipmentPush(models.Model):
    """A shipment of a channel's order told to that channel: carrier, tracking and the items shipped.

    One per shipment. Written with the outbox event in the shipping transaction; the delivery
    (channels/services/shipment_push.py) sends `notice` and records the channel's answer here, so
    the channel's settings screen shows what each channel was told and what it refused.
    """

    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="shipment_pushes")
    order = models.ForeignKey("orders.SalesOrder", on_delete=models.PROTECT, related_name="+")
    shipment = models.OneToOneField("fulfilment.Shipment", on_delete=models.PROTECT, related_name="+")
    notice = models.JSONField()  # channels.domain.ShipmentNotice.as_payload()
    status = models.CharField(max_length=10, choices=PushStatus.choices, default=PushStatus.WAITING)
    attempts = models.PositiveIntegerField(default=0)
    channel_ref = models.CharField(max_length=200, blank=True)  # the channel's id of what it now holds
    answer = models.TextField(blank=True)  # the channel's refusal, or why the last attempt failed
    # A refusal of ours kept as its message id and data, so the screen says it in the reader's language.
    answer_data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("shipment push")
        verbose_name_plural = _("shipment pushes")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["channel", "status", "-created_at"], name="shipment_push_screen")]

    def __str__(self) -> str:
        return f"{self.channel_id}:{self.shipment_id}:{self.status}"

    @property
    def answer_told(self) -> str:
        """The answer in the reader's language: ours from its message id, the channel's own words as they came."""
        from arkaofis.channels.exceptions import told

        message_id = self.answer_data.get("message_id")
        return told(gettext(message_id), self.answer_data) if message_id else self.answer
