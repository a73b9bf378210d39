"""Request a transfer (its units held at the origin, all or none) and cancel one before anything is picked."""

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from arkaofis.catalog.models import Product
from arkaofis.core.exceptions import InvalidInput
from arkaofis.core.services.audit import record_audit
from arkaofis.fulfilment.transfers.models import Transfer, TransferLine, TransferStatus
from arkaofis.fulfilment.transfers.services._common import MAX_LINES, OWNER, lock_transfer, settle
from arkaofis.inventory.models import Warehouse
from arkaofis.inventory.services.ledger import require_positive_quantity
from arkaofis.inventory.services.reservations import release_demand, reserve_stock


def _checked_lines(lines: Sequence[tuple[Product, int]]) -> list[tuple[Product, int]]:
    if not lines or len(lines) > MAX_LINES:
        raise InvalidInput(
            gettext("A transfer has 1 to %(max)s lines.") % {"max": MAX_LINES}, field="lines", max_lines=MAX_LINES
        )
    seen: set[int] = set()
    for product, quantity in lines:
        require_positive_quantity(quantity)
        if product.pk in seen:
            raise InvalidInput(
                gettext("%(sku)s is on the transfer twice; give it one line.") % {"sku": product.sku}, sku=product.sku
            )
        seen.add(product.pk)
    return list(lines)


def create_transfer(
    *,
    from_warehouse: Warehouse,
    to_warehouse: Warehouse,
    lines: Sequence[tuple[Product, int]],
    note: str = "",
    user: Any,
    source: str,
) -> Transfer:
    """A transfer of `lines` (product, quantity) from one warehouse to another, its units held at the origin
    by the allocation planner (reservations "TR-…/L<n>") and a transfer task opened there.

    All or none: InsufficientStock for the first line the origin cannot cover, and nothing is written.
    InvalidInput for the same warehouse twice, no lines, a product twice, a bad quantity.
    """
    if from_warehouse.pk == to_warehouse.pk:
        raise InvalidInput(
            gettext("A transfer goes from one warehouse to another, not to %(warehouse)s itself.")
            % {"warehouse": to_warehouse.code},
            warehouse=to_warehouse.code,
        )
    checked = _checked_lines(lines)
    user_id = user.pk if getattr(user, "is_authenticated", False) else None
    with transaction.atomic():
        transfer = Transfer.objects.create(
            from_warehouse=from_warehouse, to_warehouse=to_warehouse, note=(note or "")[:200],
            created_by=user if user_id else None,
        )  # fmt: skip
        for line_no, (product, quantity) in enumerate(checked, start=1):
            line = TransferLine.objects.create(transfer=transfer, line_no=line_no, product=product, quantity=quantity)
            reserve_stock(
                product_id=product.pk, quantity=quantity, demand_ref=line.demand_ref, warehouse_id=from_warehouse.pk,
                user_id=user_id, source=source, owner=OWNER,
            )  # fmt: skip
        record_audit(
            user=user, source=source, action="transfer.requested", obj=transfer,
            data={"from": from_warehouse.code, "to": to_warehouse.code, "lines": len(checked)},
        )  # fmt: skip
        return settle(transfer, user=user, source=source)


def cancel_transfer(*, transfer_id: int, user: Any, source: str) -> Transfer:
    """Give the held units back and cancel the transfer and its task; only before anything is picked
    (TransferClosed otherwise: picked units are on the road, and the transfer is closed instead)."""
    with transaction.atomic():
        transfer = lock_transfer(transfer_id, "cancel")
        for line in transfer.lines.order_by("line_no"):
            release_demand(demand_ref=line.demand_ref, user=user, source=source, owner=OWNER)
        transfer.status = TransferStatus.CANCELLED
        transfer.save(update_fields=["status"])
        record_audit(user=user, source=source, action="transfer.cancelled", obj=transfer, data={})
        return settle(transfer, user=user, source=source)
