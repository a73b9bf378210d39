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
# Domain errors of this app, told in the user's language from the error's data.
ERRORS = {
    "illegal-transition": _("This order is %(from_status)s; it cannot become %(to_status)s."),
    "order-on-hold": _("%(order)s is on hold; lift the hold before releasing it."),
    # Errors raised for several actions are told per action (code:action), so each reads whole.
    "order-closed:held": _("%(order)s is %(order_status)s; it can no longer be held."),
    "order-closed:routed": _("%(order)s is %(order_status)s; it can no longer be routed."),
    "warehouse-mismatch": _("%(order)s has stock reserved in %(reserved_in)s, not in one warehouse."),
    "hold-not-active": _("That hold was already lifted; nothing was changed."),
    "order-not-editable": _("%(order)s is %(order_status)s; it can no longer be edited."),
    "edit-would-oversell": _("%(sku)s: wanted %(wanted)s, only %(available)s available; nothing was changed."),
    "order-not-shipped": _("%(order)s is %(order_status)s; only shipped units can be returned."),
    "return-exceeds-shipped": _(
        "%(sku)s: %(wanted)s asked back, only %(returnable)s can be returned "
        "(%(shipped)s shipped, %(returned)s returned, %(on_open_returns)s on open returns)."
    ),
    "return-closed:received": _("%(sales_return)s is %(return_status)s; it cannot be received now."),
    "return-closed:inspected": _("%(sales_return)s is %(return_status)s; it cannot be inspected now."),
    "return-closed:cancelled": _("%(sales_return)s is %(return_status)s; it cannot be cancelled now."),
    "shipment-closed:shipped": _("%(shipment)s is %(shipment_status)s; it cannot be shipped."),
    "shipment-closed:delivered": _("%(shipment)s is %(shipment_status)s; it cannot be marked delivered."),
    "shipment-not-reserved": _(
        "%(shipment)s: line %(line)s needs %(wanted)s reserved units here, %(reserved)s are; reserve it again."
    ),
}
# Pill colour per status.
TONES = {"reserved": "pill-ok", "released": "pill-ok", "shipped": "pill-ok", "delivered": "pill-ok",
         "backordered": "pill-warn", "cancelled": "pill-muted"}  # fmt: skip
