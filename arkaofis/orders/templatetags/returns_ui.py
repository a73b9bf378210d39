from django import template

from arkaofis.orders.returns.forms import DECISIONS, RETURN_STATUSES

register = template.Library()
TONES = {"open": "pill-warn", "received": "pill-warn", "closed": "pill-ok", "cancelled": "pill-muted"}
_DECISIONS = dict(DECISIONS)


@register.filter
def return_status(value: str) -> str:
    return str(RETURN_STATUSES.get(value, value))


@register.filter
def return_tone(value: str) -> str:
    return TONES.get(value, "")


@register.filter
def return_decision(value: str) -> str:
    return str(_DECISIONS.get(value, value or "—"))


@register.simple_tag
def returns_of(order) -> dict:
    """The order's returns and whether a new one may be opened, for the order page's partial."""
    from arkaofis.orders.returns.selectors import order_returns, returnable_lines

    if not order.pk:
        return {"returns": [], "can_open": False}
    can_open = any(row.returnable > 0 for row in returnable_lines(order))
    return {"returns": order_returns(order), "can_open": can_open}
