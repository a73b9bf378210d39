"""The demo's three warehouses, each a single-block floor: parallel aisles of shelving on both
sides between a front cross aisle (y = 0, the depot and the docks) and a back one, bays every
1.2 m, three or four levels. A zone is a run of neighbouring aisles: picking (A) nearest the
start, reserve (B), and food and soap (C, first-expiry-first-out). Bins are coded
"A-03-07-2": zone A, aisle 03, bay 07 (odd bays on the left, even on the right), level 2."""

from dataclasses import dataclass, field
from decimal import Decimal

from arkaofis.core.models import Source
from arkaofis.inventory.layout.services import Aisle, BinPlace, lay_out_aisle, set_warehouse_layout
from arkaofis.inventory.models import LayoutKind, Location, RemovalStrategy, Warehouse
from arkaofis.inventory.services.locations import create_child_location, create_warehouse

AISLE_PITCH = Decimal("3.0")  # metres between aisle centre lines: two 0.6 m racks back to back and a 1.8 m aisle
FIRST_AISLE_X = Decimal("2.0")
BAY_WIDTH = Decimal("1.2")
ZONE_NAMES = {"A": "Toplama / Picking", "B": "Yedek Stok / Reserve", "C": "Gıda / Food (FEFO)"}
# What one bin holds at most, per zone: a 1.2 × 0.6 × 0.5 m shelf level, a pallet place, a food shelf.
LIMITS = {
    "A": BinPlace(capacity_volume_l=360, capacity_weight_kg=150),
    "B": BinPlace(capacity_volume_l=1000, capacity_weight_kg=600),
    "C": BinPlace(capacity_units=150, capacity_volume_l=160, capacity_weight_kg=120),
}
FEFO_ZONES = ("C",)


@dataclass(frozen=True)
class Floor:
    aisles_per_zone: dict[str, int]  # zone → how many aisles, left to right
    bays_per_side: int
    levels: int
    depot_aisle: float  # the depot stands on the front cross aisle in front of this aisle (1 = the first)

    @property
    def aisle_length(self) -> Decimal:
        return BAY_WIDTH * self.bays_per_side


# code, name, postal code, priority (lower ships first), floor
WAREHOUSES = [
    ("IST", "İstanbul Merkez Depo (Tuzla)", "34956", 10, Floor({"A": 6, "B": 3, "C": 1}, 12, 3, 5.5)),
    ("ANK", "Ankara Depo (Sincan)", "06930", 20, Floor({"A": 5, "B": 2, "C": 1}, 10, 3, 1)),
    ("IZM", "İzmir Depo (Kemalpaşa)", "35730", 30, Floor({"A": 3, "B": 2, "C": 1}, 9, 4, 3.5)),
]


# Where parcels leave from (the labels' ship-from): address, district, city, phone.
ADDRESSES = {
    "IST": ("Orhanlı OSB Mah. Tepeören Cd. No: 12", "Tuzla", "İstanbul", "+90 216 555 01 00"),
    "ANK": ("Sincan OSB Ahi Evran Cd. No: 4", "Sincan", "Ankara", "+90 312 555 02 00"),
    "IZM": ("Kemalpaşa OSB Ankara Asfaltı No: 210", "Kemalpaşa", "İzmir", "+90 232 555 03 00"),
}


@dataclass
class Site:
    warehouse: Warehouse
    bins: dict[str, list[Location]] = field(default_factory=dict)  # zone → bins, in pick sequence


def aisle_x(number: float) -> Decimal:
    return FIRST_AISLE_X + AISLE_PITCH * Decimal(str(number - 1))


def build_sites(*, user, on_location=lambda: None) -> dict[str, Site]:
    """Create warehouses, their floor plans, zones and placed bins through the location services."""
    sites = {}
    for code, name, postal_code, priority, floor in WAREHOUSES:
        warehouse = create_warehouse(code=code, name=name, postal_code=postal_code, user=user, source=Source.SYSTEM)
        line1, district, city, phone = ADDRESSES[code]
        Warehouse.objects.filter(pk=warehouse.pk).update(
            priority=priority, address_line1=line1, district=district, city=city, phone=phone
        )
        set_warehouse_layout(
            warehouse=warehouse, kind=LayoutKind.SINGLE_BLOCK, aisle_length=floor.aisle_length,
            depot_x=aisle_x(floor.depot_aisle), depot_y=Decimal(0), user=user, source=Source.SYSTEM,
        )  # fmt: skip
        root = Location.objects.get(code=code)
        site = Site(warehouse)
        number = 0
        for zone_code, aisles in floor.aisles_per_zone.items():
            zone = create_child_location(
                parent=root, code=zone_code, name=ZONE_NAMES[zone_code], user=user, source=Source.SYSTEM
            )
            if zone_code in FEFO_ZONES:
                zone.removal_strategy = RemovalStrategy.FEFO
                zone.save(update_fields=["removal_strategy"])
            site.bins[zone_code] = []
            for aisle_number in range(number + 1, number + aisles + 1):
                aisle = Aisle(
                    aisle_number, aisle_x(aisle_number), floor.bays_per_side, floor.levels, BAY_WIDTH, LIMITS[zone_code]
                )
                site.bins[zone_code] += lay_out_aisle(zone=zone, aisle=aisle, user=user, source=Source.SYSTEM)
            number += aisles
            on_location()
        sites[code] = site
    return sites
