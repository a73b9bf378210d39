"""The one place where stock quantities change.

`post_move` appends a StockMove and updates the two quants it touches in the same transaction.
Quants are locked in primary-key order (from and to sorted), so two moves in opposite
directions can never deadlock, and the decrement is a guarded UPDATE, so stock that is not
there (or is held by a reservation) cannot leave a location that forbids negative stock.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext

from arkaofis.catalog.models import Product, Tracking
from arkaofis.core.exceptions import InvalidInput
from arkaofis.core.models import Source
from arkaofis.inventory import domain
from arkaofis.inventory.exceptions import (
    ForbiddenFlow,
    InsufficientStock,
    InvalidQuantity,
    LotRequired,
    QuantityOutOfRange,
    ReservationNotActive,
    SameLocation,
    SerialInStock,
    SerialQuantity,
)
from arkaofis.inventory.models import (
    BALANCE_LIMIT,
    MAX_QUANTITY,
    Location,
    Lot,
    Quant,
    Reservation,
    ReservationStatus,
    StockMove,
    Usage,
)
from arkaofis.inventory.signals import is_arrival, note_arrival


def require_positive_quantity(quantity: object) -> int:
    """Quantities are positive whole numbers of the product's base unit, at most MAX_QUANTITY a move."""
    if isinstance(quantity, bool) or not isinstance(quantity, int) or not 0 < quantity <= MAX_QUANTITY:
        raise InvalidQuantity(quantity)
    return quantity


@dataclass(frozen=True)
class MoveRequest:
    product: Product
    quantity: int
    from_location: Location
    to_location: Location
    reason: str
    lot: Lot | None = None
    reason_code: str = ""
    source_document: str = ""
    unit_cost: Decimal | None = None


def post_move(
    *,
    product: Product,
    quantity: int,
    from_location: Location,
    to_location: Location,
    reason: str,
    lot: Lot | None = None,
    reason_code: str = "",
    source_document: str = "",
    unit_cost: Decimal | None = None,
    user: Any = None,
    source: str = Source.SYSTEM,
    reservation: Reservation | None = None,
    at: datetime | None = None,
    hold_at_destination: bool = False,
) -> list[StockMove]:
    """Move stock and return the ledger rows written (several when a lot-tracked product is
    taken from more than one lot by the location's removal strategy).

    `hold_at_destination`: the moved units arrive reserved (a pick carrying an order's units to
    packing); the destination quant's reserved grows in the same update, and each returned move
    carries `to_quant_id` for the hold the caller writes there."""
    require_positive_quantity(quantity)
    if from_location.pk == to_location.pk:
        raise SameLocation(str(from_location))
    if not domain.is_flow_allowed(reason, from_location.usage, to_location.usage):
        raise ForbiddenFlow(reason, from_location.usage, to_location.usage)
    at = at or timezone.now()
    if lot is None and reservation is not None:
        lot = reservation.lot
    if lot is not None and (product.tracking == Tracking.NONE or lot.product_id != product.pk):
        raise InvalidInput(
            gettext("Lot %(lot)s does not belong to %(sku)s") % {"lot": lot.code, "sku": product.sku},
            sku=product.sku,
            lot=lot.code,
        )
    with transaction.atomic():
        consumed = _consume_reservation(reservation, product, from_location, quantity)
        legs = _split_by_lot(product, quantity, from_location, lot, consumed)
        moves = [
            _post_leg(
                MoveRequest(
                    product,
                    leg_quantity,
                    from_location,
                    to_location,
                    reason,
                    leg_lot,
                    reason_code,
                    source_document,
                    unit_cost,
                ),
                user=user,
                source=source,
                at=at,
                consumed=leg_consumed,
                from_quant_id=_held_quant(reservation, leg_lot),
                hold=hold_at_destination,
            )
            for leg_lot, leg_quantity, leg_consumed in legs
        ]
        from arkaofis.inventory.services.low_stock import check_thresholds

        check_thresholds(
            product_id=product.pk,
            from_location=from_location,
            to_location=to_location,
            quantity=quantity,
            reserved_taken=consumed,
            held=hold_at_destination,
        )
        if is_arrival(
            from_usage=from_location.usage,
            from_warehouse_id=from_location.warehouse_id,
            to_usage=to_location.usage,
            to_warehouse_id=to_location.warehouse_id,
        ):
            note_arrival(product.pk)  # announced after commit (stock_arrived): backorders may now be served
    return moves


