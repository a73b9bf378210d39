"""Transfers between warehouses: stock picked at one, carried through transit, received and put away at the other.

A transfer "TR-000001" holds its lines' units at the origin (reservations under "TR-000001/L<n>", owner
"transfer"); a pick moves held units from their bin to the shared transit location (the ledger's place for
goods on the road, valued, outside every warehouse); a receipt moves them to the destination's receiving dock
(a transit-usage location of that warehouse: valued in it, not yet available to promise); a put-away moves them
onto a bin, where they become available. The line counters say how far each line got; the ledger (moves whose
source document is the transfer) says which lots and what value.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class TransferStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")  # held at the origin, nothing picked yet
    PICKING = "picking", _("Picking")
    IN_TRANSIT = "in_transit", _("In transit")
    PARTIALLY_RECEIVED = "partially_received", _("Partially received")
    RECEIVED = "received", _("Received")  # nothing left on the road; some may wait at the dock
    CLOSED = "closed", _("Closed")  # received and put away (or the rest written off)
    CANCELLED = "cancelled", _("Cancelled")


class Transfer(models.Model):
    from_warehouse = models.ForeignKey("inventory.Warehouse", on_delete=models.PROTECT, related_name="+")
    to_warehouse = models.ForeignKey("inventory.Warehouse", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=TransferStatus.choices, default=TransferStatus.REQUESTED)
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    shipped_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-id"]
        indexes = [models.Index(fields=["status"])]
        permissions = [("manage_transfer", "Can request, cancel and close transfers")]
        constraints = [
            models.CheckConstraint(condition=~Q(from_warehouse=F("to_warehouse")), name="transfer_between_two"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"TR-{self.pk:06d}" if self.pk else ""


class TransferLine(models.Model):
    """`quantity` of one product. shipped: picked into transit; short: not found, not shipped;
    received: at the destination's dock; lost: written off on the road when the transfer closed short;
    put_away: on a bin at the destination."""

    transfer = models.ForeignKey(Transfer, on_delete=models.CASCADE, related_name="lines")
    line_no = models.PositiveSmallIntegerField()
    product = models.ForeignKey("catalog.Product", on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField()
    shipped_quantity = models.PositiveIntegerField(default=0)
    short_quantity = models.PositiveIntegerField(default=0)
    received_quantity = models.PositiveIntegerField(default=0)
    lost_quantity = models.PositiveIntegerField(default=0)
    put_away_quantity = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("transfer line")
        verbose_name_plural = _("transfer lines")
        ordering = ["transfer", "line_no"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="transfer_line_quantity_positive"),
            models.UniqueConstraint(fields=["transfer", "line_no"], name="transfer_line_no_once"),
            models.UniqueConstraint(fields=["transfer", "product"], name="transfer_product_once"),
            models.CheckConstraint(
                condition=Q(quantity__gte=F("shipped_quantity") + F("short_quantity")),
                name="transfer_line_shipped_within",
            ),
            models.CheckConstraint(
                condition=Q(shipped_quantity__gte=F("received_quantity") + F("lost_quantity")),
                name="transfer_line_received_within",
            ),
            models.CheckConstraint(
                condition=Q(received_quantity__gte=F("put_away_quantity")), name="transfer_line_put_away_within"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.transfer_id}/L{self.line_no}: {self.quantity} × {self.product_id}"

    @property
    def demand_ref(self) -> str:
        return f"{self.transfer.number}/L{self.line_no}"

    @property
    def to_pick(self) -> int:
        return self.quantity - self.shipped_quantity - self.short_quantity

    @property
    def in_transit(self) -> int:
        return self.shipped_quantity - self.received_quantity - self.lost_quantity

    @property
    def at_dock(self) -> int:
        return self.received_quantity - self.put_away_quantity
