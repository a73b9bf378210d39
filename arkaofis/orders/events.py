"""Orders' events: the domain events higher contexts subscribe to (core/events.py), and the audit
rows and outbox events of every order change, all written inside the change's transaction."""

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from arkaofis.core.models import AuditLog, OutboxEvent, Source
from arkaofis.orders.models import SalesOrder

AUDIT_TYPE = "orders.salesorder"  # AuditLog.object_type of every order row (the timeline reads it)


@dataclass
class OrderReleased:
    """An order was released: `plan` maps each warehouse id to {order line id: units to ship from there}.

    Published inside the release's transaction; fulfilment creates one shipment per warehouse and names
    them in `shipments`, which the order's audit row and outbox event then carry.
    """

    order_id: int
    plan: dict[int, dict[int, int]]
    user: Any
    source: str
    shipments: list[str] = field(default_factory=list)


@dataclass
class OrderCancelled:
    """An order was cancelled: what was waiting to ship it must not ship.

    Published inside the cancel's transaction; fulfilment cancels the order's pending shipments and
    names them in `cancelled_shipments`.
    """

    order_id: int
    user: Any
    source: str
    cancelled_shipments: list[str] = field(default_factory=list)


def record_order_change(
    *, order: SalesOrder, action: str, user: Any, source: str, topic: str = "order.updated", data: dict | None = None
) -> None:
    """One audit row (`action`, e.g. "order.reserved") and one outbox event (`topic`)."""
    audit, event = order_change_rows(order=order, action=action, user=user, source=source, topic=topic, data=data)
    audit.save()
    event.save()


def order_change_rows(
    *, order: SalesOrder, action: str, user: Any, source: str, topic: str = "order.updated", data: dict | None = None
) -> tuple[AuditLog, OutboxEvent]:
    """The audit row and outbox event of a change, unsaved (a batch writes many in one insert each)."""
    details = {"number": order.number, "status": order.status, **(data or {})}
    audit = order_audit_row(order=order, action=action, user=user, source=source, data=details)
    event = OutboxEvent(
        topic=topic,
        payload={"number": order.number, "channel": order.channel, "external_id": order.external_id, "change": action}
        | details,
        available_at=timezone.now(),
    )
    return audit, event


def order_audit_row(*, order: SalesOrder, action: str, user: Any, source: str, data: dict) -> AuditLog:
    """An order's audit row, unsaved; as record_audit writes it."""
    return AuditLog(
        user=user if getattr(user, "is_authenticated", False) else None,
        source=source or Source.SYSTEM,
        action=action,
        object_type=AUDIT_TYPE,
        object_id=str(order.pk),
        data=data,
    )
