"""What the kitting services share: the owner of "KO-" demands, locking an order, its task."""

from typing import Any

from arkaofis.fulfilment.kitting.exceptions import KittingClosed, UnknownKittingOrder
from arkaofis.fulfilment.kitting.models import KittingOrder, KittingStatus

OWNER = "kitting"  # the kind of document that owns "KO-" demands (FulfilmentConfig.ready)
PREFIX = "KO-"
OPEN = (KittingStatus.REQUESTED, KittingStatus.PARTIALLY_DONE)


def lock_open(kitting_id: int) -> KittingOrder:
    """The order's row, locked, while there is work left on it (KittingClosed otherwise)."""
    order = (
        KittingOrder.objects.select_for_update(of=("self",))
        .select_related("warehouse", "kit")
        .filter(pk=kitting_id)
        .first()
    )
    if order is None:
        raise UnknownKittingOrder(str(kitting_id))
    if order.status not in OPEN:
        raise KittingClosed(order.number, order.status)
    return order


def user_or_none(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None
