"""Locations, the stock ledger (moves), its materialised balance (quants), reservations,
lots, cost layers and reorder rules.

Invariants (checked by `arkaofis check`): every quant equals the sum of its moves; each
product's moves sum to zero over all locations; reserved <= on_hand where negative stock
is forbidden (also a CHECK constraint on the quant table).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from arkaofis.catalog.models import Product
from arkaofis.core.models import Source
from arkaofis.inventory.exceptions import layout_reason
from arkaofis.inventory.layout import domain as layout


class LayoutKind(models.TextChoices):
    """How the floor is laid out, as pick paths read it. Single block: parallel aisles between a
    front cross aisle (y = 0) and a back one (y = aisle length). Multi block: the same, cut by
    middle cross aisles (`Warehouse.middle_cross_aisles`)."""

    SINGLE_BLOCK = "single_block", _("Single block")
    MULTI_BLOCK = "multi_block", _("Multi block")


# Metres on the floor plan, to the centimetre (7 digits, 2 decimals): x across the aisles, y along them
# from the front cross aisle.


class Warehouse(models.Model):
    code = models.CharField(max_length=16, unique=True)
    name = models.CharField(max_length=100)
    country = models.CharField(max_length=2, default="TR")
    postal_code = models.CharField(max_length=16, blank=True)
    # Where parcels leave from: printed as the ship-from on labels, slips and manifests.
    address_line1 = models.CharField(_("address"), max_length=200, blank=True)
    address_line2 = models.CharField(_("address line 2"), max_length=200, blank=True)
    district = models.CharField(_("district"), max_length=100, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    priority = models.PositiveSmallIntegerField(default=100)  # lower ships first
    active = models.BooleanField(default=True)
    # The floor plan (null: not mapped; bins are then walked in their pick_sequence). Rules: layout/domain.py.
    layout_kind = models.CharField(
        _("layout kind"), max_length=12, choices=LayoutKind.choices, default=LayoutKind.SINGLE_BLOCK
    )
    aisle_length = models.DecimalField(
        _("aisle length (m)"), max_digits=7, decimal_places=2, null=True, blank=True
    )  # front cross aisle (y=0) to back one
    middle_cross_aisles = models.JSONField(_("middle cross aisles (y, m)"), default=list, blank=True)
    depot_x = models.DecimalField(
        _("depot x (m)"), max_digits=7, decimal_places=2, null=True, blank=True
    )  # where carts start and end
    depot_y = models.DecimalField(
        _("depot y (m)"), max_digits=7, decimal_places=2, null=True, blank=True
    )  # 0 on the front cross aisle, < 0 in front of it

    class Meta:
        verbose_name = _("warehouse")
        verbose_name_plural = _("warehouses")
        ordering = ["priority", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(aisle_length__gt=0), name="warehouse_aisle_length_positive"),
            models.CheckConstraint(condition=Q(depot_y__lte=0), name="warehouse_depot_at_front"),
            models.CheckConstraint(
                condition=Q(depot_x__isnull=True, depot_y__isnull=True)
                | Q(depot_x__isnull=False, depot_y__isnull=False),
                name="warehouse_depot_x_with_y",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        """The floor-plan rules, for forms built on the model (the admin); services check the same."""
        problems = layout.floor_problems(
            kind=self.layout_kind, aisle_length=self.aisle_length, middle_cross_aisles=self.middle_cross_aisles or [],
            depot_x=self.depot_x, depot_y=self.depot_y,
        )  # fmt: skip
        _refuse(problems)


def _refuse(problems: list[layout.Problem]) -> None:
    errors: dict[str, list[str]] = {}
    for problem in problems:
        errors.setdefault(problem.field, []).append(layout_reason(problem.code, problem.params))
    if errors:
        raise ValidationError(errors)


class Usage(models.TextChoices):
    """What a location stands for. Everything but INTERNAL is a virtual location."""

    INTERNAL = "internal", _("Internal")
    SUPPLIER = "supplier", _("Supplier")
    CUSTOMER = "customer", _("Customer")
    ADJUSTMENT = "adjustment", _("Adjustment / loss")
    PRODUCTION = "production", _("Production")
    TRANSIT = "transit", _("Transit")
    RETURNS = "returns", _("Returns")
    SCRAP = "scrap", _("Scrap")


class Kind(models.TextChoices):
    WAREHOUSE = "warehouse", _("Warehouse")
    ZONE = "zone", _("Zone")
    BIN = "bin", _("Bin")
    VIRTUAL = "virtual", _("Virtual")


class RemovalStrategy(models.TextChoices):
    FIFO = "fifo", _("First in, first out")
    FEFO = "fefo", _("First expiry, first out")


class Location(models.Model):
    code = models.CharField(max_length=64, unique=True)  # full path, e.g. "IST/A/A-01-02"
    name = models.CharField(max_length=100)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    warehouse = models.ForeignKey(Warehouse, null=True, blank=True, on_delete=models.PROTECT, related_name="locations")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    usage = models.CharField(max_length=10, choices=Usage.choices, default=Usage.INTERNAL)
    allow_negative = models.BooleanField(default=False)
    removal_strategy = models.CharField(max_length=4, choices=RemovalStrategy.choices, default=RemovalStrategy.FIFO)
    active = models.BooleanField(default=True)
    # Where a bin stands (rules: layout/domain.py). aisle, x and y come together: the picker reaches
    # the bin from the aisle's centre line at y. Null on zones, warehouses and unmapped bins.
    aisle = models.PositiveSmallIntegerField(_("aisle"), null=True, blank=True)
    bay = models.PositiveSmallIntegerField(_("bay"), null=True, blank=True)
    level = models.PositiveSmallIntegerField(_("level"), null=True, blank=True)  # 1 = the floor
    x = models.DecimalField(_("x (m)"), max_digits=7, decimal_places=2, null=True, blank=True)
    y = models.DecimalField(_("y (m)"), max_digits=7, decimal_places=2, null=True, blank=True)
    pick_sequence = models.PositiveIntegerField(_("pick sequence"), null=True, blank=True)  # walk order, unmapped
    # What the bin holds at most (null: no limit). Units count base units of every product in it.
    capacity_units = models.PositiveIntegerField(_("capacity (units)"), null=True, blank=True)
    capacity_volume_l = models.PositiveIntegerField(_("capacity (litres)"), null=True, blank=True)
    capacity_weight_kg = models.PositiveIntegerField(_("capacity (kg)"), null=True, blank=True)

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(aisle__isnull=True, x__isnull=True, y__isnull=True)
                | Q(aisle__isnull=False, x__isnull=False, y__isnull=False),
                name="location_aisle_with_x_y",
            ),
            models.CheckConstraint(condition=Q(x__gte=0) & Q(y__gte=0), name="location_coordinates_not_negative"),
            models.CheckConstraint(
                condition=Q(capacity_units__gt=0) & Q(capacity_volume_l__gt=0) & Q(capacity_weight_kg__gt=0),
                name="location_capacity_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        """Where a bin may stand (layout/domain.py), for forms built on the model (the admin)."""
        warehouse = self.warehouse if self.warehouse_id else None
        _refuse(
            layout.place_problems(
                is_bin=self.kind == Kind.BIN and self.usage == Usage.INTERNAL, aisle=self.aisle, x=self.x, y=self.y,
                aisle_length=warehouse.aisle_length if warehouse else None,
            )
        )  # fmt: skip

    @property
    def is_virtual(self) -> bool:
        return self.usage != Usage.INTERNAL

    @property
    def label(self) -> str:
        """The name a reader sees: the virtual locations' stored names are message ids (inventory/apps.py),
        said in the reader's language; a shop's own locations keep the name it gave them."""
        return gettext(self.name) if self.kind == Kind.VIRTUAL and self.name else self.name


class Lot(models.Model):
    """A lot or a serial number of one product, with an optional expiry date (for FEFO)."""

    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="lots")
    code = models.CharField(max_length=64)
    expires_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        constraints = [models.UniqueConstraint(fields=["product", "code"], name="lot_code_per_product")]

    def __str__(self) -> str:
        return self.code


class MoveReason(models.TextChoices):
    OPENING = "opening", _("Opening stock")
    RECEIPT = "receipt", _("Receipt")
    ADJUSTMENT = "adjustment", _("Adjustment")
    TRANSFER = "transfer", _("Transfer")
    SHIPMENT = "shipment", _("Shipment")
    RETURN = "return", _("Return")
    SCRAP = "scrap", _("Scrap")
    PRODUCTION = "production", _("Production")
    SUPPLIER_RETURN = "supplier_return", _("Return to supplier")


class StockMove(models.Model):
    """One row of the append-only ledger: `quantity` of `product` from one location to another."""

    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="moves")
    quantity = models.PositiveIntegerField()
    from_location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="moves_out")
    to_location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="moves_in")
    lot = models.ForeignKey(Lot, null=True, blank=True, on_delete=models.PROTECT)
    reason = models.CharField(max_length=16, choices=MoveReason.choices)
    reason_code = models.CharField(max_length=32, blank=True)  # adjustment reason: damaged, found, …
    source_document = models.CharField(max_length=100, blank=True, db_index=True)
    unit_cost = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    value = models.DecimalField(max_digits=18, decimal_places=4, default=0)  # quantity × cost of goods moved
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.SYSTEM)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("stock move")
        verbose_name_plural = _("stock moves")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["product", "created_at"])]
        permissions = [("adjust_stock", "Can adjust stock"), ("transfer_stock", "Can transfer stock")]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="move_quantity_positive"),
            models.CheckConstraint(condition=~Q(from_location=models.F("to_location")), name="move_between_two"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.product_id}: {self.from_location_id} → {self.to_location_id}"


# The range of every stock balance: a quant's on_hand (and reserved), and the units of a cost layer,
# lie within ±BALANCE_LIMIT, PostgreSQL's `integer` (32-bit). A virtual location's balance is the
# sum of every unit that ever passed through it (the adjustment location holds minus every unit
# ever found), so it is the one that grows: 2,147,483,647 units of one product (and lot) through
# one place in a shop's life. A move that would take a balance beyond is refused with
# QuantityOutOfRange (a 422 problem) and writes nothing; one move carries at most MAX_QUANTITY.
BALANCE_LIMIT = 2**31 - 1
MAX_QUANTITY = 1_000_000_000  # units one move (one request, one form) may carry: whole base units


class Quant(models.Model):
    """Balance of one product at one location (and lot): the ledger's sum, kept in step with it.

    `warehouse` and `negative_allowed` are copied from the location so availability and the
    no-oversell guard need no join. Balances stay within ±BALANCE_LIMIT.
    """

    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="quants")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="quants")
    lot = models.ForeignKey(Lot, null=True, blank=True, on_delete=models.PROTECT)
    warehouse = models.ForeignKey(Warehouse, null=True, blank=True, on_delete=models.PROTECT)
    on_hand = models.IntegerField(default=0)
    reserved = models.IntegerField(default=0)
    negative_allowed = models.BooleanField(default=False)
    in_date = models.DateTimeField()  # first arrival, for FIFO removal

    class Meta:
        verbose_name = _("quant")
        verbose_name_plural = _("quants")
        indexes = [models.Index(fields=["product", "warehouse"], name="quant_product_warehouse")]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "location"], condition=Q(lot__isnull=True), name="quant_once_without_lot"
            ),
            models.UniqueConstraint(
                fields=["product", "location", "lot"], condition=Q(lot__isnull=False), name="quant_once_per_lot"
            ),
            models.CheckConstraint(condition=Q(reserved__gte=0), name="quant_reserved_not_negative"),
            models.CheckConstraint(
                condition=Q(negative_allowed=True) | (Q(on_hand__gte=0) & Q(reserved__lte=models.F("on_hand"))),
                name="quant_no_oversell",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product_id}@{self.location_id}: {self.on_hand} ({self.reserved} reserved)"

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


class ReservationStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    RELEASED = "released", _("Released")
    CONSUMED = "consumed", _("Consumed")


class Reservation(models.Model):
    """Stock held on one quant for a demand (an order line later). Also its own audit record."""

    product = models.ForeignKey(Product, on_delete=models.PROTECT)
    warehouse = models.ForeignKey(Warehouse, on_delete=models.PROTECT)
    quant = models.ForeignKey(Quant, on_delete=models.PROTECT, related_name="reservations")
    location = models.ForeignKey(Location, on_delete=models.PROTECT)
    lot = models.ForeignKey(Lot, null=True, blank=True, on_delete=models.PROTECT)
    quantity = models.PositiveIntegerField()
    demand_ref = models.CharField(max_length=100, db_index=True)
    status = models.CharField(max_length=8, choices=ReservationStatus.choices, default=ReservationStatus.ACTIVE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.SYSTEM)
    created_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("reservation")
        verbose_name_plural = _("reservations")
        constraints = [models.CheckConstraint(condition=Q(quantity__gt=0), name="reservation_quantity_positive")]
        permissions = [("reserve_stock", "Can reserve and release stock")]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.product_id} for {self.demand_ref} ({self.status})"


class CostLayer(models.Model):
    """Cost of stock that entered the valued (internal) locations; consumed FIFO on the way out.

    A moving-average product keeps one open layer whose unit cost is the running average.
    """

    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="cost_layers")
    move = models.ForeignKey(StockMove, null=True, blank=True, on_delete=models.PROTECT)
    quantity = models.PositiveIntegerField()
    remaining = models.PositiveIntegerField()
    unit_cost = models.DecimalField(max_digits=14, decimal_places=4)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("cost layer")
        verbose_name_plural = _("cost layers")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["product", "remaining"])]
        permissions = [("view_valuation", "Can see stock valuation")]

    def __str__(self) -> str:
        return f"{self.remaining}/{self.quantity} × {self.product_id} @ {self.unit_cost}"


class ReorderRule(models.Model):
    """Low-stock threshold per product and warehouse: alert when available < min_quantity."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="reorder_rules")
    warehouse = models.ForeignKey(Warehouse, on_delete=models.CASCADE)
    min_quantity = models.PositiveIntegerField()
    reorder_quantity = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("reorder rule")
        verbose_name_plural = _("reorder rules")
        constraints = [models.UniqueConstraint(fields=["product", "warehouse"], name="reorder_rule_once")]

    def __str__(self) -> str:
        return f"{self.product_id}@{self.warehouse_id} min {self.min_quantity}"


class LowStockAlert(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE)
    warehouse = models.ForeignKey(Warehouse, on_delete=models.CASCADE)
    available = models.IntegerField()
    threshold = models.PositiveIntegerField()
    raised_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("low stock alert")
        verbose_name_plural = _("low stock alerts")
        ordering = ["-raised_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "warehouse"], condition=Q(resolved_at__isnull=True), name="one_open_alert"
            )
        ]

    def __str__(self) -> str:
        return f"low stock {self.product_id}@{self.warehouse_id}: {self.available} < {self.threshold}"
