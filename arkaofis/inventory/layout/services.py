"""Every write of the floor plan: a warehouse's layout, a bin's place and limits, and whole aisles
of bins laid out at once. Each checks the rules of layout/domain.py first and writes nothing when
one is broken (InvalidLayout, listing every problem)."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from arkaofis.core.exceptions import Conflict, InvalidInput
from arkaofis.core.services.audit import record_audit
from arkaofis.inventory.exceptions import InvalidLayout
from arkaofis.inventory.layout import domain
from arkaofis.inventory.models import Kind, Location, Usage, Warehouse
from arkaofis.inventory.services.locations import CODE_LENGTH

CM = Decimal("0.01")


def _raise(where: str, problems: Sequence[domain.Problem]) -> None:
    if problems:
        raise InvalidLayout(where, [(p.field, p.code, p.params) for p in problems])


def _metres(value: Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(CM)


def set_warehouse_layout(
    *, warehouse: Warehouse, kind: str, aisle_length: Decimal | None, depot_x: Decimal | None,
    depot_y: Decimal | None, middle_cross_aisles: Sequence[Decimal] = (), user: Any, source: str,
) -> Warehouse:  # fmt: skip
    """Set the floor plan. Shortening the aisles past a placed bin is refused (move the bin first)."""
    length, x, y = _metres(aisle_length), _metres(depot_x), _metres(depot_y)
    middles = sorted(Decimal(m).quantize(CM) for m in middle_cross_aisles)
    problems = domain.floor_problems(kind=kind, aisle_length=length, middle_cross_aisles=middles, depot_x=x, depot_y=y)
    _raise(warehouse.code, problems)
    with transaction.atomic():
        placed = Location.objects.select_for_update().filter(warehouse=warehouse, y__isnull=False)
        beyond = domain.bins_beyond(length, ((code, y) for code, y in placed.values_list("code", "y") if y is not None))
        if beyond:
            problem = domain.Problem("aisle_length", "bins-beyond", (("count", len(beyond)), ("codes", beyond[0])))
            _raise(warehouse.code, [problem])
        warehouse.layout_kind, warehouse.aisle_length, warehouse.depot_x, warehouse.depot_y = kind, length, x, y
        warehouse.middle_cross_aisles = [str(m) for m in middles]
        warehouse.save(update_fields=["layout_kind", "aisle_length", "depot_x", "depot_y", "middle_cross_aisles"])
        data = {
            "kind": kind,
            "aisle_length": str(length),
            "depot": [str(x), str(y)],
            "middle": [str(m) for m in middles],
        }
        record_audit(user=user, source=source, action="warehouse.layout", obj=warehouse, data=data)
    return warehouse


@dataclass(frozen=True)
class BinPlace:
    """Where a bin stands and what it holds at most (None: not placed / no limit)."""

    aisle: int | None = None
    bay: int | None = None
    level: int | None = None
    x: Decimal | None = None
    y: Decimal | None = None
    pick_sequence: int | None = None
    capacity_units: int | None = None
    capacity_volume_l: int | None = None
    capacity_weight_kg: int | None = None


PLACE_FIELDS = tuple(BinPlace.__dataclass_fields__)


def place_bin(*, location: Location, place: BinPlace, user: Any, source: str) -> Location:
    """Set a bin's aisle, bay, level, x/y, pick sequence and limits (all at once)."""
    x, y = _metres(place.x), _metres(place.y)
    with transaction.atomic():
        warehouse = (
            Warehouse.objects.select_for_update().filter(pk=location.warehouse_id).first()
            if location.warehouse_id is not None
            else None
        )
        problems = domain.place_problems(
            is_bin=location.kind == Kind.BIN and location.usage == Usage.INTERNAL,
            aisle=place.aisle,
            x=x,
            y=y,
            aisle_length=warehouse.aisle_length if warehouse else None,
        )
        _raise(location.code, problems)
        for name in PLACE_FIELDS:
            setattr(location, name, getattr(place, name))
        location.x, location.y = x, y
        location.save(update_fields=list(PLACE_FIELDS))
        record_audit(
            user=user, source=source, action="location.place", obj=location,
            data={name: str(getattr(location, name)) for name in PLACE_FIELDS},
        )  # fmt: skip
    return location