def _consume_reservation(
    reservation: Reservation | None, product: Product, from_location: Location, quantity: int
) -> int:
    """Close (or shrink) the reservation this move fulfils; return the units it released."""
    if reservation is None:
        return 0
    if _consume_as_seen(reservation, product, from_location, quantity):
        return min(quantity, reservation.quantity)
    locked = Reservation.objects.select_for_update().get(pk=reservation.pk)
    if locked.status != ReservationStatus.ACTIVE:
        raise ReservationNotActive(locked.pk, locked.status)
    if locked.product_id != product.pk or locked.location_id != from_location.pk:
        raise ReservationNotActive(locked.pk, "for another product or location")
    consumed = min(quantity, locked.quantity)
    if consumed == locked.quantity:
        locked.status = ReservationStatus.CONSUMED
        locked.closed_at = timezone.now()
    else:
        locked.quantity -= consumed
    locked.save(update_fields=["status", "closed_at", "quantity"])
    return consumed


def _held_quant(reservation: Reservation | None, lot: Lot | None) -> int | None:
    """The quant a hold names, when the leg takes from its lot: no lookup needed for it."""
    if reservation is None or (lot.pk if lot else None) != reservation.lot_id:
        return None
    return reservation.quant_id


def _consume_as_seen(reservation: Reservation, product: Product, from_location: Location, quantity: int) -> bool:
    """One guarded UPDATE when the hold is still as the caller read it (active, this product and place,
    the same quantity): most moves. Anything else falls back to reading it under a lock."""
    if reservation.status != ReservationStatus.ACTIVE:
        return False
    consumed = min(quantity, reservation.quantity)
    whole = consumed == reservation.quantity
    left = 0 if whole else reservation.quantity - consumed
    updated = Reservation.objects.filter(
        pk=reservation.pk,
        status=ReservationStatus.ACTIVE,
        product_id=product.pk,
        location_id=from_location.pk,
        quantity=reservation.quantity,
    ).update(
        quantity=reservation.quantity if whole else left,
        status=ReservationStatus.CONSUMED if whole else ReservationStatus.ACTIVE,
        closed_at=timezone.now() if whole else None,
    )
    return bool(updated)


def _split_by_lot(
    product: Product, quantity: int, from_location: Location, lot: Lot | None, consumed: int
) -> list[tuple[Lot | None, int, int]]:
    """[(lot, quantity, reserved units consumed)] for each ledger row to write."""
    if product.tracking == Tracking.NONE or lot is not None:
        return [(lot, quantity, consumed)]
    if from_location.is_virtual:
        raise LotRequired(product.sku)
    quants = list(
        Quant.objects.filter(product=product, location=from_location, lot__isnull=False, on_hand__gt=0).select_related(
            "lot"
        )
    )
    views = [
        domain.QuantView(
            q.pk,
            q.on_hand - q.reserved,
            q.in_date,
            q.lot.expires_on if q.lot else None,
            from_location.removal_strategy,
            product.pk,
        )
        for q in quants
    ]
    plan = domain.plan_takes(views, [domain.Demand(product.pk, quantity - consumed)])
    if plan.short is not None:
        raise InsufficientStock(product.sku, quantity, plan.short.available + consumed, str(from_location))
    lots = {q.pk: q.lot for q in quants}
    return [(lots[take.quant_id], take.quantity, 0) for take in plan.takes[0]]


