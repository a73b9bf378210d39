"""The floor's flow through the services: wave → scanned pick → scanned pack → ship, and what it refuses."""

import pytest

from arkaofis.catalog.tests.factories import KitComponentFactory, ProductFactory
from arkaofis.core.events import subscribe, unsubscribe
from arkaofis.fulfilment.counts.models import CountDoc
from arkaofis.fulfilment.events import ShipmentShipped
from arkaofis.fulfilment.exceptions import (
    KitComponentShort,
    NothingToWave,
    PackIncomplete,
    PickLineClosed,
    ShipmentClosed,
    TooMany,
    UnknownBarcode,
    WrongBin,
    WrongItem,
)
from arkaofis.fulfilment.models import Box, PickLine, Shipment
from arkaofis.fulfilment.services.packing import close_box, scan_into_box, suggest_box
from arkaofis.fulfilment.services.picking import confirm_pick, report_short
from arkaofis.fulfilment.services.places import packing_location
from arkaofis.fulfilment.services.shipping import ship_shipment
from arkaofis.fulfilment.services.waves import plan_wave
from arkaofis.fulfilment.tests.factories import released_order, stocked
from arkaofis.inventory.models import Quant, Reservation, ReservationStatus, StockMove
from arkaofis.inventory.tests.factories import LocationFactory, receive
from arkaofis.orders.services.cancellation import cancel_order
from arkaofis.work.models import Task

pytestmark = pytest.mark.django_db


def on_hand(product, location):
    return Quant.objects.filter(product=product, location=location).values_list("on_hand", flat=True).first() or 0


def held_at(order, location):
    active = Reservation.objects.filter(demand_ref__startswith=f"{order.number}/", status=ReservationStatus.ACTIVE)
    return sum(active.filter(location=location).values_list("quantity", flat=True))


def waved(*lines):
    order = released_order(*lines)
    shipment = Shipment.objects.get(order=order)
    wave = plan_wave(warehouse=shipment.warehouse, user=None, source="ui")
    shipment.refresh_from_db()
    return order, shipment, wave


def tasks():
    return {(task.kind, task.document_ref): task.status for task in Task.objects.all()}


def pick_all(shipment):
    for stop in PickLine.objects.filter(shipment=shipment, status="open").select_related("location", "product"):
        confirm_pick(
            pick_line_id=stop.pk,
            bin_scan=stop.location.code,
            item_scan=stop.product.barcode or stop.product.sku,
            quantity=stop.remaining,
            user=None,
            source="ui",
        )


def test_a_wave_lists_every_held_unit_as_a_stop_and_puts_its_shipments_in_picking():
    a, bin_a = stocked(5)
    b = ProductFactory()
    bin_b = LocationFactory(warehouse=bin_a.warehouse)
    receive(b, bin_b, 4)
    order, shipment, wave = waved((a.sku, 2), (b.sku, 3))
    assert shipment.status == "picking" and shipment.wave == wave and shipment.tote == 1
    assert tasks() == {("pick", shipment.batch.number): "open"}
    stops = list(PickLine.objects.filter(batch__wave=wave).order_by("sequence"))
    assert sorted((s.location_id, s.quantity) for s in stops) == sorted([(bin_a.pk, 2), (bin_b.pk, 3)])
    with pytest.raises(NothingToWave):
        plan_wave(warehouse=shipment.warehouse, user=None, source="ui")


def test_a_confirmed_pick_moves_the_units_to_packing_still_held_for_the_order():
    a, bin_a = stocked(5)
    order, shipment, _ = waved((a.sku, 3))
    stop = PickLine.objects.get(shipment=shipment)
    confirm_pick(pick_line_id=stop.pk, bin_scan=bin_a.code, item_scan=a.sku, quantity=2, user=None, source="ui")
    packing = packing_location(shipment.warehouse)
    assert (on_hand(a, bin_a), on_hand(a, packing)) == (3, 2)
    assert (held_at(order, bin_a), held_at(order, packing)) == (1, 2)
    order.refresh_from_db()
    assert order.lines.get().reserved_quantity == 3
    stop.refresh_from_db()
    assert (stop.status, stop.remaining) == ("open", 1)
    confirm_pick(pick_line_id=stop.pk, bin_scan=bin_a.code.lower(), item_scan=a.sku, quantity=1, user=None, source="ui")
    shipment.refresh_from_db()
    assert shipment.status == "picked" and shipment.batch.status == "done" and shipment.wave.status == "done"
    assert tasks() == {("pick", shipment.batch.number): "done", ("pack", shipment.number): "open"}
    with pytest.raises(PickLineClosed):
        confirm_pick(pick_line_id=stop.pk, bin_scan=bin_a.code, item_scan=a.sku, quantity=1, user=None, source="ui")


