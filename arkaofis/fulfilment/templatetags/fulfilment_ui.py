from django import template

from arkaofis.fulfilment.forms import STATUSES

register = template.Library()
TONES = {
    "pending": "pill-warn",
    "picking": "pill-warn",
    "picked": "pill-warn",
    "packed": "pill-ok",
    "shipped": "pill-ok",
    "delivered": "pill-ok",
    "cancelled": "pill-muted",
}


@register.filter
def shipment_status(value: str) -> str:
    return str(STATUSES.get(value, value))


@register.filter
def shipment_tone(value: str) -> str:
    return TONES.get(value, "")


@register.simple_tag
def shipments_of(order) -> list:
    """The order's shipments, for the partial the order page includes (its view stays unaware)."""
    from arkaofis.fulfilment.selectors import order_shipments

    return order_shipments(order.pk) if order.pk else []