def _post_leg(
    request: MoveRequest,
    *,
    user: Any,
    source: str,
    at: datetime,
    consumed: int,
    from_quant_id: int | None,
    hold: bool,
) -> StockMove:
    if request.product.tracking == Tracking.SERIAL:
        _check_serial(request)
    # A hold names its quant: the one for (product, location, lot) the move takes from.
    from_id = from_quant_id or ensure_quant(request.product.pk, request.from_location, request.lot, at)
    to_id = ensure_quant(request.product.pk, request.to_location, request.lot, at)
    # Lock (update) in primary-key order so opposite moves cannot deadlock.
    for quant_id in sorted((from_id, to_id)):
        if quant_id == from_id:
            _take_from(from_id, request, consumed)
        else:
            _add_to(to_id, request, hold=hold)
    move = StockMove(
        product=request.product,
        quantity=request.quantity,
        from_location=request.from_location,
        to_location=request.to_location,
        lot=request.lot,
        reason=request.reason,
        reason_code=request.reason_code,
        source_document=request.source_document,
        unit_cost=request.unit_cost,
        user=user if getattr(user, "is_authenticated", False) else None,
        source=source,
        created_at=at,
    )
    from arkaofis.inventory.services.valuation import value_move

    value_move(move)
    move.to_quant_id = to_id  # type: ignore[attr-defined]  # for the caller holding the units there
    return move


def _check_serial(request: MoveRequest) -> None:
    """A serial number is one unit, and it can be on a shelf in one place only."""
    if request.quantity != 1:
        raise SerialQuantity(request.product.sku, request.quantity)
    if request.to_location.usage != Usage.INTERNAL or request.from_location.usage == Usage.INTERNAL:
        return
    in_stock = Quant.objects.filter(
        product=request.product, lot=request.lot, location__usage=Usage.INTERNAL, on_hand__gt=0
    )
    if in_stock.exists():
        raise SerialInStock(request.product.sku, str(request.lot))


def _add_to(quant_id: int, request: MoveRequest, *, hold: bool = False) -> None:
    """Guarded increment: the balance stays within the range it is stored in (BALANCE_LIMIT).
    `hold`: the units arrive reserved (reserved grows with on hand)."""
    within = Quant.objects.filter(pk=quant_id, on_hand__lte=BALANCE_LIMIT - request.quantity)
    grow: dict[str, Any] = {"on_hand": F("on_hand") + request.quantity}
    if hold:
        grow["reserved"] = F("reserved") + request.quantity
    if not within.update(**grow):
        raise QuantityOutOfRange(request.product.sku, str(request.to_location), BALANCE_LIMIT)


def _take_from(quant_id: int, request: MoveRequest, consumed: int) -> None:
    """Guarded decrement: free stock (on hand − reserved) must cover what is not reserved for us,
    and a location that may go negative stays within -BALANCE_LIMIT."""
    free_needed = request.quantity - consumed
    updated = (
        Quant.objects.filter(pk=quant_id, on_hand__gte=request.quantity - BALANCE_LIMIT)
        .filter(Q(negative_allowed=True) | Q(on_hand__gte=F("reserved") + free_needed))
        .update(on_hand=F("on_hand") - request.quantity, reserved=F("reserved") - consumed)
    )
    if not updated:
        quant = Quant.objects.get(pk=quant_id)
        if quant.on_hand - request.quantity < -BALANCE_LIMIT:
            raise QuantityOutOfRange(request.product.sku, str(request.from_location), BALANCE_LIMIT)
        raise InsufficientStock(
            request.product.sku,
            request.quantity,
            quant.on_hand - quant.reserved + consumed,
            str(request.from_location),
        )


def ensure_quant(product_id: int, location: Location, lot: Lot | None, at: datetime) -> int:
    """The id of the quant for (product, location, lot), created empty if missing.

    INSERT … ON CONFLICT DO NOTHING makes concurrent creators agree on one row.
    """
    lookup = Quant.objects.filter(product_id=product_id, location=location, lot=lot).values_list("pk", flat=True)
    quant_id = lookup.first()
    if quant_id is not None:
        return quant_id
    warehouse_id = location.warehouse_id if location.usage == Usage.INTERNAL else None
    table = Quant._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (product_id, location_id, lot_id, warehouse_id, on_hand, reserved, "  # noqa: S608
            "negative_allowed, in_date) VALUES (%s, %s, %s, %s, 0, 0, %s, %s) ON CONFLICT DO NOTHING",
            [product_id, location.pk, lot.pk if lot else None, warehouse_id, location.allow_negative, at],
        )
    return lookup.get()
