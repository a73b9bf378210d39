"""The floor's work as tasks in the one queue (work): opened and closed by the flows themselves.

A batch to pick is a `pick` task (document PB-…), a picked shipment a `pack` task (SH-…), units left
at packing by a cancelled shipment a `put_away` task (SH-…). Called inside the flow's transaction.
"""

from typing import Any

from arkaofis.fulfilment.models import PickBatch, Shipment
from arkaofis.work.models import TaskKind
from arkaofis.work.services.closing import cancel_tasks, close_task
from arkaofis.work.services.opening import open_task


def batch_to_pick(batch: PickBatch, *, stops: int, user: Any, source: str) -> None:
    open_task(
        kind=TaskKind.PICK,
        document_ref=batch.number,
        warehouse=batch.warehouse,
        detail={"wave": batch.wave.number, "stops": stops},
        user=user,
        source=source,
    )


def batch_picked(batch: PickBatch, *, user: Any, source: str) -> None:
    close_task(kind=TaskKind.PICK, document_ref=batch.number, user=user, source=source)


def shipment_to_pack(shipment: Shipment, *, user: Any, source: str) -> None:
    open_task(
        kind=TaskKind.PACK,
        document_ref=shipment.number,
        warehouse=shipment.warehouse,
        detail={"order": shipment.order.number, "tote": shipment.tote},
        user=user,
        source=source,
    )


def shipment_packed(shipment: Shipment, *, user: Any, source: str) -> None:
    close_task(kind=TaskKind.PACK, document_ref=shipment.number, user=user, source=source)


def shipment_cancelled(shipment: Shipment, *, left_at_packing: bool, user: Any, source: str) -> None:
    """Its picking and packing work is void; what already reached packing must go back to a shelf."""
    cancel_tasks(document_ref=shipment.number, kinds=[TaskKind.PACK], user=user, source=source, reason="cancelled")
    if left_at_packing:
        open_task(
            kind=TaskKind.PUT_AWAY,
            document_ref=shipment.number,
            warehouse=shipment.warehouse,
            detail={"from": "packing"},
            user=user,
            source=source,
        )


def shipment_put_away(shipment: Shipment, *, user: Any, source: str) -> None:
    """Nothing of the cancelled shipment is left at packing: its put-away work is done."""
    close_task(kind=TaskKind.PUT_AWAY, document_ref=shipment.number, user=user, source=source)
