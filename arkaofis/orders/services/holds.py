"""Place and lift holds (payment, fraud, address, manual). A held order is not released."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from arkaofis.core.exceptions import InvalidInput
from arkaofis.orders import domain
from arkaofis.orders.events import record_order_change
from arkaofis.orders.exceptions import HoldNotActive, OrderClosed, UnknownHold
from arkaofis.orders.models import HoldKind, OrderHold
from arkaofis.orders.services._locking import lock_order
from arkaofis.work.models import TaskKind
from arkaofis.work.services.closing import close_task
from arkaofis.work.services.opening import open_task

# Once released the warehouse is already working on it; stopping it is a cancel, not a hold.
HOLDABLE = frozenset({domain.S.DRAFT, domain.S.CONFIRMED, domain.S.RESERVED, domain.S.BACKORDERED})


def place_hold(*, order_id: int, kind: str, reason: str, user: Any, source: str) -> OrderHold:
    """Hold an order not yet released. Raises OrderClosed or InvalidInput (kind, empty reason)."""
    if kind not in HoldKind.values:
        raise InvalidInput(
            gettext("Unknown hold kind %(kind)r") % {"kind": kind}, field="kind", allowed=list(HoldKind.values)
        )
    reason = (reason or "").strip()
    if not reason or len(reason) > 500:
        raise InvalidInput(gettext("A hold needs a reason (at most 500 characters)"), field="reason")
    with transaction.atomic():
        order = lock_order(order_id)
        if order.status not in HOLDABLE:
            raise OrderClosed(order.number, order.status, "held")
        placed_by = user if getattr(user, "is_authenticated", False) else None
        hold = OrderHold.objects.create(order=order, kind=kind, reason=reason, placed_by=placed_by)
        record_order_change(
            order=order,
            action="order.hold_placed",
            user=user,
            source=source,
            data={"hold": hold.pk, "kind": kind, "reason": reason},
        )
        # Someone must review it: one task per held order, however many holds it has.
        open_task(kind=TaskKind.HOLD_REVIEW, document_ref=order.number, detail={"hold": kind}, user=user, source=source)
        return hold


def lift_hold(*, hold_id: int, user: Any, source: str, order_id: int | None = None) -> OrderHold:
    """Lift an active hold (of `order_id` when given). Raises HoldNotActive when already lifted."""
    with transaction.atomic():
        hold = OrderHold.objects.select_for_update().filter(pk=hold_id).first()
        if hold is None or (order_id is not None and hold.order_id != order_id):
            raise UnknownHold(hold_id)
        if hold.lifted_at is not None:
            raise HoldNotActive(hold.pk)
        order = lock_order(hold.order_id)
        hold.lifted_at = timezone.now()
        hold.lifted_by = user if getattr(user, "is_authenticated", False) else None
        hold.save(update_fields=["lifted_at", "lifted_by"])
        record_order_change(
            order=order, action="order.hold_lifted", user=user, source=source, data={"hold": hold.pk, "kind": hold.kind}
        )
        if not order.holds.filter(lifted_at__isnull=True).exists():  # the last hold: the review is done
            close_task(kind=TaskKind.HOLD_REVIEW, document_ref=order.number, user=user, source=source)
        return hold
