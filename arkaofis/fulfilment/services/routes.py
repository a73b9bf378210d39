"""The order a picker walks a batch's bins in."""

from collections.abc import Sequence

from arkaofis.inventory.models import Location, Warehouse


def walking_order(*, warehouse: Warehouse, locations: Sequence[Location]) -> list[Location]:
    """The bins in the order to visit them, each once."""
    unique = {location.pk: location for location in locations}
    return sorted(unique.values(), key=lambda location: location.code)
