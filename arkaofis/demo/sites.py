"""The demo's three warehouses, each a location tree: warehouse → zones → bins
("IST/A/A-01-02": zone A, aisle 01, rack 02). Zone C holds food and soap and takes stock out
first-expiry-first (FEFO); the other zones first-in-first-out."""

from dataclasses import dataclass, field

from arkaofis.core.models import Source
from arkaofis.inventory.models import Location, RemovalStrategy, Warehouse
from arkaofis.inventory.services.locations import create_child_location, create_warehouse

# code, name, postal code, priority (lower ships first), {zone: (name, aisles, racks per aisle)}
WAREHOUSES = [
    (
        "IST",
        "İstanbul Merkez Depo (Tuzla)",
        "34956",
        10,
        {"A": ("Toplama / Picking", 3, 6), "B": ("Yedek Stok / Reserve", 2, 4), "C": ("Gıda / Food (FEFO)", 1, 4)},
    ),
    (
        "ANK",
        "Ankara Depo (Sincan)",
        "06930",
        20,
        {"A": ("Toplama / Picking", 2, 5), "B": ("Yedek Stok / Reserve", 1, 4), "C": ("Gıda / Food (FEFO)", 1, 3)},
    ),
    (
        "IZM",
        "İzmir Depo (Kemalpaşa)",
        "35730",
        30,
        {"A": ("Toplama / Picking", 2, 5), "B": ("Yedek Stok / Reserve", 1, 4), "C": ("Gıda / Food (FEFO)", 1, 3)},
    ),
]
FEFO_ZONES = ("C",)


@dataclass
class Site:
    warehouse: Warehouse
    bins: dict[str, list[Location]] = field(default_factory=dict)  # zone → bins


def build_sites(*, user, on_location=lambda: None) -> dict[str, Site]:
    """Create warehouses, zones and bins through the location services."""
    sites = {}
    for code, name, postal_code, priority, zones in WAREHOUSES:
        warehouse = create_warehouse(code=code, name=name, postal_code=postal_code, user=user, source=Source.SYSTEM)
        Warehouse.objects.filter(pk=warehouse.pk).update(priority=priority)
        root = Location.objects.get(code=code)
        site = Site(warehouse)
        for zone_code, (zone_name, aisles, racks) in zones.items():
            zone = create_child_location(parent=root, code=zone_code, name=zone_name, user=user, source=Source.SYSTEM)
            if zone_code in FEFO_ZONES:
                zone.removal_strategy = RemovalStrategy.FEFO
                zone.save(update_fields=["removal_strategy"])
            site.bins[zone_code] = [
                create_child_location(
                    parent=zone, code=f"{zone_code}-{aisle:02d}-{rack:02d}", user=user, source=Source.SYSTEM
                )
                for aisle in range(1, aisles + 1)
                for rack in range(1, racks + 1)
            ]
            on_location()
        sites[code] = site
    return sites
