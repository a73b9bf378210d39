"""Typed slotting errors."""

from django.utils.translation import gettext_lazy as _

from arkaofis.core.exceptions import Conflict


class FloorNotMapped(Conflict):
    code = "floor-not-mapped"
    title = _("Floor not mapped")
    message = _(
        "%(warehouse)s has no floor plan to walk yet: give it an aisle length and a depot, and place its bins "
        "in aisles, then slotting can be suggested."
    )

    def __init__(self, warehouse: str) -> None:
        super().__init__(f"{warehouse} has no mapped floor", warehouse=warehouse)
