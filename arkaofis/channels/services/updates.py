"""Apply a channel's update of an order already received (Shopify orders/updated and every
adapter's UPDATE_TOPICS) through the same edit the API and the screen make.

The channel's order as it now stands (an OrderIn with our SKUs) is compared with ours and only
the difference is applied, by orders/edits/services/editing.edit_order:

- lines are matched on the channel's line id (SalesOrderLine.external_id): a changed quantity,
  price, discount or tax is changed, a line the channel no longer has is removed, a line it did
  not have is added. Lines without a channel id (added here by staff) are left alone;
- the shipping charge is taken when the channel sends it; the shipping and billing addresses only
  where the channel changed them since its last message of the order (processing.py compares):
  an address corrected here is not put back by an update about something else, and an address
  fixed in the exception queue stays fixed while the channel keeps sending the same one;
- the payment status is taken at any stage (a pending order paid later, a refund after shipping);
- notes, tags, priority and shipping method stay ours: staff work with them, and a channel's
  update (often only a tag or a payment change there) must not wipe that work.

Comparing makes applying idempotent: the same update seen again changes nothing. Channels do not
promise to deliver updates in order, so when the adapter tells when the channel made a change
(`changed_at`, e.g. Shopify's updated_at) it is kept on the edit's audit row, and an update older
than one already applied is recorded with a note and not applied: it would undo a newer change.

An order already released (or shipped, delivered, cancelled) is not changed: the warehouse may be
picking it. If the update would have changed something, the event is processed with a note saying
it was not applied and why, and the order's timeline gets an "order.channel_update_not_applied" row,
so staff see it where they work (an update that changes nothing, e.g. the channel's own status
moving to shipped, is just noted as no change).
No hold is placed: a released order cannot be held (holds.HOLDABLE; stopping it is a cancel, a
person's decision). An update that would oversell a reserved order raises EditWouldOversell: the
pipeline parks the event in the exception queue with the SKU, wanted and available quantities,
and re-processing it once stock has arrived applies it.
"""

from datetime import datetime
from typing import Any

from django.db import transaction

from arkaofis.core.exceptions import DomainError
from arkaofis.core.models import AuditLog
from arkaofis.core.services.audit import record_audit
from arkaofis.orders.edits.services.editing import EDITABLE, LineChange, NewLine, OrderEdit, edit_order, preview_changes
from arkaofis.orders.events import AUDIT_TYPE
from arkaofis.orders.models import SalesOrder
from arkaofis.orders.services.intake import OrderIn
from arkaofis.orders.services.payment import set_payment_status

NOTE_NO_CHANGE = "Update received; the order already matches it, nothing changed"
NOTE_APPLIED = "Update applied: %s"
NOTE_NOT_APPLIED = "Update NOT applied: the order is already %s, so it can no longer be edited; check it by hand"
NOTE_STALE = "Update NOT applied: older (%s) than a change of the channel already applied (%s)"


def apply_channel_update(
    *, order_id: int, update: OrderIn, user: Any, source: str, changed_at: datetime | None = None
) -> tuple[SalesOrder, str]:
    """Apply `update` (made on the channel at `changed_at`, when known) to the order if it is
    still editable and not older than a change already applied; return the order and the event's note."""
    with transaction.atomic():
        order = SalesOrder.objects.select_for_update().get(pk=order_id)
        latest = last_applied_change(order)
        if changed_at is not None and latest is not None and changed_at < latest:
            return order, NOTE_STALE % (changed_at.isoformat(), latest.isoformat())
        order, paid_changed = set_payment_status(
            order_id=order.pk, payment_status=update.payment_status, user=user, source=source
        )
        payment = ["payment_status"] if paid_changed else []
        if order.status not in EDITABLE:
            order, note = _not_applied(order, update, user=user, source=source)
            if not payment:
                return order, note
            paid_note = NOTE_APPLIED % "payment_status"
            return order, paid_note if note == NOTE_NO_CHANGE else f"{paid_note}; {note}"
        audit = {"channel_changed_at": changed_at.isoformat()} if changed_at else None
        edit = edit_from_channel(order, update)
        result = edit_order(order_id=order.pk, edit=edit, user=user, source=source, audit=audit)
    changes = sorted([*result.changes, *payment]) if result.changed else payment
    if not changes:
        return result.order, NOTE_NO_CHANGE
    return result.order, NOTE_APPLIED % ", ".join(changes)


def _not_applied(order: SalesOrder, update: OrderIn, *, user: Any, source: str) -> tuple[SalesOrder, str]:
    """Say so on the order's timeline, but only when the update would have changed something: a
    channel also sends updates for its own status changes (e.g. shipped there), which are no news."""
    try:
        changed = sorted(preview_changes(order=order, edit=edit_from_channel(order, update)))
    except DomainError as refusal:  # it could not have been applied anyway: still worth a look
        changed = [refusal.code]
    if not changed:
        return order, NOTE_NO_CHANGE
    note = NOTE_NOT_APPLIED % order.status
    data = {"number": order.number, "status": order.status, "reason": note, "changed": changed}
    record_audit(user=user, source=source, action="order.channel_update_not_applied", obj=order, data=data)
    return order, note


def edit_from_channel(order: SalesOrder, update: OrderIn) -> OrderEdit:
    """The edit that makes our order's channel lines, addresses and shipping charge the channel's."""
    ours = {line.external_id: line for line in order.lines.all() if line.external_id}
    theirs = {line.external_id: line for line in update.lines if line.external_id}
    change = tuple(
        LineChange(
            line_no=ours[key].line_no,
            quantity=line.quantity,
            unit_price=line.unit_price,
            discount=line.discount,
            tax=line.tax,
        )
        for key, line in theirs.items()
        if key in ours
    )
    add = tuple(
        NewLine(
            sku=line.sku,
            quantity=line.quantity,
            unit_price=line.unit_price,
            discount=line.discount,
            tax=line.tax,
            external_id=key,
        )
        for key, line in theirs.items()
        if key not in ours
    )
    remove = tuple(sorted(line.line_no for key, line in ours.items() if key not in theirs))
    return OrderEdit(
        change=change,
        remove=remove,
        add=add,
        shipping=update.shipping,
        billing=update.billing,
        shipping_charge=update.shipping_charge,
    )


def last_applied_change(order: SalesOrder) -> datetime | None:
    """When the channel made the newest of its changes applied to this order, if it said."""
    rows = AuditLog.objects.filter(object_type=AUDIT_TYPE, object_id=str(order.pk), action="order.edited")
    times = []
    for data in rows.values_list("data", flat=True):
        stamp = data.get("channel_changed_at") if isinstance(data, dict) else None
        if stamp:
            times.append(datetime.fromisoformat(stamp))
    return max(times, default=None)
