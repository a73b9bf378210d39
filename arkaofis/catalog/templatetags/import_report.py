"""The row report of an import, said in the reader's language (stored reports included)."""

from typing import Any

from django import template

from arkaofis.catalog.services.tables import told_reason

register = template.Library()


@register.filter
def told(error: Any) -> str:
    return told_reason(error)
