"""How picking moves on: a shipment with no stop left is picked (and waits to be packed), a batch with
no stop left is done (its pick task closes), a wave with no batch left is done. One place for the
waves, the picks and a cancel to ask."""

from typing import Any

from django.utils import timezone

from arkaofis.fulfilment.domain.stages import Stage
from arkaofis.fulfilment.models import BatchStatus, PickBatch, PickLineStatus, Shipment, WaveStatus
from arkaofis.fulfilment.services import floor_tasks


def started(batch: PickBatch, user: Any) -> None:
    """Note who took the cart and when (the first pick of a batch)."""
    if batch.started_at is None:
        batch.started_at = timezone.now()
        batch.picker = user if getattr(user, "is_authenticated", False) else None
        batch.save(update_fields=["started_at", "picker"])


def shipment_picked_if_done(shipment: Shipment, *, user: Any, source: str) -> None:
    if shipment.status != Stage.PICKING or shipment.pick_lines.filter(status=PickLineStatus.OPEN).exists():
        return
    for line in shipment.lines.all():
        line.picked_quantity = line.to_ship
        line.save(update_fields=["picked_quantity"])
    shipment.status, shipment.picked_at = Stage.PICKED, timezone.now()
    shipment.save(update_fields=["status", "picked_at"])
    floor_tasks.shipment_to_pack(shipment, user=user, source=source)


def close_finished_batches(batch_ids: list[int], *, user: Any, source: str) -> None:
    """A batch with no stop left to pick is done; a wave with no batch left is done."""
    batches = PickBatch.objects.select_for_update(of=("self",)).filter(pk__in=batch_ids).select_related("wave")
    for batch in batches.order_by("pk"):
        if batch.status in (BatchStatus.DONE, BatchStatus.CANCELLED):
            continue
        if batch.lines.filter(status=PickLineStatus.OPEN).exists():
            if batch.status == BatchStatus.OPEN:
                batch.status = BatchStatus.PICKING
                batch.save(update_fields=["status"])
            continue
        batch.status, batch.done_at = BatchStatus.DONE, timezone.now()
        batch.save(update_fields=["status", "done_at"])
        floor_tasks.batch_picked(batch, user=user, source=source)
        wave = batch.wave
        if not wave.batches.exclude(status__in=[BatchStatus.DONE, BatchStatus.CANCELLED]).exists():
            wave.status = WaveStatus.DONE
            wave.save(update_fields=["status"])
