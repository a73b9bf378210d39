"""Words and numbers of the layout screens."""

from django import template
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from arkaofis.inventory.layout import domain

register = template.Library()

BAND_LABELS = {
    domain.EMPTY: _("Empty"),
    domain.LOW: _("Under 50 %"),
    domain.MEDIUM: _("50–80 %"),
    domain.HIGH: _("80–95 %"),
    domain.FULL: _("Full (95–100 %)"),
    domain.OVER: _("Over capacity"),
    domain.NO_LIMIT: _("Holds stock, no limit set"),
}


@register.filter
def band_label(band: str) -> str:
    return str(BAND_LABELS.get(band, band))


@register.simple_tag
def fill_legend() -> list[tuple[str, str]]:
    return [(band, str(BAND_LABELS[band])) for band in domain.BANDS]


@register.filter
def percent(ratio: float | None) -> str:
    """0.734 → '73 %' ('%73' in Turkish); None (no limit) → '—'."""
    return "—" if ratio is None else gettext("%(percent)s %%") % {"percent": round(ratio * 100)}
