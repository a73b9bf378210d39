"""Reads for the floor's screens and API: waves, a batch's stops in walking order, what to pack, what to put away."""

import re
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from arkaofis.fulfilment.domain.stages import Stage
from arkaofis.fulfilment.exceptions import UnknownBarcode, UnknownBatch
from arkaofis.fulfilment.models import BatchStatus, PickBatch, PickLine, PickLineStatus, Shipment, Wave
from arkaofis.fulfilment.selectors import kit_progress, packing_lines, parse_shipment_number
from arkaofis.inventory.models import Kind, Quant, Usage, Warehouse
from arkaofis.work.models import OPEN_STATUSES, Task, TaskKind

_BATCH = re.compile(r"^PB-(\d{1,18})$", re.IGNORECASE)
_ORDER = re.compile(r"^SO-(\d{1,18})$", re.IGNORECASE)


def batch_by_number(number: str) -> PickBatch:
    match = _BATCH.match(number.strip())
    batch = (
        PickBatch.objects.select_related("wave", "warehouse", "picker").filter(pk=int(match.group(1))).first()
        if match
        else None
    )
    if batch is None:
        raise UnknownBatch(number)
    return batch


def stops(batch: PickBatch) -> QuerySet[PickLine]:
    return batch.lines.select_related("product", "location", "lot", "shipment").order_by("sequence", "id")


@dataclass(frozen=True)
class Progress:
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100


def next_stop(batch: PickBatch) -> PickLine | None:
    return stops(batch).filter(status=PickLineStatus.OPEN).first()


def batch_progress(batch: PickBatch) -> Progress:
    counts = batch.lines.exclude(status=PickLineStatus.CANCELLED).aggregate(
        total=Count("id"), done=Count("id", filter=~Q(status=PickLineStatus.OPEN))
    )
    return Progress(done=counts["done"], total=counts["total"])


def open_batches(warehouse_code: str | None = None) -> QuerySet[PickBatch]:
    """Batches still to pick, oldest first, each with its count of open stops."""
    rows = PickBatch.objects.filter(status__in=[BatchStatus.OPEN, BatchStatus.PICKING]).select_related(
        "warehouse", "picker", "wave"
    )
    if warehouse_code:
        rows = rows.filter(warehouse__code=warehouse_code)
    return rows.annotate(open_stops=Count("lines", filter=Q(lines__status=PickLineStatus.OPEN))).order_by("id")


def recent_waves(limit: int = 20) -> list[Wave]:
    return list(Wave.objects.select_related("warehouse").prefetch_related("batches").order_by("-id")[:limit])


def pending_by_warehouse() -> list[tuple[Warehouse, int]]:
    """Each active warehouse with how many shipments wait for a wave."""
    counts = dict(
        Shipment.objects.filter(status=Stage.PENDING)
        .values_list("warehouse_id")
        .annotate(n=Count("id"))
        .values_list("warehouse_id", "n")
    )
    return [
        (warehouse, counts.get(warehouse.pk, 0)) for warehouse in Warehouse.objects.filter(active=True).order_by("code")
    ]


def shipment_to_pack(scanned: str) -> Shipment:
    """The shipment a packer scanned: its number, or its order's number (that order's picked shipment)."""
    code = scanned.strip()
    pk = parse_shipment_number(code)
    if pk is None and _ORDER.match(code):
        order_id = int(_ORDER.match(code).group(1))  # type: ignore[union-attr]
        pk = (
            Shipment.objects.filter(order_id=order_id, status=Stage.PICKED)
            .order_by("id")
            .values_list("pk", flat=True)
            .first()
            or Shipment.objects.filter(order_id=order_id).order_by("-id").values_list("pk", flat=True).first()
        )
    shipment = Shipment.objects.select_related("order", "warehouse", "box").filter(pk=pk).first() if pk else None
    if shipment is None:
        raise UnknownBarcode(code[:128])
    return shipment


def pack_lines(shipment: Shipment) -> list:
    """The lines to pack; a kit line carries `parts`, its components as (SKU, scanned, needed)."""
    lines = packing_lines(shipment)
    for line in lines:
        line.parts = kit_progress(line)  # type: ignore[attr-defined]  # for the template
    return lines


def shipments_to_put_away() -> list[Task]:
    """Open put-away tasks of cancelled shipments (SH-…), oldest first: what waits at packing for a shelf."""
    tasks = Task.objects.filter(kind=TaskKind.PUT_AWAY, status__in=OPEN_STATUSES, document_ref__startswith="SH-")
    return list(tasks.select_related("warehouse").order_by("created_at", "id")[:50])


def usual_bins(warehouse: Warehouse, product_ids: list[int]) -> dict[int, str]:
    """For each product, the bin of `warehouse` holding most of it: where a put-away most likely belongs."""
    quants = Quant.objects.filter(
        product_id__in=product_ids,
        location__warehouse=warehouse,
        location__kind=Kind.BIN,
        location__usage=Usage.INTERNAL,
        location__active=True,
        on_hand__gt=0,
    )
    bins: dict[int, str] = {}
    for product_id, code in quants.order_by("-on_hand", "location__code").values_list("product_id", "location__code"):
        bins.setdefault(product_id, code)
    return bins


def put_away_open(document_ref: str) -> bool:
    return Task.objects.filter(kind=TaskKind.PUT_AWAY, status__in=OPEN_STATUSES, document_ref=document_ref).exists()
