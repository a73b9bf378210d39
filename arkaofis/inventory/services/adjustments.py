"""Stock adjustments: found or lost stock, counted differences, damage. Each is one ledger move
between a bin and the adjustment location, with a reason code."""

from django.db import transaction
from django.utils.translation import gettext

from arkaofis.catalog.models import Product
from arkaofis.core.exceptions import InvalidInput
from arkaofis.core.services.audit import record_audit
from arkaofis.inventory.models import Location, Lot, MoveReason, StockMove, Usage
from arkaofis.inventory.selectors import virtual_location
from arkaofis.inventory.services.ledger import post_move, require_positive_quantity

# Reason codes a user picks from; the sign says which way stock goes.
INCREASE_REASONS = ("found", "count_gain", "correction_in")
# short_pick: a picker found fewer than the bin should hold; the count it raises confirms or reverses it.
DECREASE_REASONS = ("damaged", "lost", "expired", "count_loss", "correction_out", "short_pick")
REASON_CODES = INCREASE_REASONS + DECREASE_REASONS


def adjust_stock(
    *,
    product: Product,
    location: Location,
    delta: int,
    reason_code: str,
    lot: Lot | None = None,
    note: str = "",
    user: object = None,
    source: str,
) -> list[StockMove]:
    """Add (delta > 0) or remove (delta < 0) stock at an internal location."""
    if isinstance(delta, bool) or not isinstance(delta, int) or delta == 0:
        raise InvalidInput(
            gettext("Adjustment must be a non-zero whole number, got %(delta)r") % {"delta": delta}, delta=str(delta)
        )
    require_positive_quantity(abs(delta))
    if reason_code not in REASON_CODES:
        raise InvalidInput(
            gettext("Unknown reason code %(reason_code)r") % {"reason_code": reason_code},
            reason_code=reason_code,
            allowed=list(REASON_CODES),
        )
    if (delta > 0) != (reason_code in INCREASE_REASONS):
        raise InvalidInput(
            gettext("Reason %(reason_code)r does not fit a change of %(delta)s")
            % {"reason_code": reason_code, "delta": f"{delta:+d}"},
            reason_code=reason_code,
        )
    if location.usage != Usage.INTERNAL:
        raise InvalidInput(
            gettext("Adjust stock at an internal location, not %(location)s") % {"location": location.code},
            location=location.code,
        )
    loss = virtual_location(Usage.ADJUSTMENT)
    source_from, source_to = (loss, location) if delta > 0 else (location, loss)
    with transaction.atomic():
        moves = post_move(
            product=product,
            quantity=abs(delta),
            from_location=source_from,
            to_location=source_to,
            reason=MoveReason.ADJUSTMENT,
            lot=lot,
            reason_code=reason_code,
            source_document=note[:100],
            user=user,
            source=source,
        )
        record_audit(
            user=user,
            source=source,
            action="stock.adjusted",
            obj=moves[0],
            data={"sku": product.sku, "location": location.code, "delta": delta, "reason_code": reason_code},
        )
    return moves
