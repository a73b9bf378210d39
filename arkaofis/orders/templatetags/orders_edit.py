"""Template filters of the order edit screen."""

from django import template

from arkaofis.orders.edits.services.editing import EDITABLE

register = template.Library()


@register.filter
def editable(status: str) -> bool:
    """Whether an order in `status` can still be edited (not yet released)."""
    return status in EDITABLE
