"""Shipments: what leaves a warehouse for a customer, and its carrier status.

An order released to warehouses gets one shipment per warehouse; shipping a shipment posts the
ledger moves from stock to the customer location (consuming the order's reservations).
Picking, packing and labels (issue: warehouse operations) will build on these rows.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ShipmentStatus(models.TextChoices):
    PENDING = "pending", _("Pending")  # released to the warehouse, not yet handed to the carrier
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

    class Meta:
        verbose_name = _("shipment line")
        verbose_name_plural = _("shipment lines")
        ordering = ["shipment", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="shipment_line_quantity_positive"),
            models.UniqueConstraint(fields=["shipment", "order_line"], name="shipment_line_once"),
        ]

    def __str__(self) -> str:
        return f"{self.shipment_id}: {self.quantity} × {self.order_line_id}"
