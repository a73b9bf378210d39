"""The warehouse's places the floor moves stock through: the packing station."""

from arkaofis.inventory.models import Location, Warehouse
from arkaofis.inventory.services.locations import ensure_station

PACKING = "PACK"


def packing_location(warehouse: Warehouse) -> Location:
    """The warehouse's packing station ("IST/PACK"). Picked units wait there, still held for their order."""
    return ensure_station(warehouse=warehouse, suffix=PACKING, name="Packing")
