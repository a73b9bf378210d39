"""A count and its adjustments agree: a posted count's count_gain / count_loss moves (named after it)
add up, per bin, product and lot, to the variances it posted; a count not posted has moved nothing.
Registered with core's invariants in FulfilmentConfig.ready."""

from collections import defaultdict

from arkaofis.fulfilment.counts.models import CountDoc, CountLine, CountStatus
from arkaofis.inventory.models import MoveReason, StockMove, Usage

_MAX = 50
Key = tuple[str, int, int, int | None]


def adjustments_match_variances() -> list[str]:
    numbers = {count.number: count.status for count in CountDoc.objects.only("id", "status")}
    if not numbers:
        return []
    moved: dict[Key, int] = defaultdict(int)
    moves = StockMove.objects.filter(
        reason=MoveReason.ADJUSTMENT, reason_code__in=["count_gain", "count_loss"], source_document__in=list(numbers)
    ).select_related("from_location", "to_location")
    for move in moves:
        gain = move.to_location.usage == Usage.INTERNAL
        location_id = move.to_location_id if gain else move.from_location_id
        moved[(move.source_document, move.product_id, location_id, move.lot_id)] += (
            move.quantity if gain else -move.quantity
        )
    posted: dict[Key, int] = defaultdict(int)
    lines = CountLine.objects.filter(count__status=CountStatus.POSTED).exclude(variance=None).exclude(variance=0)
    for line in lines.select_related("count"):
        assert line.variance is not None
        posted[(line.count.number, line.product_id, line.location_id, line.lot_id)] += line.variance
    breaks = [
        f"{key[0]}: product {key[1]} at location {key[2]} moved {moved.get(key, 0)}, "
        f"the count posted {posted.get(key, 0)}"
        for key in sorted(set(moved) | set(posted), key=str)
        if moved.get(key, 0) != posted.get(key, 0)
    ]
    return breaks[:_MAX]
