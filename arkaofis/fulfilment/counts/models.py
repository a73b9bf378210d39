"""Cycle counts: a count document ("CC-000001") covering bins of one warehouse, counted line by line.

A count covers a list of bins (`CountBin`) (every product the ledger shows there, plus what the counter finds),
a product across its bins, or every product of an ABC class. Each line is one (bin, product, lot):
the counter records what is there; the ledger's quantity at that moment is kept beside it
(`expected`, never shown to a blind counter) with the latest ledger row that touched it
(`ledger_mark`), so finishing can tell whether anything moved since. The variance is taken at
finish against the ledger then; `services/` posts it as count_gain / count_loss adjustments.
`CountClass` holds each product's ABC class per warehouse (from its shipped units).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CountOrigin(models.TextChoices):
    SCHEDULE = "schedule", _("Schedule")
    SHORT_PICK = "short_pick", _("Short pick")
    MANUAL = "manual", _("Manual")


class CountScope(models.TextChoices):
    BINS = "bins", _("Bins")  # every product in the bins (or only `product` there, when given)
    PRODUCT = "product", _("Product")  # one product across its bins
    ABC = "abc", _("ABC class")  # every product of a class across their bins


class CountStatus(models.TextChoices):
    OPEN = "open", _("Open")  # being counted
    COUNTED = "counted", _("Counted")  # every bin has been counted: ready to finish
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")  # a variance above the tolerance
    POSTED = "posted", _("Posted")
    CANCELLED = "cancelled", _("Cancelled")


COUNTING_STATUSES = (CountStatus.OPEN, CountStatus.COUNTED)


class CountDoc(models.Model):
    warehouse = models.ForeignKey("inventory.Warehouse", on_delete=models.PROTECT, related_name="+")
    scope = models.CharField(max_length=10, choices=CountScope.choices)
    product = models.ForeignKey("catalog.Product", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    abc_class = models.CharField(max_length=1, blank=True)
    origin = models.CharField(max_length=12, choices=CountOrigin.choices)
    status = models.CharField(max_length=20, choices=CountStatus.choices, default=CountStatus.OPEN)
    blind = models.BooleanField(default=True)  # the counter never sees the expected quantity
    reason = models.CharField(max_length=200, blank=True)
    recounts = models.PositiveSmallIntegerField(default=0)  # times a manager asked for a recount
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    finished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)  # a manager approved or rejected
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    posted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("stock count")
        verbose_name_plural = _("stock counts")
        ordering = ["-id"]
        indexes = [models.Index(fields=["status", "warehouse"])]
        # Counting is floor work (warehouse role); a variance above the tolerance needs a manager.
        permissions = [
            ("count_stock", "Can request and record stock counts"),
            ("approve_count", "Can approve or reject stock count variances"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"CC-{self.pk:06d}" if self.pk else ""


class CountBin(models.Model):
    """A bin the count covers; `visited_at` once the counter has counted it (or marked it empty)."""

    count = models.ForeignKey(CountDoc, on_delete=models.CASCADE, related_name="bins")
    location = models.ForeignKey("inventory.Location", on_delete=models.PROTECT, related_name="+")
    visited_at = models.DateTimeField(null=True, blank=True)
    visited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("counted bin")
        verbose_name_plural = _("counted bins")
        ordering = ["count", "location__code"]
        constraints = [models.UniqueConstraint(fields=["count", "location"], name="count_bin_once")]

    def __str__(self) -> str:
        return f"{self.count_id}: {self.location_id}"


class CountLine(models.Model):
    count = models.ForeignKey(CountDoc, on_delete=models.CASCADE, related_name="lines")
    location = models.ForeignKey("inventory.Location", on_delete=models.PROTECT, related_name="+")
    product = models.ForeignKey("catalog.Product", on_delete=models.PROTECT, related_name="+")
    lot = models.ForeignKey("inventory.Lot", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    found = models.BooleanField(default=False)  # scanned by the counter, not expected when the count began
    counted = models.PositiveIntegerField(null=True, blank=True)
    expected = models.IntegerField(null=True, blank=True)  # the ledger's on hand when counted
    ledger_mark = models.BigIntegerField(default=0)  # the latest stock move touching it when counted
    variance = models.IntegerField(null=True, blank=True)  # counted − ledger at finish
    needs_approval = models.BooleanField(default=False)
    counted_at = models.DateTimeField(null=True, blank=True)
    counted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("count line")
        verbose_name_plural = _("count lines")
        ordering = ["count", "location__code", "product__sku", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["count", "location", "product"], condition=Q(lot__isnull=True), name="count_line_once"
            ),
            models.UniqueConstraint(
                fields=["count", "location", "product", "lot"],
                condition=Q(lot__isnull=False),
                name="count_line_once_per_lot",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.count_id}: {self.product_id} @ {self.location_id}"


class AbcClass(models.TextChoices):
    A = "A", "A"
    B = "B", "B"
    C = "C", "C"


class CountClass(models.Model):
    """A product's ABC class in a warehouse: A the fast movers (top 80 % of shipped units), then B, C."""

    warehouse = models.ForeignKey("inventory.Warehouse", on_delete=models.CASCADE, related_name="+")
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="+")
    abc_class = models.CharField(max_length=1, choices=AbcClass.choices)
    shipped_units = models.PositiveIntegerField(default=0)
    classified_at = models.DateTimeField()

    class Meta:
        verbose_name = _("count class")
        verbose_name_plural = _("count classes")
        ordering = ["warehouse", "abc_class", "-shipped_units"]
        constraints = [models.UniqueConstraint(fields=["warehouse", "product"], name="count_class_once")]

    def __str__(self) -> str:
        return f"{self.product_id}@{self.warehouse_id}: {self.abc_class}"