@pytest.mark.parametrize(
    ("bin_scan", "item_scan", "quantity", "error"),
    [
        ("WRONG-BIN", None, 1, UnknownBarcode),
        ("other", None, 1, WrongBin),
        (None, "nothing-like-it", 1, UnknownBarcode),
        (None, "other", 1, WrongItem),
        (None, None, 4, TooMany),
        (None, None, 0, TooMany),
    ],
)
def test_a_wrong_scan_or_quantity_is_refused_and_nothing_moves(bin_scan, item_scan, quantity, error):
    a, bin_a = stocked(5)
    other_product, other_bin = stocked(1)
    order, shipment, _ = waved((a.sku, 3))
    stop = PickLine.objects.get(shipment=shipment)
    bin_scan = other_bin.code if bin_scan == "other" else bin_scan or bin_a.code
    item_scan = other_product.sku if item_scan == "other" else item_scan or a.sku
    moves = StockMove.objects.count()
    with pytest.raises(error):
        confirm_pick(
            pick_line_id=stop.pk, bin_scan=bin_scan, item_scan=item_scan, quantity=quantity, user=None, source="ui"
        )
    assert StockMove.objects.count() == moves
    stop.refresh_from_db()
    assert (stop.status, stop.picked_quantity) == ("open", 0)


def test_a_short_pick_writes_the_bin_off_and_takes_the_rest_from_another_bin():
    a, bin_a = stocked(2)
    bin_b = LocationFactory(warehouse=bin_a.warehouse)
    order = released_order((a.sku, 2))
    receive(a, bin_b, 5)  # arrives after the order was held on bin A
    shipment = Shipment.objects.get(order=order)
    plan_wave(warehouse=shipment.warehouse, user=None, source="ui")
    stop = PickLine.objects.get(shipment=shipment)
    report_short(pick_line_id=stop.pk, bin_scan=bin_a.code, found=1, user=None, source="ui")
    stop.refresh_from_db()
    assert (stop.status, stop.picked_quantity, stop.short_quantity) == ("short", 1, 1)
    assert on_hand(a, bin_a) == 0  # one picked, one written off as short
    assert StockMove.objects.filter(reason_code="short_pick", quantity=1).exists()
    assert tasks()[("count", CountDoc.objects.get(origin="short_pick").number)] == "open"
    new_stop = PickLine.objects.get(shipment=shipment, status="open")
    assert (new_stop.location_id, new_stop.quantity) == (bin_b.pk, 1)
    pick_all(shipment)
    shipment.refresh_from_db()
    assert shipment.status == "picked" and shipment.lines.get().to_ship == 2


def test_a_short_pick_with_no_stock_elsewhere_ships_the_rest_and_leaves_the_line_partly_unreserved():
    a, bin_a = stocked(3)
    order, shipment, _ = waved((a.sku, 3))
    stop = PickLine.objects.get(shipment=shipment)
    report_short(pick_line_id=stop.pk, bin_scan=bin_a.code, found=2, user=None, source="ui")
    shipment.refresh_from_db()
    line = shipment.lines.get()
    assert (shipment.status, line.to_ship, line.short_quantity) == ("picked", 2, 1)
    assert order.lines.get().reserved_quantity == 2
    for _ in range(2):
        scan_into_box(shipment_id=shipment.pk, item_scan=a.sku, user=None, source="ui")
    close_box(shipment_id=shipment.pk, box_code="", weight_g=800, user=None, source="ui")
    ship_shipment(shipment_id=shipment.pk, carrier="Own fleet", tracking_number="T1", user=None, source="ui")
    order.refresh_from_db()
    assert order.status == "partially_shipped"
    assert order.lines.get().shipped_quantity == 2


