"""Complete a kitting order, whole or in part: consume what it holds, make what it promised, at their cost.

The consumed units leave their bins for the production location (consuming the order's holds and their
cost layers); the made units come from production onto the bin the kitter scans, carrying the consumed
units' value: a kit's unit cost is its components' cost; taken apart, a kit's cost is shared among its
components in proportion to their own going cost (by units when none has a cost yet).
"""

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from arkaofis.catalog.models import Product
from arkaofis.core.money import round_unit
from arkaofis.core.services.audit import record_audit
from arkaofis.fulfilment.exceptions import TooMany, UnknownBarcode
from arkaofis.fulfilment.kitting.models import KittingKind, KittingLine, KittingOrder, KittingStatus
from arkaofis.fulfilment.kitting.services._common import lock_open
from arkaofis.fulfilment.kitting.services.planning import bill_of
from arkaofis.fulfilment.services import scans
from arkaofis.fulfilment.transfers.exceptions import NotABin
from arkaofis.inventory.models import CostLayer, Kind, Location, MoveReason, Reservation, ReservationStatus, Usage
from arkaofis.inventory.selectors import virtual_location
from arkaofis.inventory.services.ledger import post_move
from arkaofis.work.models import TaskKind
from arkaofis.work.services.closing import close_task


def _target(bin_scan: str, order: KittingOrder) -> Location:
    code = scans.clean(bin_scan)
    location = Location.objects.filter(code__iexact=code).first() if code else None
    if location is None:
        raise UnknownBarcode(code)
    usable = location.warehouse_id == order.warehouse_id and location.usage == Usage.INTERNAL
    if not (usable and location.kind == Kind.BIN and location.active):
        raise NotABin(location=location.code, warehouse=order.warehouse.code)
    return location


def _consume(order: KittingOrder, line: KittingLine, units: int, *, user: Any, source: str) -> Decimal:
    """Move `units` of the line's held stock to production; return the value they carried."""
    production, left, value = virtual_location(Usage.PRODUCTION), units, Decimal(0)
    holds = Reservation.objects.filter(demand_ref=line.demand_ref, status=ReservationStatus.ACTIVE)
    for held in holds.select_related("location", "lot").order_by("pk"):
        take = min(left, held.quantity)
        moves = post_move(
            product=line.product, quantity=take, from_location=held.location, to_location=production,
            reason=MoveReason.PRODUCTION, lot=held.lot, source_document=order.number, user=user, source=source,
            reservation=held,
        )  # fmt: skip
        value += sum((move.value for move in moves), Decimal(0))
        left -= take
        if left == 0:
            break
    line.consumed_quantity += units
    line.save(update_fields=["consumed_quantity"])
    return value


def going_cost(product: Product) -> Decimal:
    """What a unit of `product` costs now: its newest open cost layer, else its standard cost."""
    layer = CostLayer.objects.filter(product=product, remaining__gt=0).order_by("-id").first()
    return layer.unit_cost if layer is not None else Decimal(product.standard_cost)


def _outputs(order: KittingOrder, quantity: int, value: Decimal) -> list[tuple[Product, int, Decimal]]:
    """(product, units, unit cost) of what `quantity` completions make from consumed `value`."""
    if order.kind == KittingKind.ASSEMBLE:
        return [(order.kit, quantity, value / quantity)]
    parts = [(component, per_kit * quantity) for component, per_kit in bill_of(order.kit)]
    weights = [going_cost(component) * units for component, units in parts]
    if not any(weights):
        weights = [Decimal(units) for _, units in parts]
    total = sum(weights, Decimal(0))
    shares = zip(parts, weights, strict=True)
    return [(component, units, value * weight / total / units) for (component, units), weight in shares]


def complete_kitting(
    *, kitting_id: int, bin_scan: str, quantity: int | None = None, user: Any, source: str
) -> KittingOrder:
    """Make `quantity` (default: all that is left) kits — or take them apart — onto the scanned bin.

    Raises UnknownKittingOrder, KittingClosed, UnknownBarcode, NotABin (not an active bin of the order's
    warehouse), TooMany (more than is left); then nothing moves.
    """
    with transaction.atomic():
        order = lock_open(kitting_id)
        target = _target(bin_scan, order)
        quantity = order.remaining if quantity is None else quantity
        if isinstance(quantity, bool) or not isinstance(quantity, int) or not 0 < quantity <= order.remaining:
            raise TooMany(sku=order.kit.sku, left=order.remaining, quantity=quantity)
        value = Decimal(0)
        for line in order.lines.select_related("product").order_by("line_no"):
            value += _consume(order, line, line.per_unit * quantity, user=user, source=source)
        production = virtual_location(Usage.PRODUCTION)
        for product, units, unit_cost in _outputs(order, quantity, value):
            post_move(
                product=product, quantity=units, from_location=production, to_location=target,
                reason=MoveReason.PRODUCTION, source_document=order.number, unit_cost=round_unit(unit_cost),
                user=user, source=source,
            )  # fmt: skip
        order.done_quantity += quantity
        if order.remaining == 0:
            order.status, order.closed_at = KittingStatus.DONE, timezone.now()
            close_task(kind=TaskKind.KITTING, document_ref=order.number, user=user, source=source)
        else:
            order.status = KittingStatus.PARTIALLY_DONE
        order.save(update_fields=["done_quantity", "status", "closed_at"])
        record_audit(
            user=user, source=source, action="kitting.completed", obj=order,
            data={"quantity": quantity, "bin": target.code, "value": str(round_unit(value))},
        )  # fmt: skip
        return order
