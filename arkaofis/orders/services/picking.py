"""What the floor does to an order's held stock while picking, through the order (its reservations).

A pick moves the held units from their bin to packing, still held for the order line. A short pick
gives back what the bin did not have and tries to hold it again elsewhere in the same warehouse
through the allocation planner; what cannot be held there stays unreserved on the line (it ships
later, or the order ships partly). Fulfilment calls these inside its own transaction.
"""

from typing import Any

from django.db import transaction

from arkaofis.core.exceptions import InvalidInput
from arkaofis.inventory.exceptions import InsufficientStock
from arkaofis.inventory.models import Location, Reservation
from arkaofis.inventory.services.reservations import reserve_stock
from arkaofis.inventory.services.reserved_moves import move_reserved, release_part
from arkaofis.orders import domain
from arkaofis.orders.events import record_order_change
from arkaofis.orders.models import SalesOrder, SalesOrderLine
from arkaofis.orders.services._locking import lock_order, user_id_of


def _line_of(order: SalesOrder, demand_ref: str) -> SalesOrderLine:
    """The order line a demand of this order belongs to ("SO-…/L3" or "SO-…/L3/<SKU>")."""
    prefix = f"{order.number}/L"
    if not demand_ref.startswith(prefix):
        raise InvalidInput(f"{demand_ref} is not held for {order.number}", field="reservation")
    line_no = demand_ref[len(prefix) :].split("/", 1)[0]
    return order.lines.get(line_no=int(line_no))


def move_picked(
    *, order_id: int, reservation_id: int, quantity: int, to_location: Location, document: str, user: Any, source: str
) -> list[int]:
    """Carry `quantity` held units to `to_location` (packing); the line still holds them. Returns the new holds.

    Raises DemandOwned for a hold that is not this order's."""
    with transaction.atomic():
        order = lock_order(order_id)
        held = move_reserved(
            reservation_id=reservation_id,
            quantity=quantity,
            to_location=to_location,
            source_document=document,
            owner=domain.DEMAND_OWNER,
            document=order.number,
            user=user,
            source=source,
        )
        return [reservation.pk for reservation in held]


def give_back_short(
    *, order_id: int, reservation_id: int, missing: int, document: str, user: Any, source: str
) -> tuple[int, bool]:
    """The bin lacked `missing` of a hold's units: give them back. Returns (line id, is a kit component).

    A plain line then holds that many fewer; a kit line holds whole kits, so its component must be
    held again elsewhere (hold_again) in the same transaction, or the caller refuses and rolls back.
    """
    with transaction.atomic():
        order = lock_order(order_id)
        reservation = Reservation.objects.get(pk=reservation_id)
        line = _line_of(order, reservation.demand_ref)
        is_kit = reservation.demand_ref != domain.line_demand_ref(order.number, line.line_no)
        release_part(
            reservation_id=reservation_id, quantity=missing, owner=domain.DEMAND_OWNER, user=user, source=source
        )
        if not is_kit:
            line.reserved_quantity -= missing
            line.save(update_fields=["reserved_quantity"])
        return line.pk, is_kit


def hold_again(
    *,
    order_id: int,
    demand_ref: str,
    product_id: int,
    quantity: int,
    warehouse_id: int,
    document: str,
    user: Any,
    source: str,
    count_line: bool,
) -> list[int]:
    """Hold `quantity` more for `demand_ref` in `warehouse_id` (the planner chooses where); [] when it is short.

    `count_line`: a plain line's reserved quantity grows back by what was held (after give_back_short);
    a kit component replaces units its line still counts.
    """
    with transaction.atomic():
        order = lock_order(order_id)
        line = _line_of(order, demand_ref)
        try:
            held = reserve_stock(
                product_id=product_id,
                quantity=quantity,
                demand_ref=demand_ref,
                warehouse_id=warehouse_id,
                user_id=user_id_of(user),
                source=source,
                owner=domain.DEMAND_OWNER,
            )
        except InsufficientStock:
            record_order_change(
                order=order,
                action="order.short_picked",
                user=user,
                source=source,
                data={"line": line.line_no, "sku": line.sku, "missing": quantity, "shipment": document},
            )
            return []
        if count_line:
            line.reserved_quantity += quantity
            line.save(update_fields=["reserved_quantity"])
        return held
