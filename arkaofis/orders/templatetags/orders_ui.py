from typing import Any

from django import template
from django.utils.translation import gettext, ngettext

from arkaofis.orders import labels, routing

register = template.Library()


@register.filter
def order_status(value: str) -> str:
    return str(labels.STATUSES.get(value, value))


@register.filter
def status_tone(value: str) -> str:
    return labels.TONES.get(value, "")


@register.filter
def payment_status(value: str) -> str:
    return str(labels.PAYMENT_STATUSES.get(value, value))


@register.filter
def hold_kind(value: str) -> str:
    return str(labels.HOLD_KINDS.get(value, value))


@register.filter
def order_action(value: str) -> str:
    return str(labels.ACTIONS.get(value, value))


@register.filter
def route_reason(order: Any) -> str:
    """Why the order went where it did, in the reader's language (from the stored clauses); the
    stored English sentence for a route saved before the clauses were kept."""
    why = (order.route or {}).get("why")
    if not why:
        return str(order.route_reason)
    try:
        return routing.say(why, _said)
    except (KeyError, TypeError, ValueError):  # a clause this version does not know
        return str(order.route_reason)


def _said(key: str, values: dict) -> str:
    singular, plural = routing.CLAUSES[key]
    text = gettext(singular) if singular == plural else ngettext(singular, plural, int(values.get("count", 1)))
    return text % values
