"""Sales orders, their lines, addresses and holds. Persistence only; rules live in domain.py.

An order's number is derived from its primary key (SO-000123), so creating one is one insert
and the number can never disagree with the row.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from arkaofis.orders.domain import OrderStatus, format_number


def money_field() -> "models.DecimalField[Decimal, Decimal]":
    return models.DecimalField(max_digits=14, decimal_places=4, default=Decimal("0"))


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    PAID = "paid", _("Paid")
    REFUNDED = "refunded", _("Refunded")


class Address(models.Model):
    """A postal address as the customer gave it; one row per use, never shared between orders."""

    name = models.CharField(max_length=200, blank=True)
    company = models.CharField(max_length=200, blank=True)
    line1 = models.CharField(max_length=200, blank=True)
    line2 = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    region = models.CharField(max_length=100, blank=True)
    postal_code = models.CharField(max_length=32, blank=True)
    country = models.CharField(max_length=2, blank=True)  # ISO 3166-1 alpha-2
    phone = models.CharField(max_length=50, blank=True)
    email = models.CharField(max_length=254, blank=True)

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")

    def __str__(self) -> str:
        return ", ".join(part for part in (self.name, self.line1, self.city, self.country) if part)


class SalesOrder(models.Model):
    channel = models.CharField(max_length=32)
    external_id = models.CharField(max_length=100)
    customer_email = models.CharField(max_length=254, blank=True)
    billing = models.ForeignKey(Address, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    shipping = models.ForeignKey(Address, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=20, choices=OrderStatus.choices(), default=OrderStatus.CONFIRMED.value)
    payment_status = models.CharField(max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.PENDING)
    priority = models.SmallIntegerField(default=0)  # higher is served first
    notes = models.TextField(blank=True)
    tags = models.JSONField(default=list, blank=True)
    shipping_charge = money_field()
    subtotal = money_field()  # Σ quantity × unit price
    discount_total = money_field()
    tax_total = money_field()
    grand_total = money_field()  # subtotal − discounts + tax + shipping
    warehouse = models.ForeignKey(
        "inventory.Warehouse", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    shipping_method = models.CharField(max_length=64, blank=True)
    # Routing's decision: a one-line reason for people, and the facts behind it (candidates,
    # distances, stock, policy) for the order page. Empty until the order is routed.
    route_reason = models.CharField(max_length=500, blank=True)
    route = models.JSONField(default=dict, blank=True)
    placed_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sales order")
        verbose_name_plural = _("sales orders")
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["channel", "external_id"], name="order_once_per_channel")]
        indexes = [models.Index(fields=["status", "-id"])]
        permissions = [
            ("manage_salesorder", "Can reserve, hold, cancel and release sales orders"),
            # Customers' personal data, each to the roles whose work needs it (core/roles.py).
            ("view_ship_to", "Can see where orders ship to: name, address and phone"),
            ("view_customer_contact", "Can see customers' e-mail addresses and billing addresses"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return format_number(self.pk)


class SalesOrderLine(models.Model):
    order = models.ForeignKey(SalesOrder, on_delete=models.CASCADE, related_name="lines")
    line_no = models.PositiveIntegerField()
    product = models.ForeignKey("catalog.Product", on_delete=models.PROTECT, related_name="+")
    sku = models.CharField(max_length=64)  # as ordered; the product's SKU may be renamed later
    quantity = models.PositiveIntegerField()
    unit_price = money_field()
    discount = money_field()  # for the whole line
    tax = money_field()  # for the whole line
    external_id = models.CharField(max_length=100, blank=True)
    # Units of this line (kits: whole kits) held by reservations; kept by the reserve/cancel services.
    reserved_quantity = models.PositiveIntegerField(default=0)
    # The warehouse routing chose for this line; lines of one order may ship from several (a split).
    warehouse = models.ForeignKey(
        "inventory.Warehouse", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    shipped_quantity = models.PositiveIntegerField(default=0)
    returned_quantity = models.PositiveIntegerField(default=0)  # received back through returns

    class Meta:
        verbose_name = _("sales order line")
        verbose_name_plural = _("sales order lines")
        ordering = ["order", "line_no"]
        constraints = [
            models.UniqueConstraint(fields=["order", "line_no"], name="order_line_no_once"),
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="order_line_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}/L{self.line_no} {self.quantity} × {self.sku}"

    @property
    def short_quantity(self) -> int:
        """Units neither shipped nor held for the line: what it still lacks. Shipping consumes the
        reservation, so a shipped line holds 0 and lacks nothing."""
        return max(0, self.quantity - self.shipped_quantity - self.reserved_quantity)


class HoldKind(models.TextChoices):
    PAYMENT = "payment", _("Payment")
    FRAUD = "fraud", _("Fraud")
    ADDRESS = "address", _("Address")
    MANUAL = "manual", _("Manual")


class OrderHold(models.Model):
    """A reason not to release an order yet; active until lifted."""

    order = models.ForeignKey(SalesOrder, on_delete=models.CASCADE, related_name="holds")
    kind = models.CharField(max_length=10, choices=HoldKind.choices)
    reason = models.CharField(max_length=500)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    placed_at = models.DateTimeField(auto_now_add=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("order hold")
        verbose_name_plural = _("order holds")
        ordering = ["placed_at", "id"]
        indexes = [models.Index(fields=["order", "lifted_at"])]

    def __str__(self) -> str:
        return f"{self.kind} hold on {self.order_id}"

    @property
    def active(self) -> bool:
        return self.lifted_at is None


class RouteDistance(models.Model):
    """How far a warehouse is from a ship-to zone: a country, or a postal-code prefix inside it.

    Routing takes the most specific row that matches the address (the longest prefix; an empty
    prefix covers the whole country). Distances are what the merchant enters (km, or any rank).
    """

    warehouse = models.ForeignKey("inventory.Warehouse", on_delete=models.CASCADE, related_name="+")
    country = models.CharField(max_length=2)  # ISO 3166-1 alpha-2
    postal_prefix = models.CharField(max_length=16, blank=True)
    distance_km = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("route distance")
        verbose_name_plural = _("route distances")
        ordering = ["country", "postal_prefix", "distance_km"]
        constraints = [
            models.UniqueConstraint(fields=["warehouse", "country", "postal_prefix"], name="route_distance_once")
        ]

    def __str__(self) -> str:
        return f"{self.warehouse_id} → {self.country}{self.postal_prefix or ''}: {self.distance_km} km"


class ReturnStatus(models.TextChoices):
    OPEN = "open", _("Open")  # authorised, waiting for the parcel
    RECEIVED = "received", _("Received")  # in the returns location, to inspect
    CLOSED = "closed", _("Closed")  # every line decided, refund computed
    CANCELLED = "cancelled", _("Cancelled")


class ReturnDecision(models.TextChoices):
    RESTOCK = "restock", _("Restock")
    QUARANTINE = "quarantine", _("Quarantine")
    SCRAP = "scrap", _("Scrap")


class SalesReturn(models.Model):
    """A return (RMA) of shipped lines of one order. Its number is derived from the pk (RMA-000123)."""

    order = models.ForeignKey(SalesOrder, on_delete=models.PROTECT, related_name="returns")
    status = models.CharField(max_length=10, choices=ReturnStatus.choices, default=ReturnStatus.OPEN)
    reason = models.CharField(max_length=500)
    warehouse = models.ForeignKey("inventory.Warehouse", on_delete=models.PROTECT, related_name="+")
    refund_amount = money_field()  # in the order's currency, set when the return is closed
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    received_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sales return")
        verbose_name_plural = _("sales returns")
        ordering = ["-id"]
        permissions = [("manage_salesreturn", "Can open, receive and inspect returns")]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"RMA-{self.pk:06d}" if self.pk else ""


class SalesReturnLine(models.Model):
    sales_return = models.ForeignKey(SalesReturn, on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey(SalesOrderLine, on_delete=models.PROTECT, related_name="return_lines")
    quantity = models.PositiveIntegerField()  # units the customer sends back
    reason = models.CharField(max_length=200, blank=True)
    received_quantity = models.PositiveIntegerField(default=0)
    decision = models.CharField(max_length=10, choices=ReturnDecision.choices, blank=True)
    refund_amount = money_field()

    class Meta:
        verbose_name = _("sales return line")
        verbose_name_plural = _("sales return lines")
        ordering = ["sales_return", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="return_line_quantity_positive"),
            models.UniqueConstraint(fields=["sales_return", "order_line"], name="return_line_once"),
        ]

    def __str__(self) -> str:
        return f"{self.sales_return_id}: {self.quantity} × {self.order_line_id}"


class ImportJobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")  # checked, waiting for the worker
    RUNNING = "running", _("Running")  # a worker holds its lease and writes the orders
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")  # stopped: the report says why (a re-upload picks up where it stopped)


class OrderImportJob(models.Model):
    """A checked order file too large to write within one web request, written by the worker.

    The worker claims it with a lease it renews after every batch; a worker that dies leaves the
    lease to run out and the next one starts the file again, which creates only the orders still
    missing (the import is idempotent on channel and order id).
    """

    file_name = models.CharField(max_length=255)
    content = models.BinaryField()  # the upload, emptied once the job has ended
    reserve = models.BooleanField(default=True)
    source = models.CharField(max_length=16)
    status = models.CharField(max_length=10, choices=ImportJobStatus.choices, default=ImportJobStatus.QUEUED)
    report = models.JSONField(default=dict)  # OrderImportReport.as_dict(): the check's, then the progress
    attempts = models.PositiveSmallIntegerField(default=0)
    lease_until = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("order import job")
        verbose_name_plural = _("order import jobs")
        ordering = ["-id"]
        indexes = [models.Index(fields=["status", "id"], name="import_job_status")]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (ImportJobStatus.DONE, ImportJobStatus.FAILED)

    @property
    def percent(self) -> int:
        orders = int(self.report.get("orders") or 0)
        return (
            100
            if self.status == ImportJobStatus.DONE
            else int(100 * int(self.report.get("done") or 0) / max(orders, 1))
        )