def test_packing_checks_every_scan_and_closes_only_when_everything_is_in_the_box():
    a, bin_a = stocked(5, barcode="8690000000019")
    b, _ = stocked(5, bin_a)
    stranger, _ = stocked(1, bin_a)
    order, shipment, _ = waved((a.sku, 2), (b.sku, 1))
    pick_all(shipment)
    with pytest.raises(WrongItem):
        scan_into_box(shipment_id=shipment.pk, item_scan=stranger.sku, user=None, source="ui")
    scan_into_box(shipment_id=shipment.pk, item_scan="8690000000019", user=None, source="ui")
    with pytest.raises(PackIncomplete) as refusal:
        close_box(shipment_id=shipment.pk, box_code="", weight_g=500, user=None, source="ui")
    assert refusal.value.data["missing"] == [f"1 × {a.sku}", f"1 × {b.sku}"]
    scan_into_box(shipment_id=shipment.pk, item_scan=a.sku, user=None, source="ui")
    with pytest.raises(TooMany):
        scan_into_box(shipment_id=shipment.pk, item_scan=a.sku, user=None, source="ui")
    scan_into_box(shipment_id=shipment.pk, item_scan=b.sku, user=None, source="ui")
    Box.objects.create(code="B2", name="Small", length_mm=300, width_mm=200, height_mm=100)
    packed = close_box(shipment_id=shipment.pk, box_code="B2", weight_g=1200, user=None, source="ui")
    assert (packed.status, packed.box.code, packed.weight_g) == ("packed", "B2", 1200)
    assert tasks()[("pack", shipment.number)] == "done"
    assert suggest_box(packed).code == "B2"


def test_shipping_a_packed_shipment_moves_it_from_packing_to_the_customer_and_announces_it():
    a, bin_a = stocked(5)
    order, shipment, _ = waved((a.sku, 2))
    pick_all(shipment)
    with pytest.raises(ShipmentClosed):
        ship_shipment(shipment_id=shipment.pk, carrier="X", tracking_number="", user=None, source="ui")
    for _ in range(2):
        scan_into_box(shipment_id=shipment.pk, item_scan=a.sku, user=None, source="ui")
    close_box(shipment_id=shipment.pk, box_code="", weight_g=300, user=None, source="ui")
    heard = []
    subscribe(ShipmentShipped, heard.append)
    try:
        ship_shipment(shipment_id=shipment.pk, carrier="Own fleet", tracking_number="T9", user=None, source="ui")
    finally:
        unsubscribe(ShipmentShipped, heard.append)
    packing = packing_location(shipment.warehouse)
    assert (on_hand(a, bin_a), on_hand(a, packing)) == (3, 0)
    order.refresh_from_db()
    assert order.status == "shipped"
    assert [(e.tracking_number, e.lines) for e in heard] == [("T9", ((order.lines.get().pk, 2),))]


def test_cancelling_an_order_after_picking_frees_its_units_at_packing_and_drops_open_stops():
    a, bin_a = stocked(5)
    b, _ = stocked(5, bin_a)
    order, shipment, _ = waved((a.sku, 1), (b.sku, 1))
    first = PickLine.objects.filter(shipment=shipment).select_related("product").first()
    confirm_pick(
        pick_line_id=first.pk, bin_scan=bin_a.code, item_scan=first.product.sku, quantity=1, user=None, source="ui"
    )
    cancel_order(order_id=order.pk, user=None, source="ui")
    shipment.refresh_from_db()
    assert shipment.status == "cancelled" and shipment.batch.status == "done"
    assert not PickLine.objects.filter(shipment=shipment, status="open").exists()
    packing = packing_location(shipment.warehouse)
    quant = Quant.objects.get(product=first.product, location=packing)
    assert (quant.on_hand, quant.reserved) == (1, 0)
    assert tasks() == {("pick", shipment.batch.number): "done", ("put_away", shipment.number): "open"}


