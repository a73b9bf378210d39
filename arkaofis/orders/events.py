"""Audit rows and outbox events for orders, written inside the change's transaction."""

from typing import Any

from arkaofis.core.services.audit import record_audit
from arkaofis.core.services.outbox import emit_event
from arkaofis.orders.models import SalesOrder

AUDIT_TYPE = "orders.salesorder"  # AuditLog.object_type of every order row (the timeline reads it)


def record_order_change(
    *, order: SalesOrder, action: str, user: Any, source: str, topic: str = "order.updated", data: dict | None = None
) -> None:
    """One audit row (`action`, e.g. "order.reserved") and one outbox event (`topic`)."""
    details = {"number": order.number, "status": order.status, **(data or {})}
    record_audit(user=user, source=source, action=action, obj=order, data=details)
    emit_event(
        topic=topic,
        payload={
            "number": order.number,
            "channel": order.channel,
            "external_id": order.external_id,
            "change": action,
            **details,
        },
    )
