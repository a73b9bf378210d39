"""Ship a shipment (stock leaves for the customer) and mark it delivered.

Shipping posts one ledger move per reservation the shipment's lines hold in its warehouse,
from the reserved location to the customer location, consuming the reservation (the move's
`reservation=`), so the units never become free stock in between. Demands are the order's:
"SO-000123/L1" for a plain line, "SO-000123/L1/<SKU>" for each component of a kit line.

Both actions are idempotent in the way a phone on a shaky network needs: shipping a shipment
that is already shipped (or delivered) returns it unchanged, with no move and no event, even if
the second tap carried another tracking number (the first one stands; correct it by hand);
delivering a delivered shipment likewise. Shipping a cancelled shipment, or delivering one not
yet shipped, raises ShipmentClosed.

Locks: the order first, then the shipment, like release and cancel, so they cannot deadlock.
The order's lines and status are orders' own: they change through orders' services (mark_shipped,
mark_delivered), inside this transaction.
"""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from arkaofis.core.events import publish
from arkaofis.core.exceptions import InvalidInput
from arkaofis.fulfilment.domain.stages import IN_WAREHOUSE, Stage, can_move
from arkaofis.fulfilment.events import ShipmentShipped
from arkaofis.fulfilment.exceptions import ShipmentClosed, ShipmentNotReserved, UnknownShipment
from arkaofis.fulfilment.models import Shipment, ShipmentLine, ShipmentStatus
from arkaofis.inventory.models import MoveReason, Reservation, Usage
from arkaofis.inventory.selectors import virtual_location
from arkaofis.inventory.services.ledger import post_move
from arkaofis.orders import domain
from arkaofis.orders.models import SalesOrder
from arkaofis.orders.selectors import active_reservations
from arkaofis.orders.services import shipping as order_shipping
from arkaofis.orders.services._locking import lock_order_of

DONE = frozenset({ShipmentStatus.SHIPPED, ShipmentStatus.DELIVERED})


def _lock(shipment_id: int) -> tuple[SalesOrder, Shipment]:
    """Must run inside a transaction."""
    order = lock_order_of(Shipment.objects.filter(pk=shipment_id).values("order_id"))
    if order is None:
        raise UnknownShipment(f"#{shipment_id}")
    return order, Shipment.objects.select_for_update(of=("self",)).select_related("warehouse").get(pk=shipment_id)


_FIELDS = {"carrier": gettext_lazy("carrier"), "tracking_number": gettext_lazy("tracking number")}


def _clean(value: str, field: str, limit: int, *, required: bool) -> str:
    value = (value or "").strip()
    if (required and not value) or len(value) > limit or "\x00" in value:
        label = _FIELDS[field]
        told = (
            gettext("The %(field)s is required and may have at most %(limit)s characters")
            if required
            else gettext("The %(field)s may have at most %(limit)s characters")
        )
        raise InvalidInput(told % {"field": label, "limit": limit}, field=field)
    return value


def ship_shipment(*, shipment_id: int, carrier: str, tracking_number: str, user: Any, source: str) -> Shipment:
    """Hand a pending (not scanned) or packed shipment to `carrier`: post its moves, update the order,
    emit order.shipped. A labelled shipment ships with its label's carrier and number when no carrier is given.

    Raises UnknownShipment, InvalidInput (carrier missing or too long), ShipmentClosed (cancelled, or
    picking and not yet packed) and ShipmentNotReserved (its stock is no longer reserved); then nothing changes.
    """
    carrier = _clean(carrier, "carrier", 64, required=False)
    tracking_number = _clean(tracking_number, "tracking_number", 100, required=False)
    with transaction.atomic():
        order, shipment = _lock(shipment_id)
        if shipment.status in DONE:
            return shipment
        if not can_move(shipment.status, Stage.SHIPPED):
            raise ShipmentClosed(shipment.number, shipment.status, "shipped")
        if shipment.labelled_at and not carrier:  # the label's carrier and number, unless told otherwise
            carrier, tracking_number = shipment.carrier, shipment.tracking_number
        carrier = _clean(carrier, "carrier", 64, required=True)
        held = _held_here(order, shipment)
        leaving = {line.order_line_id: _leaving(order, shipment, line, held) for line in _lines(shipment)}
        customer = virtual_location(Usage.CUSTOMER)
        # By product, then quant: every shipment takes the quants' locks in one global order, so two
        # shipments of the same products in other line orders cannot deadlock.
        for reservation in sorted(
            (hold for _, holds in leaving.values() for hold in holds), key=lambda hold: (hold.product_id, hold.quant_id)
        ):
            _move(reservation, customer, shipment, user=user, source=source)
        units = {line_id: units for line_id, (units, _) in leaving.items() if units > 0}
        order_shipping.mark_shipped(
            order_id=order.pk,
            units=units,
            shipment=shipment.number,
            warehouse=shipment.warehouse.code,
            carrier=carrier,
            tracking_number=tracking_number,
            user=user,
            source=source,
        )
        shipment.status = ShipmentStatus.SHIPPED
        if tracking_number != shipment.tracking_number:
            shipment.tracking_url = ""  # the label's link names another number
        shipment.carrier, shipment.tracking_number = carrier, tracking_number
        shipment.shipped_at = timezone.now()
        shipment.shipped_by = user if getattr(user, "is_authenticated", False) else None
        shipment.save(
            update_fields=["status", "carrier", "tracking_number", "tracking_url", "shipped_at", "shipped_by"]
        )
        publish(
            ShipmentShipped(
                shipment_id=shipment.pk,
                shipment_number=shipment.number,
                order_id=order.pk,
                warehouse_id=shipment.warehouse_id,
                carrier=carrier,
                tracking_number=tracking_number,
                tracking_url=shipment.tracking_url,
                shipped_at=shipment.shipped_at,
                lines=tuple(units.items()),
                user=user,
                source=source,
            )
        )
        return shipment


