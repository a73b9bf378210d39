"""Transfers: stock from one internal location to another (or via a transit location)."""

from django.db import transaction

from arkaofis.catalog.models import Product
from arkaofis.core.services.audit import record_audit
from arkaofis.inventory.models import Location, Lot, MoveReason, StockMove
from arkaofis.inventory.services.ledger import post_move


def transfer_stock(
    *,
    product: Product,
    quantity: int,
    from_location: Location,
    to_location: Location,
    lot: Lot | None = None,
    reference: str = "",
    user: object = None,
    source: str,
) -> list[StockMove]:
    """Move stock between locations. Virtual targets other than transit are refused (ForbiddenFlow)."""
    with transaction.atomic():
        moves = post_move(
            product=product,
            quantity=quantity,
            from_location=from_location,
            to_location=to_location,
            reason=MoveReason.TRANSFER,
            lot=lot,
            source_document=reference[:100],
            user=user,
            source=source,
        )
        record_audit(
            user=user,
            source=source,
            action="stock.transferred",
            obj=moves[0],
            data={"sku": product.sku, "from": from_location.code, "to": to_location.code, "quantity": quantity},
        )
    return moves
