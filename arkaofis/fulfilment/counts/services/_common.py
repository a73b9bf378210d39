"""What the count services share: locking a count, the ledger's word on a line, the race with picking,
the tolerance from settings, posting the variances, and auditing."""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Max, Q
from django.utils import timezone

from arkaofis.core.services.audit import record_audit
from arkaofis.fulfilment.counts.domain import Tolerance
from arkaofis.fulfilment.counts.exceptions import BinBeingPicked, CountClosed, UnknownCount
from arkaofis.fulfilment.counts.models import CountDoc, CountLine
from arkaofis.fulfilment.models import PickLine, PickLineStatus
from arkaofis.inventory.models import CostLayer, Quant, StockMove
from arkaofis.inventory.services.adjustments import adjust_stock


def lock_count(count_id: int, *, allowed: tuple[str, ...], action: str) -> CountDoc:
    """The count's row, locked for this transaction, in one of the `allowed` statuses.
    Raises UnknownCount, CountClosed."""
    rows = CountDoc.objects.select_for_update(of=("self",)).select_related("warehouse", "product")
    count = rows.filter(pk=count_id).first()
    if count is None:
        raise UnknownCount(count_id)
    if count.status not in allowed:
        raise CountClosed(count.number, count.status, action)
    return count


def person(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


def check_not_picked(location_ids: list[int]) -> None:
    """A count never races a pick: refuse (BinBeingPicked) while a bin has an open pick stop."""
    stop = (
        PickLine.objects.filter(location_id__in=location_ids, status=PickLineStatus.OPEN)
        .select_related("location", "batch")
        .order_by("location__code", "batch_id")
        .first()
    )
    if stop is not None:
        raise BinBeingPicked(bin=stop.location.code, batch=stop.batch.number)


def _touching(product_id: int, location_id: int, lot_id: int | None) -> Any:
    moves = StockMove.objects.filter(product_id=product_id).filter(Q(lot_id=lot_id) if lot_id else Q(lot=None))
    return moves.filter(Q(from_location_id=location_id) | Q(to_location_id=location_id))


def ledger_mark(product_id: int, location_id: int, lot_id: int | None) -> int:
    """The id of the latest stock move into or out of the bin for this product (and lot); 0 for none."""
    return _touching(product_id, location_id, lot_id).aggregate(last=Max("id"))["last"] or 0


def moved_since(line: CountLine) -> bool:
    """Whether the ledger changed for this line after it was counted: a later move touched it, or its
    on-hand is no longer what the counter was compared with (a move committed out of id order)."""
    if line.expected is None:
        return False
    later = _touching(line.product_id, line.location_id, line.lot_id).filter(id__gt=line.ledger_mark).exists()
    return later or on_hand(line.product_id, line.location_id, line.lot_id) != line.expected


def on_hand(product_id: int, location_id: int, lot_id: int | None) -> int:
    lot = Q(lot_id=lot_id) if lot_id else Q(lot=None)
    quant = Quant.objects.filter(lot, product_id=product_id, location_id=location_id).first()
    return quant.on_hand if quant is not None else 0


def capture(line: CountLine, *, counted: int, user: Any) -> None:
    """Set the line's count with the ledger's quantity and latest move at this moment (not saved)."""
    line.counted = counted
    line.expected = on_hand(line.product_id, line.location_id, line.lot_id)
    line.ledger_mark = ledger_mark(line.product_id, line.location_id, line.lot_id)
    line.counted_at, line.counted_by = timezone.now(), person(user)


def unit_cost(product_id: int, fallback: Decimal) -> Decimal:
    """What a unit of the product costs now, to weigh a variance: its newest open cost layer, else the
    product's standard cost. (An estimate for the tolerance and the manager's screen; the adjustment
    move itself is valued by the ledger.)"""
    layer = CostLayer.objects.filter(product_id=product_id, remaining__gt=0).order_by("-id").first()
    return Decimal(layer.unit_cost) if layer is not None else Decimal(fallback)


def tolerance() -> Tolerance:
    """The variance a count may post without a manager (settings ARKAOFIS_COUNT_TOLERANCE_*; domain.py)."""
    value = getattr(settings, "ARKAOFIS_COUNT_TOLERANCE_VALUE", None)
    return Tolerance(
        units=int(getattr(settings, "ARKAOFIS_COUNT_TOLERANCE_UNITS", 2)),
        percent=Decimal(str(getattr(settings, "ARKAOFIS_COUNT_TOLERANCE_PERCENT", 5))),
        value=Decimal(str(value)) if value not in (None, "") else None,
    )


def post_variances(count: CountDoc, *, user: Any, source: str) -> int:
    """One count_gain or count_loss adjustment per line with a variance, named after the count; how many."""
    posted = 0
    for line in count.lines.exclude(variance=0).exclude(variance=None).select_related("product", "location", "lot"):
        assert line.variance is not None
        adjust_stock(
            product=line.product,
            location=line.location,
            delta=line.variance,
            reason_code="count_gain" if line.variance > 0 else "count_loss",
            lot=line.lot,
            note=count.number,
            user=user,
            source=source,
        )
        posted += 1
    return posted


def audit(count: CountDoc, *, action: str, user: Any, source: str, **data: Any) -> None:
    record_audit(
        user=user,
        source=source,
        action=f"count.{action}",
        obj=count,
        data={"number": count.number, "status": count.status, **data},
    )
