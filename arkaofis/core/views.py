"""Back-office shell: the permission gate every screen uses, translated domain errors and the pages of
areas that later issues fill in. The dashboard shows stock, so it lives in inventory (core imports no context)."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from arkaofis.core.exceptions import DomainError
from arkaofis.core.templatetags.ui import usage as usage_label


def staff_view(permission: str) -> Callable:
    """Login first (anonymous users go to the login page), then `permission` or 403.

    Deny by default: every back-office view is wrapped in this, so a user without a role sees
    nothing, and a viewer posting a write form is refused before the form is read.
    """

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.has_perm(permission):
                raise PermissionDenied(permission)
            return view(request, *args, **kwargs)

        return login_required(guarded)

    return decorate


# Domain errors carry English detail for logs and the API; the UI shows these translated
# messages filled from the error's data, and falls back to the detail for anything else.
ERROR_MESSAGES = {
    "insufficient-stock": gettext_lazy("%(sku)s: wanted %(wanted)s, only %(available)s available."),
    "invalid-quantity": gettext_lazy("Quantity must be a positive whole number, got %(quantity)s."),
    "unknown-location": gettext_lazy("There is no location %(location)s."),
    "unknown-sku": gettext_lazy("There is no product with SKU %(sku)s."),
    "private-address": gettext_lazy(
        "%(host)s is an address on this machine or a private network; webhooks go to public addresses only."
    ),
    "forbidden-flow": gettext_lazy(
        "This move is not allowed: from a location of type “%(from_usage)s” to one of type “%(to_usage)s”."
    ),
    "lot-required": gettext_lazy("%(sku)s is tracked by lot or serial: give one."),
}


def error_message(error: DomainError) -> str:
    template = ERROR_MESSAGES.get(error.code)
    if template is None:
        return error.detail
    data = {key: "" if value is None else value for key, value in error.data.items()}
    for key in ("from_usage", "to_usage"):
        if key in data:
            data[key] = usage_label(data[key])
    try:
        return str(template) % data
    except (KeyError, TypeError, ValueError):
        return error.detail


# Areas later issues build. Each is behind the permission closest to what it will show.
AREAS = {
    "warehouse": (
        gettext_lazy("Warehouse"),
        "inventory.view_location",
        gettext_lazy("Receiving, put-away, picking, packing, shipping and counts."),
    ),
    "purchasing": (
        gettext_lazy("Purchasing"),
        "inventory.view_reorderrule",
        gettext_lazy("Suppliers, purchase orders, receipts and replenishment suggestions."),
    ),
    "accounting": (
        gettext_lazy("Accounting"),
        "inventory.view_valuation",
        gettext_lazy("Chart of accounts, journal, invoices, payments and taxes."),
    ),
    "reports": (
        gettext_lazy("Reports"),
        "inventory.view_stockmove",
        gettext_lazy("Sales, stock and margin reports, exportable to spreadsheets."),
    ),
}


def coming_soon(area: str) -> Callable:
    title, permission, description = AREAS[area]

    @staff_view(permission)
    def view(request: HttpRequest) -> HttpResponse:
        context = {"area": area, "title": title, "description": description}
        return render(request, "core/coming_soon.html", context)

    view.__name__ = f"{area}_coming_soon"
    return view
