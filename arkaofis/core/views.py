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


def error_message(error: DomainError) -> str:
    """What a screen says for a refused action: the error told in the reader's language."""
    return error.localized()


# Areas later issues build. Each is behind the permission closest to what it will show.
AREAS = {
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
