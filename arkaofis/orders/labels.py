"""Translated names for the order screens (the domain's values are English identifiers)."""

from django.utils.translation import gettext_lazy as _

STATUSES = {
    "draft": _("Draft"),
    "confirmed": _("Confirmed"),
    "reserved": _("Reserved"),
    "backordered": _("Backordered"),
    "released": _("Released"),
    "partially_shipped": _("Partially shipped"),
    "shipped": _("Shipped"),
    "delivered": _("Delivered"),
    "cancelled": _("Cancelled"),
}
PAYMENT_STATUSES = {"pending": _("Payment pending"), "paid": _("Paid"), "refunded": _("Refunded")}
HOLD_KINDS = {"payment": _("Payment"), "fraud": _("Fraud"), "address": _("Address"), "manual": _("Manual")}
ACTIONS = {
    "order.created": _("Order received"),
    "order.confirmed": _("Confirmed"),
    "order.reserved": _("Stock reserved"),
    "order.backordered": _("Backordered"),
    "order.cancelled": _("Cancelled"),
    "order.hold_placed": _("Hold placed"),
    "order.hold_lifted": _("Hold lifted"),
    "order.routed": _("Routed"),
    "order.released": _("Released to warehouse"),
    "order.edited": _("Order edited"),
    "order.payment_changed": _("Payment status changed"),
    "order.channel_update_not_applied": _("Channel change not applied"),
    "order.shipped": _("Shipped"),
    "shipment.delivered": _("Shipment delivered"),
    "order.delivered": _("Delivered"),
    "return.opened": _("Return opened"),
    "return.received": _("Return received"),
    "return.closed": _("Return closed"),
    "return.cancelled": _("Return cancelled"),
}
# Pill colour per status.
TONES = {"reserved": "pill-ok", "released": "pill-ok", "shipped": "pill-ok", "delivered": "pill-ok",
         "backordered": "pill-warn", "cancelled": "pill-muted"}  # fmt: skip
