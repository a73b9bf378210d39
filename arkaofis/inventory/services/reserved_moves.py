"""Held stock that moves or shrinks without changing whom it is held for.

A pick carries an order's units from their bin to the packing location: the ledger moves them and
the demand keeps holding them there, so between bin and parcel they are never free stock another
order could take. A short pick gives back the part of a hold that the bin did not have.
Both are a document's act on its own reservations: the caller names the owner (invariant 9).
"""

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from arkaofis.core.models import Source
from arkaofis.core.services.audit import record_audit
from arkaofis.inventory.demands import document_of, owner_of
from arkaofis.inventory.exceptions import DemandOwned, InvalidQuantity, ReservationNotActive
from arkaofis.inventory.models import Location, MoveReason, Quant, Reservation, ReservationStatus
from arkaofis.inventory.services.ledger import post_move, require_positive_quantity
from arkaofis.inventory.services.reservations import check_owner


def _lock_active(reservation_id: int, owner: str | None, quantity: int, document: str | None = None) -> Reservation:
    """The hold, locked; `document`: it must be that document's own (an order moving another's refused)."""
    reservation = Reservation.objects.select_for_update(of=("self",)).select_related("product", "location", "lot")
    held = reservation.get(pk=reservation_id)
    check_owner(held.demand_ref, owner)
    if document is not None and document_of(held.demand_ref) != document:
        raise DemandOwned(held.demand_ref, owner_of(held.demand_ref) or "", document_of(held.demand_ref))
    if held.status != ReservationStatus.ACTIVE:
        raise ReservationNotActive(held.pk, held.status)
    if require_positive_quantity(quantity) > held.quantity:
        raise InvalidQuantity(quantity)
    return held


def move_reserved(
    *,
    reservation_id: int,
    quantity: int,
    to_location: Location,
    source_document: str,
    owner: str | None,
    document: str | None = None,
    user: Any = None,
    source: str = Source.SYSTEM,
) -> list[Reservation]:
    """Move `quantity` of a hold's units to `to_location`; return the holds created there.

    The hold at the source shrinks (or is consumed) by the move itself; the same demand holds the
    moved units at the destination, lot by lot as the ledger moved them. `document`: the hold must be
    this document's (DemandOwned otherwise).
    """
    with transaction.atomic():
        held = _lock_active(reservation_id, owner, quantity, document)
        moves = post_move(
            product=held.product,
            quantity=quantity,
            from_location=held.location,
            to_location=to_location,
            reason=MoveReason.TRANSFER,
            lot=held.lot,
            source_document=source_document,
            user=user,
            source=source,
            reservation=held,
            hold_at_destination=True,
        )
        now = timezone.now()
        created = []
        for move in moves:
            created.append(
                Reservation.objects.create(
                    product_id=held.product_id,
                    warehouse_id=to_location.warehouse_id,  # type: ignore[misc]  # internal: has one
                    quant_id=move.to_quant_id,  # type: ignore[attr-defined]  # post_move says where it held them
                    location=to_location,
                    lot=move.lot,
                    quantity=move.quantity,
                    demand_ref=held.demand_ref,
                    user=user if getattr(user, "is_authenticated", False) else None,
                    source=source,
                    created_at=now,
                )
            )
        return created


def release_part(
    *, reservation_id: int, quantity: int, owner: str | None, user: Any = None, source: str = Source.SYSTEM
) -> Reservation:
    """Give back `quantity` of a hold (all of it releases the hold); return the hold as it is now."""
    with transaction.atomic():
        held = _lock_active(reservation_id, owner, quantity)
        Quant.objects.filter(pk=held.quant_id).update(reserved=F("reserved") - quantity)
        if quantity == held.quantity:
            held.status, held.closed_at = ReservationStatus.RELEASED, timezone.now()
        else:
            held.quantity -= quantity
        held.save(update_fields=["status", "closed_at", "quantity"])
        record_audit(
            user=user,
            source=source,
            action="reservation.released",
            obj=held,
            data={"demand_ref": held.demand_ref, "quantity": quantity},
        )
        return held
