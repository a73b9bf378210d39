"""The demo's floor in the middle of a shift, so /floor/ and /work/ show work under way, not an empty floor.

In the İstanbul warehouse (the one every demo size stocks) the open orders without a hold are released,
but the newest (left for a newcomer to release by hand), and the wave planner plans them into waves of
cart batches. A picker has started the busiest batch: stops confirmed in walking order, bin and item
scanned, until a tote is complete (what is left of the batch waits). The first complete shipment is
packed unit by unit, labelled and shipped; a second one, if that stop completed it too, waits packed
and labelled for the carrier. Today's cycle counts are scheduled, so the count queue has work. Orders
held for payment, and those of Ankara and İzmir, stay reserved.

Everything goes through the floor's own services, as scans from the floor would.
"""

from django.db.models import Count
from django.utils import timezone

from arkaofis.core.models import Source
from arkaofis.demo.stock import World
from arkaofis.fulfilment.counts.services.planning import plan_cycle_counts
from arkaofis.fulfilment.domain.stages import Stage
from arkaofis.fulfilment.models import PickBatch, PickLine, PickLineStatus, Shipment, Wave
from arkaofis.fulfilment.services.labels import issue_label
from arkaofis.fulfilment.services.packing import close_box, scan_into_box, suggest_box
from arkaofis.fulfilment.services.picking import confirm_pick
from arkaofis.fulfilment.services.shipping import ship_shipment
from arkaofis.fulfilment.services.waves import plan_waves
from arkaofis.orders.domain import OrderStatus
from arkaofis.orders.models import SalesOrder
from arkaofis.orders.selectors import active_reservations
from arkaofis.orders.services.release import release_order

WAREHOUSE = "IST"
SCHEDULED_COUNTS = 3  # today's share of the cycle-count schedule: a few, as the daily limit spreads them
BOX_TARE_G = 150  # what an empty carton adds on the scale
KEEP_RESERVED_FROM = 2  # with more orders to release than this, the newest stays reserved


def start_the_shift(world: World) -> None:
    warehouse = world.sites[WAREHOUSE].warehouse
    if _release_open_orders(world, warehouse.pk):
        waves = plan_waves(warehouse=warehouse, user=world.worker, source=Source.UI)
        picked = _pick_until_a_tote_is_full(world, waves)
        for number, shipment in enumerate(picked[:2]):
            _pack_and_label(world, shipment)
            if number == 0:
                ship_shipment(
                    shipment_id=shipment.pk, carrier="", tracking_number="", user=world.worker, source=Source.UI
                )
    today = timezone.localdate(world.now)  # the schedule counts its daily limit by the local day
    plan_cycle_counts(warehouse=warehouse, today=today, daily_limit=SCHEDULED_COUNTS, source=Source.SYSTEM)


def _release_open_orders(world: World, warehouse_id: int) -> int:
    """Release the warehouse's reserved orders that no hold stops, but the newest: it waits for a newcomer to
    release it by hand (when there are enough to leave one). How many were released."""
    orders = SalesOrder.objects.filter(status=OrderStatus.RESERVED, holds__isnull=True).order_by("placed_at", "id")
    here = [order for order in orders if _warehouses(order) == {warehouse_id}]
    if len(here) > KEEP_RESERVED_FROM:
        here = here[:-1]
    for order in here:
        release_order(order_id=order.pk, warehouse_id=warehouse_id, user=world.worker, source=Source.UI)
    return len(here)


def _warehouses(order: SalesOrder) -> set[int]:
    return set(active_reservations(order).values_list("warehouse_id", flat=True))


def _pick_until_a_tote_is_full(world: World, waves: list[Wave]) -> list[Shipment]:
    """Walk the busiest batch's stops in order, scanning bin and item, until a shipment is picked."""
    batch = PickBatch.objects.filter(wave__in=waves).annotate(stops=Count("lines")).order_by("-stops", "id").first()
    if batch is None:
        return []
    stops = PickLine.objects.filter(batch=batch, status=PickLineStatus.OPEN).select_related("location", "product")
    for stop in stops.order_by("sequence", "id"):
        confirm_pick(
            pick_line_id=stop.pk,
            bin_scan=stop.location.code,
            item_scan=stop.product.barcode or stop.product.sku,
            quantity=stop.quantity,
            user=world.worker,
            source=Source.UI,
        )
        picked = list(Shipment.objects.filter(batch=batch, status=Stage.PICKED).order_by("tote"))
        if picked:
            return picked
    return []


def _pack_and_label(world: World, shipment: Shipment) -> None:
    """Every unit scanned into the suggested box, weighed, and its label issued by the shipment's carrier."""
    weight = BOX_TARE_G
    for line in shipment.lines.select_related("order_line__product").order_by("order_line__line_no"):
        product = line.order_line.product
        weight += (product.weight_g or 0) * line.to_ship
        for _unit in range(line.to_ship):
            scan = product.barcode or product.sku
            scan_into_box(shipment_id=shipment.pk, item_scan=scan, user=world.worker, source=Source.UI)
    box = suggest_box(shipment)
    close_box(
        shipment_id=shipment.pk,
        box_code=box.code if box else "",
        weight_g=weight,
        user=world.worker,
        source=Source.UI,
    )
    issue_label(shipment_id=shipment.pk, user=world.worker, source=Source.UI)
