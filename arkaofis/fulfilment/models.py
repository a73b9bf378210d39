"""Shipments and the floor's work on them: waves, pick batches (one per cart), pick lines, boxes, carriers.

An order released to warehouses gets one shipment per warehouse; a wave groups pending shipments,
splits them into batches (one picker's cart) and lists the bins to walk in route order. A pick moves
the units from their bin to the warehouse's packing location, still reserved for the order; shipping
moves them from wherever they are held to the customer location (consuming the reservations).
The stages and their moves are `domain/stages.py`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _


class ShipmentStatus(models.TextChoices):
    PENDING = "pending", _("Pending")  # released to the warehouse, not yet in a wave
    PICKING = "picking", _("Picking")
    PICKED = "picked", _("Picked")
    PACKED = "packed", _("Packed")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")


class Shipment(models.Model):
    order = models.ForeignKey("orders.SalesOrder", on_delete=models.PROTECT, related_name="shipments")
    warehouse = models.ForeignKey("inventory.Warehouse", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=ShipmentStatus.choices, default=ShipmentStatus.PENDING)
    carrier = models.CharField(max_length=64, blank=True)
    tracking_number = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    shipped_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    shipped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    wave = models.ForeignKey("Wave", null=True, blank=True, on_delete=models.SET_NULL, related_name="shipments")
    batch = models.ForeignKey("PickBatch", null=True, blank=True, on_delete=models.SET_NULL, related_name="shipments")
    tote = models.PositiveSmallIntegerField(null=True, blank=True)  # its slot on the batch's cart
    picked_at = models.DateTimeField(null=True, blank=True)
    packed_at = models.DateTimeField(null=True, blank=True)
    packed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    box = models.ForeignKey("Box", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    weight_g = models.PositiveIntegerField(null=True, blank=True)
    carrier_account = models.ForeignKey(
        "CarrierAccount", null=True, blank=True, on_delete=models.PROTECT, related_name="shipments"
    )
    service = models.CharField(max_length=64, blank=True)
    tracking_url = models.URLField(max_length=300, blank=True)
    sscc = models.CharField(max_length=18, blank=True)
    labelled_at = models.DateTimeField(null=True, blank=True)
    # The label a carrier sold us (EasyPost), printed as it came: its routing codes are the carrier's,
    # so we must not print our own in its place. Empty for carriers whose label we draw (own fleet, Yurtiçi).
    carrier_label = models.BinaryField(null=True, blank=True, editable=False)
    carrier_label_format = models.CharField(max_length=8, blank=True)  # "pdf" or "zpl"

    class Meta:
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")
        ordering = ["order", "id"]
        indexes = [models.Index(fields=["status", "warehouse"])]
        permissions = [("ship_shipment", "Can mark shipments shipped and delivered")]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"SH-{self.pk:06d}" if self.pk else ""


class ShipmentLine(models.Model):
    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey("orders.SalesOrderLine", on_delete=models.PROTECT, related_name="shipment_lines")
    quantity = models.PositiveIntegerField()
    picked_quantity = models.PositiveIntegerField(default=0)
    packed_quantity = models.PositiveIntegerField(default=0)  # scanned into the box (whole kits for a kit line)
    # A kit line's components scanned so far ({component product id: units}); whole kits count above.
    packed_parts = models.JSONField(default=dict, blank=True)
    short_quantity = models.PositiveIntegerField(default=0)  # not found when picked and not held elsewhere

    class Meta:
        verbose_name = _("shipment line")
        verbose_name_plural = _("shipment lines")
        ordering = ["shipment", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="shipment_line_quantity_positive"),
            models.UniqueConstraint(fields=["shipment", "order_line"], name="shipment_line_once"),
            models.CheckConstraint(
                condition=models.Q(packed_quantity__lte=models.F("quantity")), name="shipment_line_packed_within"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.shipment_id}: {self.quantity} × {self.order_line_id}"

    @property
    def to_ship(self) -> int:
        return self.quantity - self.short_quantity


class WaveStatus(models.TextChoices):
    OPEN = "open", _("Open")  # being picked
    DONE = "done", _("Done")  # every batch picked (or cancelled)
    CANCELLED = "cancelled", _("Cancelled")


# Words of a wave's rule, stored in English (the planner's language would be a stranger's to the
# picker reading it) and said in the reader's language by Wave.rule_shown.
SINGLE_LINE, MULTI_LINE = gettext_noop("single-line"), gettext_noop("multi-line")
RULE_SEPARATOR = " · "


class Wave(models.Model):
    """Shipments released to the floor together, by one rule (carrier cut-off, priority, zone, lines)."""

    warehouse = models.ForeignKey("inventory.Warehouse", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=WaveStatus.choices, default=WaveStatus.OPEN)
    rule = models.CharField(max_length=200, blank=True)  # why these shipments go together, for the screen
    cutoff_at = models.DateTimeField(null=True, blank=True)  # the earliest carrier cut-off in the wave
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("wave")
        verbose_name_plural = _("waves")
        ordering = ["-id"]
        permissions = [("plan_wave", "Can plan waves and batches")]

    def __str__(self) -> str:
        return self.number

    @property
    def rule_shown(self) -> str:
        """The rule in the reader's language (times, carriers and zones stay as they are)."""
        words = {SINGLE_LINE, MULTI_LINE}
        return RULE_SEPARATOR.join(gettext(part) if part in words else part for part in self.rule.split(RULE_SEPARATOR))

    @property
    def number(self) -> str:
        return f"WV-{self.pk:06d}" if self.pk else ""


