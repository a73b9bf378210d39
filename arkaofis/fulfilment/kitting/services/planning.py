"""Plan a kitting order (what it consumes held in its warehouse, all or none) and cancel one."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from arkaofis.catalog.models import KitComponent, Product, Tracking
from arkaofis.core.services.audit import record_audit
from arkaofis.fulfilment.kitting.exceptions import LotTrackedOutput, NotAKit
from arkaofis.fulfilment.kitting.models import KittingKind, KittingLine, KittingOrder, KittingStatus
from arkaofis.fulfilment.kitting.services._common import OWNER, lock_open, user_or_none
from arkaofis.inventory.models import Warehouse
from arkaofis.inventory.services.ledger import require_positive_quantity
from arkaofis.inventory.services.reservations import release_demand, reserve_stock
from arkaofis.work.models import TaskKind
from arkaofis.work.services.closing import cancel_tasks
from arkaofis.work.services.opening import open_task


def bill_of(kit: Product) -> list[tuple[Product, int]]:
    """The kit's components and units per kit, by SKU; NotAKit when it has none."""
    rows = KitComponent.objects.filter(kit=kit).select_related("component").order_by("component__sku")
    bill = [(row.component, row.quantity) for row in rows]
    if not kit.is_kit or not bill:
        raise NotAKit(kit.sku)
    return bill


def _consumed_and_made(kit: Product, kind: str) -> tuple[list[tuple[Product, int]], list[Product]]:
    bill = bill_of(kit)
    if kind == KittingKind.ASSEMBLE:
        return bill, [kit]
    return [(kit, 1)], [component for component, _ in bill]


def create_kitting(
    *, warehouse: Warehouse, kit: Product, quantity: int, kind: str = KittingKind.ASSEMBLE, user: Any, source: str
) -> KittingOrder:
    """A work order to assemble `quantity` kits in `warehouse` (or, `kind` "disassemble", to take them apart):
    what it consumes is held there by the allocation planner (reservations "KO-…/L<n>"), a kitting task opens.

    All or none: InsufficientStock for the first part the warehouse cannot cover, nothing written.
    NotAKit, LotTrackedOutput (what it would make is lot-tracked), InvalidInput/InvalidQuantity.
    """
    require_positive_quantity(quantity)
    kind = KittingKind(kind)
    consumed, made = _consumed_and_made(kit, kind)
    for product in made:
        if product.tracking != Tracking.NONE:
            raise LotTrackedOutput(product.sku)
    person = user_or_none(user)
    with transaction.atomic():
        order = KittingOrder.objects.create(
            warehouse=warehouse, kit=kit, kind=kind, quantity=quantity, created_by=person
        )
        for line_no, (product, per_unit) in enumerate(consumed, start=1):
            require_positive_quantity(per_unit * quantity)
            line = KittingLine.objects.create(
                order=order, line_no=line_no, product=product, per_unit=per_unit, quantity=per_unit * quantity
            )
            reserve_stock(
                product_id=product.pk, quantity=line.quantity, demand_ref=line.demand_ref, warehouse_id=warehouse.pk,
                user_id=person.pk if person else None, source=source, owner=OWNER,
            )  # fmt: skip
        open_task(
            kind=TaskKind.KITTING, document_ref=order.number, warehouse=warehouse,
            detail={"kit": kit.sku, "kind": kind.value, "quantity": quantity}, user=user, source=source,
        )  # fmt: skip
        record_audit(
            user=user, source=source, action="kitting.requested", obj=order,
            data={"kit": kit.sku, "kind": kind.value, "quantity": quantity, "warehouse": warehouse.code},
        )  # fmt: skip
        return order


def cancel_kitting(*, kitting_id: int, user: Any, source: str) -> KittingOrder:
    """Give back what the order still holds and cancel it and its task (kits already made stay made)."""
    with transaction.atomic():
        order = lock_open(kitting_id)
        for line in order.lines.order_by("line_no"):
            release_demand(demand_ref=line.demand_ref, user=user, source=source, owner=OWNER)
        order.status, order.closed_at = KittingStatus.CANCELLED, timezone.now()
        order.save(update_fields=["status", "closed_at"])
        cancel_tasks(document_ref=order.number, user=user, source=source, reason="kitting order cancelled")
        record_audit(
            user=user, source=source, action="kitting.cancelled", obj=order, data={"done": order.done_quantity}
        )
        return order
