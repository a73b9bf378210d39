"""What the transfer services share: locking a transfer, moving one part, and settling its stage and tasks."""

from typing import Any

from django.utils import timezone

from arkaofis.core.services.audit import record_audit
from arkaofis.fulfilment.transfers import domain
from arkaofis.fulfilment.transfers.exceptions import TransferClosed, UnknownTransfer
from arkaofis.fulfilment.transfers.models import Transfer, TransferLine, TransferStatus
from arkaofis.fulfilment.transfers.places import LotUnits
from arkaofis.inventory.models import Location, MoveReason, StockMove
from arkaofis.inventory.services.ledger import post_move
from arkaofis.work.models import TaskKind
from arkaofis.work.services.closing import cancel_tasks, close_task
from arkaofis.work.services.opening import open_task

OWNER = "transfer"  # the kind of document that owns "TR-" demands (FulfilmentConfig.ready)
PREFIX = "TR-"
MAX_LINES = 200


def lock_transfer(transfer_id: int, step: str) -> Transfer:
    """The transfer's row, locked, if it is at a stage where `step` may run (TransferClosed otherwise)."""
    transfer = (
        Transfer.objects.select_for_update(of=("self",))
        .select_related("from_warehouse", "to_warehouse")
        .filter(pk=transfer_id)
        .first()
    )
    if transfer is None:
        raise UnknownTransfer(str(transfer_id))
    if not domain.may(step, transfer.status):
        raise TransferClosed(transfer.number, transfer.status, step)
    return transfer


def lines_of(transfer: Transfer) -> list[TransferLine]:
    return list(transfer.lines.select_related("product").order_by("line_no"))


def move_part(
    *, transfer: Transfer, line: TransferLine, part: LotUnits, to: Location, place: Location, user: Any, source: str
) -> list[StockMove]:
    """Move one lot's units of a line from `place` on, carrying the value they came in with."""
    return post_move(
        product=line.product,
        quantity=part.units,
        from_location=place,
        to_location=to,
        reason=MoveReason.TRANSFER,
        lot=part.lot,
        source_document=transfer.number,
        unit_cost=part.unit_cost,
        user=user,
        source=source,
    )


def audit_step(
    transfer: Transfer, step: str, line: TransferLine, quantity: int, *, user: Any, source: str, **data: Any
) -> None:
    """Who moved how many units of which line, at which step (the ledger rows say where to)."""
    record_audit(
        user=user, source=source, action=f"transfer.{step}", obj=transfer,
        data={"line": line.line_no, "sku": line.product.sku, "quantity": quantity, **data},
    )  # fmt: skip


def settle(transfer: Transfer, *, user: Any, source: str) -> Transfer:
    """Put the transfer at the stage its lines say, and open or close its tasks to match: the transfer
    task at the origin until everything is picked (shipped), a put-away task at the destination while
    units wait at its dock."""
    lines = lines_of(transfer)
    counts = [
        domain.LineCounts(
            line.quantity,
            line.shipped_quantity,
            line.short_quantity,
            line.received_quantity,
            line.lost_quantity,
            line.put_away_quantity,
        )
        for line in lines
    ]
    before, now = transfer.status, domain.stage(transfer.status, counts)
    if now != before:
        _stamp(transfer, now)
        transfer.status = now
        transfer.save(update_fields=["status", "shipped_at", "received_at", "closed_at"])
        record_audit(user=user, source=source, action="transfer.status", obj=transfer, data={"from": before, "to": now})
    _tasks(transfer, sum(line.at_dock for line in lines), user=user, source=source)
    return transfer


def _stamp(transfer: Transfer, status: str) -> None:
    at = timezone.now()
    if status in (TransferStatus.IN_TRANSIT, TransferStatus.PARTIALLY_RECEIVED) and transfer.shipped_at is None:
        transfer.shipped_at = at
    if status in (TransferStatus.RECEIVED, TransferStatus.CLOSED) and transfer.received_at is None:
        transfer.received_at = at
    if status in (TransferStatus.CLOSED, TransferStatus.CANCELLED):
        transfer.closed_at = at


def _tasks(transfer: Transfer, at_dock: int, *, user: Any, source: str) -> None:
    ref = transfer.number
    if transfer.status == TransferStatus.CANCELLED:
        cancel_tasks(document_ref=ref, user=user, source=source, reason="transfer cancelled")
        return
    if transfer.status in (TransferStatus.REQUESTED, TransferStatus.PICKING):
        detail = {"to": transfer.to_warehouse.code, "lines": transfer.lines.count()}
        open_task(
            kind=TaskKind.TRANSFER, document_ref=ref, warehouse=transfer.from_warehouse, detail=detail,
            user=user, source=source,
        )  # fmt: skip
    else:
        close_task(kind=TaskKind.TRANSFER, document_ref=ref, user=user, source=source)
    if at_dock:
        detail = {"from": transfer.from_warehouse.code, "units": at_dock}
        open_task(
            kind=TaskKind.PUT_AWAY, document_ref=ref, warehouse=transfer.to_warehouse, detail=detail,
            user=user, source=source,
        )  # fmt: skip
    else:
        close_task(kind=TaskKind.PUT_AWAY, document_ref=ref, user=user, source=source)
