from django import template

from arkaofis.orders import labels

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