def _lines(shipment: Shipment) -> list[ShipmentLine]:
    return list(shipment.lines.select_related("order_line").order_by("order_line__line_no"))


def _held_here(order: SalesOrder, shipment: Shipment) -> list[Reservation]:
    """What the order holds in the shipment's warehouse, read once for all its lines (quant order)."""
    held = active_reservations(order).filter(warehouse_id=shipment.warehouse_id)
    return list(held.select_related("product", "location", "lot").order_by("quant_id", "pk"))


def _leaving(
    order: SalesOrder, shipment: Shipment, line: ShipmentLine, held: list[Reservation]
) -> tuple[int, list[Reservation]]:
    """The units this line ships and the holds in the shipment's warehouse that leave with them.
    A plain line ships its own holds, which must add up to what it ships; a kit line its components'."""
    if line.to_ship <= 0:
        return 0, []
    order_line = line.order_line
    ref = domain.line_demand_ref(order.number, order_line.line_no)
    plain = [reservation for reservation in held if reservation.demand_ref == ref]
    kit = [reservation for reservation in held if reservation.demand_ref.startswith(f"{ref}/")]
    reservations = plain if plain or not kit else kit
    reserved = sum(reservation.quantity for reservation in reservations)
    if reservations is plain and reserved != line.to_ship:
        raise ShipmentNotReserved(shipment.number, order_line.line_no, line.to_ship, reserved)
    return line.to_ship, reservations


def _move(reservation: Reservation, customer: Any, shipment: Shipment, *, user: Any, source: str) -> None:
    post_move(
        product=reservation.product,
        quantity=reservation.quantity,
        from_location=reservation.location,
        to_location=customer,
        reason=MoveReason.SHIPMENT,
        lot=reservation.lot,
        source_document=shipment.number,
        user=user,
        source=source,
        reservation=reservation,
    )


def mark_delivered(*, shipment_id: int, user: Any, source: str) -> Shipment:
    """The carrier delivered a shipped shipment; the order is delivered once all its shipments are.

    Delivering a delivered shipment returns it unchanged; one not shipped raises ShipmentClosed.
    """
    with transaction.atomic():
        order, shipment = _lock(shipment_id)
        if shipment.status == ShipmentStatus.DELIVERED:
            return shipment
        if shipment.status != ShipmentStatus.SHIPPED:
            raise ShipmentClosed(shipment.number, shipment.status, "delivered")
        shipment.status = ShipmentStatus.DELIVERED
        shipment.delivered_at = timezone.now()
        shipment.save(update_fields=["status", "delivered_at"])
        others_open = (
            order.shipments.exclude(pk=shipment.pk).filter(status__in=[*IN_WAREHOUSE, ShipmentStatus.SHIPPED]).exists()
        )
        order_shipping.mark_delivered(
            order_id=order.pk,
            shipment=shipment.number,
            warehouse=shipment.warehouse.code,
            shipments_open=others_open,
            user=user,
            source=source,
        )
        return shipment