class BatchStatus(models.TextChoices):
    OPEN = "open", _("Open")
    PICKING = "picking", _("Picking")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class PickBatch(models.Model):
    """One picker's trip with one cart: its shipments and the bins in walking order."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="batches")
    warehouse = models.ForeignKey("inventory.Warehouse", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=BatchStatus.choices, default=BatchStatus.OPEN)
    picker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    route_m = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)  # the planned walk
    baseline_m = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)  # S-shape, to compare
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("pick batch")
        verbose_name_plural = _("pick batches")
        ordering = ["id"]
        indexes = [models.Index(fields=["status", "warehouse"])]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"PB-{self.pk:06d}" if self.pk else ""


class PickLineStatus(models.TextChoices):
    OPEN = "open", _("To pick")
    PICKED = "picked", _("Picked")
    SHORT = "short", _("Short")  # fewer found than asked; the rest went elsewhere or to backorder
    CANCELLED = "cancelled", _("Cancelled")


class PickLine(models.Model):
    """Take `quantity` of a product from a bin for one shipment line: one stop of the batch's route.

    `reservation` is the order's hold these units came from; the pick moves them to packing, where the
    order holds them under a new reservation.
    """

    batch = models.ForeignKey(PickBatch, on_delete=models.CASCADE, related_name="lines")
    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="pick_lines")
    shipment_line = models.ForeignKey(ShipmentLine, on_delete=models.CASCADE, related_name="pick_lines")
    reservation = models.ForeignKey("inventory.Reservation", on_delete=models.PROTECT, related_name="+")
    product = models.ForeignKey("catalog.Product", on_delete=models.PROTECT, related_name="+")
    location = models.ForeignKey("inventory.Location", on_delete=models.PROTECT, related_name="+")
    lot = models.ForeignKey("inventory.Lot", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField()
    picked_quantity = models.PositiveIntegerField(default=0)
    short_quantity = models.PositiveIntegerField(default=0)
    sequence = models.PositiveIntegerField()  # the stop's place on the route
    status = models.CharField(max_length=10, choices=PickLineStatus.choices, default=PickLineStatus.OPEN)
    picked_at = models.DateTimeField(null=True, blank=True)
    picked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("pick line")
        verbose_name_plural = _("pick lines")
        ordering = ["batch", "sequence", "id"]
        indexes = [models.Index(fields=["location", "status"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="pick_line_quantity_positive"),
            models.CheckConstraint(
                condition=models.Q(picked_quantity__lte=models.F("quantity")), name="pick_line_picked_within"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}#{self.sequence}: {self.quantity} × {self.product_id} @ {self.location_id}"

    @property
    def remaining(self) -> int:
        return self.quantity - self.picked_quantity - self.short_quantity


class Box(models.Model):
    """A carton the packers use; inner dimensions in millimetres, the most it may weigh in grams."""

    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=100)
    length_mm = models.PositiveIntegerField()
    width_mm = models.PositiveIntegerField()
    height_mm = models.PositiveIntegerField()
    max_weight_g = models.PositiveIntegerField(default=30000)
    tare_g = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("box")
        verbose_name_plural = _("boxes")
        ordering = ["length_mm", "width_mm", "height_mm", "code"]

    def __str__(self) -> str:
        return self.code

    @property
    def volume_cm3(self) -> int:
        return self.length_mm * self.width_mm * self.height_mm // 1000


class CarrierKind(models.TextChoices):
    MANUAL = "manual", _("Own fleet or manual")
    EASYPOST = "easypost", _("EasyPost")
    YURTICI = "yurtici", _("Yurtiçi Kargo")


class CarrierAccount(models.Model):
    """A carrier the shop hands parcels to: the one list of carriers, edited by managers.

    `options` holds the adapter's settings that are not secret (rates table, URL, label format,
    timeout); credentials come from the environment by code (carriers/registry.py), never from here.
    The manual kind issues tracking numbers from [tracking_first, tracking_last]; `tracking_next`
    is the next serial, taken under a row lock.
    """

    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=16, choices=CarrierKind.choices, default=CarrierKind.MANUAL)
    options = models.JSONField(default=dict, blank=True)
    default_service = models.CharField(max_length=64, blank=True)
    cutoff_time = models.TimeField(null=True, blank=True)  # last pick-up of the day, warehouse time
    shipping_methods = models.CharField(max_length=300, blank=True)  # order shipping methods it serves, comma-separated
    tracking_prefix = models.CharField(max_length=10, blank=True)
    tracking_first = models.PositiveBigIntegerField(default=1)
    tracking_last = models.PositiveBigIntegerField(default=999_999_999)
    tracking_next = models.PositiveBigIntegerField(default=1)
    tracking_check_digit = models.BooleanField(default=True)
    tracking_url_template = models.CharField(max_length=200, blank=True)  # "https://…/{number}"
    is_default = models.BooleanField(default=False)
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("carrier")
        verbose_name_plural = _("carriers")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


# Cycle counts live in their own subpackage; imported here so Django registers them with fulfilment.
from arkaofis.fulfilment.counts.models import (  # noqa: E402, F401
    AbcClass,
    CountBin,
    CountClass,
    CountDoc,
    CountLine,
    CountOrigin,
    CountScope,
    CountStatus,
)

# Transfers and kitting live in their own subpackages; their models are the fulfilment app's.
from arkaofis.fulfilment.kitting.models import KittingLine, KittingOrder  # noqa: E402, F401
from arkaofis.fulfilment.transfers.models import Transfer, TransferLine  # noqa: E402, F401