@dataclass(frozen=True)
class Aisle:
    """An aisle of racks on both sides, to lay out at once: `bays_per_side` bays along each side,
    `bay_width` metres apart from the front cross aisle, each with `levels` bins."""

    number: int
    x: Decimal
    bays_per_side: int
    levels: int
    bay_width: Decimal = Decimal("1.2")
    limits: BinPlace = BinPlace()  # capacity_* for every bin


def bin_code(zone: Location, aisle: int, bay: int, level: int) -> str:
    """'A-03-07-2': zone A, aisle 03, bay 07 (odd bays on the left, even on the right), level 2."""
    return f"{zone.code.rsplit('/', 1)[-1]}-{aisle:02d}-{bay:02d}-{level}"


def lay_out_aisle(*, zone: Location, aisle: Aisle, user: Any, source: str) -> list[Location]:
    """Create the bins of a whole aisle under `zone`, placed: bay b stands at y = (⌈b/2⌉ − ½) ×
    bay width (bays 1 and 2 face each other), x = the aisle's (pickers walk its centre line).
    Pick sequence snakes: odd aisles front to back, even ones back to front (the S-shape walk)."""
    warehouse = zone.warehouse
    if zone.kind != Kind.ZONE or zone.usage != Usage.INTERNAL or warehouse is None:
        raise InvalidLayout(zone.code, [("zone", "aisles-go-in-zones", {})])
    depth = aisle.bay_width * aisle.bays_per_side
    problems = domain.place_problems(
        is_bin=True, aisle=aisle.number, x=aisle.x, y=depth, aisle_length=warehouse.aisle_length
    )
    _raise(zone.code, problems)
    bins = [
        _new_bin(zone, aisle, bay, level)
        for bay in range(1, 2 * aisle.bays_per_side + 1)
        for level in range(1, aisle.levels + 1)
    ]
    too_long = next((b.code for b in bins if len(b.code) > CODE_LENGTH), None)
    if too_long:
        detail = gettext("%(full_code)s is longer than a location code may be") % {"full_code": too_long}
        raise InvalidInput(detail, code=too_long)
    try:
        with transaction.atomic():
            Location.objects.bulk_create(bins, batch_size=500)
            record_audit(
                user=user, source=source, action="location.aisle_laid_out", obj=zone,
                data={"aisle": aisle.number, "bins": len(bins), "x": str(aisle.x)},
            )  # fmt: skip
    except IntegrityError:
        detail = gettext("Bins of aisle %(aisle)s already exist under %(zone)s") % {
            "aisle": aisle.number,
            "zone": zone.code,
        }
        raise Conflict(detail, zone=zone.code, aisle=aisle.number) from None
    return list(Location.objects.filter(code__in=[b.code for b in bins]).order_by("pick_sequence"))


def _new_bin(zone: Location, aisle: Aisle, bay: int, level: int) -> Location:
    slot = (bay + 1) // 2  # 1 at the front
    along = slot if aisle.number % 2 else aisle.bays_per_side + 1 - slot
    code = bin_code(zone, aisle.number, bay, level)
    return Location(
        code=f"{zone.code}/{code}",
        name=code,
        parent=zone,
        warehouse=zone.warehouse,
        kind=Kind.BIN,
        removal_strategy=zone.removal_strategy,
        aisle=aisle.number,
        bay=bay,
        level=level,
        x=aisle.x.quantize(CM),
        y=((slot - Decimal("0.5")) * aisle.bay_width).quantize(CM),
        pick_sequence=aisle.number * 10_000 + along * 100 + (bay + 1) % 2 * 10 + level,
        capacity_units=aisle.limits.capacity_units,
        capacity_volume_l=aisle.limits.capacity_volume_l,
        capacity_weight_kg=aisle.limits.capacity_weight_kg,
    )
