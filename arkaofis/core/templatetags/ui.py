"""Template filters for the back office: translated labels for the ledger's stored codes.

The models' choice labels are translatable too (forms, the admin); these tables serve the templates
that show a stored code without its model at hand (core imports no context, so not their choices).
"""

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

MOVE_REASONS = {
    "opening": _("Opening stock"),
    "receipt": _("Receipt"),
    "adjustment": _("Adjustment"),
    "transfer": _("Transfer"),
    "shipment": _("Shipment"),
    "return": _("Return"),
    "scrap": _("Scrap"),
    "production": _("Production"),
    "supplier_return": _("Return to supplier"),
}

REASON_CODES = {
    "found": _("Found"),
    "count_gain": _("Count gain"),
    "correction_in": _("Correction (in)"),
    "damaged": _("Damaged"),
    "lost": _("Lost"),
    "expired": _("Expired"),
    "count_loss": _("Count loss"),
    "short_pick": _("Short pick"),
    "correction_out": _("Correction (out)"),
}

USAGES = {
    "internal": _("Internal"),
    "supplier": _("Supplier"),
    "customer": _("Customer"),
    "adjustment": _("Adjustment / loss"),
    "production": _("Production"),
    "transit": _("Transit"),
    "returns": _("Returns"),
    "scrap": _("Scrap"),
}

SOURCES = {
    "ui": _("UI"),
    "api": _("API"),
    "import": _("Import"),
    "channel": _("Channel"),
    "system": _("System"),
    "cli": _("Command line"),
}

# The role groups are named by their codes (core/roles.py); the screens say the role.
ROLES = {
    "admin": _("Administrator"),
    "manager": _("Manager"),
    "warehouse": _("Warehouse staff"),
    "accountant": _("Accountant"),
    "viewer": _("Viewer"),
}


@register.filter
def role(code: str) -> str:
    return str(ROLES.get(code, code))


@register.filter
def move_reason(code: str) -> str:
    return str(MOVE_REASONS.get(code, code))


@register.filter
def reason_code(code: str) -> str:
    return str(REASON_CODES.get(code, code)) if code else ""


@register.filter
def usage(code: str) -> str:
    return str(USAGES.get(code, code))


@register.filter
def source(code: str) -> str:
    return str(SOURCES.get(code, code))