def test_a_kit_component_short_with_nothing_elsewhere_is_refused_and_nothing_changes():
    kit = ProductFactory(is_kit=True)
    part, bin_a = stocked(2)
    KitComponentFactory(kit=kit, component=part, quantity=2)
    order, shipment, _ = waved((kit.sku, 1))
    stop = PickLine.objects.get(shipment=shipment)
    moves = StockMove.objects.count()
    with pytest.raises(KitComponentShort):
        report_short(pick_line_id=stop.pk, bin_scan=bin_a.code, found=1, user=None, source="ui")
    assert StockMove.objects.count() == moves
    stop.refresh_from_db()
    assert stop.status == "open"


def _kit_order(kits=2):
    """A gift box of 2 teas and 1 mug, ordered `kits` times, picked to packing."""
    kit = ProductFactory(is_kit=True, sku="GIFT-BOX", barcode="8690000000033")
    tea, bin_a = stocked(10, barcode="8690000000040")
    mug, _ = stocked(10, bin_a)
    KitComponentFactory(kit=kit, component=tea, quantity=2)
    KitComponentFactory(kit=kit, component=mug, quantity=1)
    order, shipment, _ = waved((kit.sku, kits))
    pick_all(shipment)
    return kit, tea, mug, shipment


def test_a_kit_line_is_packed_by_scanning_its_components_and_counts_whole_kits_only():
    kit, tea, mug, shipment = _kit_order(kits=2)
    line = shipment.lines.get()
    for scan in ("8690000000040", "8690000000040", mug.sku):
        line = scan_into_box(shipment_id=shipment.pk, item_scan=scan, user=None, source="ui")
    assert line.packed_quantity == 1  # one whole gift box
    scan_into_box(shipment_id=shipment.pk, item_scan=mug.sku, user=None, source="ui")
    with pytest.raises(TooMany):  # both kits' mugs are in already
        scan_into_box(shipment_id=shipment.pk, item_scan=mug.sku, user=None, source="ui")
    with pytest.raises(PackIncomplete):
        close_box(shipment_id=shipment.pk, box_code="", weight_g=900, user=None, source="ui")
    for _ in range(2):
        line = scan_into_box(shipment_id=shipment.pk, item_scan=tea.sku, user=None, source="ui")
    assert line.packed_quantity == 2 and line.packed_parts == {str(tea.pk): 4, str(mug.pk): 2}
    assert close_box(shipment_id=shipment.pk, box_code="", weight_g=900, user=None, source="ui").status == "packed"


def test_a_made_up_kits_own_barcode_counts_all_its_components_and_not_more_than_ordered():
    kit, tea, mug, shipment = _kit_order(kits=2)
    scan_into_box(shipment_id=shipment.pk, item_scan=tea.sku, user=None, source="ui")
    line = scan_into_box(shipment_id=shipment.pk, item_scan="8690000000033", user=None, source="ui")
    assert (line.packed_quantity, line.packed_parts) == (1, {str(tea.pk): 3, str(mug.pk): 1})
    with pytest.raises(TooMany):  # a second whole kit would put a fifth tea in the box
        scan_into_box(shipment_id=shipment.pk, item_scan=kit.sku, user=None, source="ui")
    line.refresh_from_db()
    assert line.packed_parts == {str(tea.pk): 3, str(mug.pk): 1}
    scan_into_box(shipment_id=shipment.pk, item_scan=tea.sku, user=None, source="ui")
    line = scan_into_box(shipment_id=shipment.pk, item_scan=mug.sku, user=None, source="ui")
    assert line.packed_quantity == 2


def test_a_unit_both_sold_alone_and_in_a_kit_goes_where_there_is_still_room():
    kit = ProductFactory(is_kit=True, sku="GIFT-BOX")
    tea, _ = stocked(10)
    KitComponentFactory(kit=kit, component=tea, quantity=1)
    order, shipment, _ = waved((tea.sku, 1), (kit.sku, 1))
    pick_all(shipment)
    first = scan_into_box(shipment_id=shipment.pk, item_scan=tea.sku, user=None, source="ui")
    second = scan_into_box(shipment_id=shipment.pk, item_scan=tea.sku, user=None, source="ui")
    assert (first.order_line.sku, second.order_line.sku) == (tea.sku, "GIFT-BOX")
    with pytest.raises(TooMany):
        scan_into_box(shipment_id=shipment.pk, item_scan=tea.sku, user=None, source="ui")
    assert close_box(shipment_id=shipment.pk, box_code="", weight_g=500, user=None, source="ui").status == "packed"
