"""Kitting work orders "KO-000001": assemble N kits from their components, or take N kits apart.

The order holds what it will consume in its warehouse (reservations under "KO-000001/L<n>", owner "kitting"):
the components (assembly) or the kits (disassembly). Completing it moves the consumed units to the production
location and brings the made units from there onto a bin, at the consumed units' cost.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class KittingKind(models.TextChoices):
    ASSEMBLE = "assemble", _("Assemble")
    DISASSEMBLE = "disassemble", _("Disassemble")


class KittingStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    PARTIALLY_DONE = "partially_done", _("Partially done")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class KittingOrder(models.Model):
    warehouse = models.ForeignKey("inventory.Warehouse", on_delete=models.PROTECT, related_name="+")
    kit = models.ForeignKey("catalog.Product", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=KittingKind.choices, default=KittingKind.ASSEMBLE)
    quantity = models.PositiveIntegerField()  # kits to make (or to take apart)
    done_quantity = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=16, choices=KittingStatus.choices, default=KittingStatus.REQUESTED)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("kitting order")
        verbose_name_plural = _("kitting orders")
        ordering = ["-id"]
        permissions = [
            ("manage_kitting", "Can plan and cancel kitting orders"),
            ("assemble_kit", "Can assemble and take apart kits"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="kitting_quantity_positive"),
            models.CheckConstraint(condition=Q(quantity__gte=F("done_quantity")), name="kitting_done_within"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"KO-{self.pk:06d}" if self.pk else ""

    @property
    def remaining(self) -> int:
        return self.quantity - self.done_quantity


class KittingLine(models.Model):
    """What the order consumes: `per_unit` of `product` for each kit made (or taken apart)."""

    order = models.ForeignKey(KittingOrder, on_delete=models.CASCADE, related_name="lines")
    line_no = models.PositiveSmallIntegerField()
    product = models.ForeignKey("catalog.Product", on_delete=models.PROTECT, related_name="+")
    per_unit = models.PositiveIntegerField()
    quantity = models.PositiveIntegerField()  # per_unit × the order's quantity
    consumed_quantity = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("kitting line")
        verbose_name_plural = _("kitting lines")
        ordering = ["order", "line_no"]
        constraints = [
            models.UniqueConstraint(fields=["order", "line_no"], name="kitting_line_no_once"),
            models.CheckConstraint(condition=Q(quantity__gte=F("consumed_quantity")), name="kitting_consumed_within"),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}/L{self.line_no}: {self.quantity} × {self.product_id}"

    @property
    def demand_ref(self) -> str:
        return f"{self.order.number}/L{self.line_no}"

    @property
    def held(self) -> int:
        return self.quantity - self.consumed_quantity
