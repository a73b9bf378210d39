"""Where a transfer's units are between the two warehouses, and which lots at what value (read from the ledger).

The road is the shared transit location (inventory's virtual "transit": valued, in no warehouse, so the
valuation screens show it as "In transit"); the destination's receiving dock is a transit-usage location of
that warehouse ("IST/RECV": valued there, outside available-to-promise until put away). The ledger's moves
whose source document is the transfer say which lots sit in each place and the value they carried.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Min, Sum
from django.utils.translation import gettext_noop

from arkaofis.core.money import round_unit
from arkaofis.inventory.models import Location, Lot, StockMove, Usage, Warehouse
from arkaofis.inventory.selectors import virtual_location
from arkaofis.inventory.services.locations import ensure_warehouse_virtual_location

DOCK_SUFFIX = "RECV"
DOCK_NAME = gettext_noop("Receiving dock")  # a message id: Location.label says it in the reader's language


def road() -> Location:
    return virtual_location(Usage.TRANSIT)


def dock(warehouse: Warehouse) -> Location:
    """The warehouse's receiving dock, made on first use."""
    return ensure_warehouse_virtual_location(
        warehouse=warehouse, usage=Usage.TRANSIT, suffix=DOCK_SUFFIX, name=DOCK_NAME, user=None, source="system"
    )


@dataclass(frozen=True)
class LotUnits:
    """Units of one lot (or none) a document holds in a place, and the value the ledger carried in with them."""

    lot: Lot | None
    units: int
    value: Decimal

    @property
    def unit_cost(self) -> Decimal:
        """Unrounded: a move taking all of these units carries exactly their value (the ledger rounds the
        row's value to the unit-cost precision, which the value already has), so the place empties to zero."""
        return self.value / self.units if self.units else Decimal(0)


def held_in(*, document: str, product_id: int, place: Location) -> list[LotUnits]:
    """What of `product_id` the moves of `document` brought into `place` and have not taken out, lot by
    lot, in the order the lots arrived (so the oldest leaves first)."""
    moves = StockMove.objects.filter(source_document=document, product_id=product_id).order_by()
    came = moves.filter(to_location=place).values("lot").annotate(q=Sum("quantity"), v=Sum("value"), first=Min("id"))
    went = {
        row["lot"]: (row["q"], row["v"])
        for row in moves.filter(from_location=place).values("lot").annotate(q=Sum("quantity"), v=Sum("value"))
    }
    lots = {lot.pk: lot for lot in Lot.objects.filter(pk__in=[row["lot"] for row in came if row["lot"]])}
    result = []
    for row in sorted(came, key=lambda row: row["first"]):
        out_q, out_v = went.get(row["lot"], (0, Decimal(0)))
        units = row["q"] - out_q
        if units > 0:
            value = Decimal(row["v"] or 0) - Decimal(out_v or 0)
            result.append(LotUnits(lots.get(row["lot"]), units, value))
    return result


def take_in_order(held: list[LotUnits], quantity: int) -> list[LotUnits]:
    """`quantity` units from `held`, oldest lot first, each part at its lot's unit cost."""
    parts, left = [], quantity
    for lot_units in held:
        if left == 0:
            break
        units = min(left, lot_units.units)
        value = lot_units.value if units == lot_units.units else round_unit(lot_units.unit_cost) * units
        parts.append(LotUnits(lot_units.lot, units, value))
        left -= units
    return parts
