"""Translated labels for location kinds and removal strategies."""

from django import template
from django.utils.translation import gettext_lazy as _

from arkaofis.inventory.forms_setup import STATUSES

register = template.Library()

KINDS = {"warehouse": _("Warehouse"), "zone": _("Zone"), "bin": _("Bin"), "virtual": _("Virtual")}
CHILD_KINDS = {"warehouse": _("Add zone"), "zone": _("Add bin")}
STRATEGIES = {"fifo": _("FIFO"), "fefo": _("FEFO")}


@register.filter
def location_kind(code: str) -> str:
    return str(KINDS.get(code, code))


@register.filter
def add_child_label(kind: str) -> str:
    return str(CHILD_KINDS.get(kind, ""))


@register.filter
def removal_strategy(code: str) -> str:
    return str(STRATEGIES.get(code, code))


@register.filter
def reservation_status(code: str) -> str:
    return str(STATUSES.get(code, code))


@register.filter
def last_step(code: str) -> str:
    """The last step of a path ("IST/A/A-01" → "A-01"): the tree already shows the rest."""
    return code.rsplit("/", 1)[-1]
