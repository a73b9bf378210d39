"""Transfers through their services: held at the origin, picked onto the road, received, put away, valued."""

from decimal import Decimal

import pytest
from django.urls import reverse

from arkaofis.core.tests.users import user_with_role
from arkaofis.fulfilment.exceptions import TooMany, UnknownBarcode, WrongBin, WrongItem
from arkaofis.fulfilment.tests.transfer_factories import stocked_at, warehouse_with_bins
from arkaofis.fulfilment.transfers import selectors
from arkaofis.fulfilment.transfers.exceptions import NotABin, OverReceipt, TransferClosed
from arkaofis.fulfilment.transfers.places import dock, road
from arkaofis.fulfilment.transfers.services.receiving import close_transfer, put_away_transfer, receive_transfer
from arkaofis.fulfilment.transfers.services.requesting import cancel_transfer, create_transfer
from arkaofis.fulfilment.transfers.services.shipping import pick_transfer_line, ship_transfer
from arkaofis.inventory.exceptions import DemandOwned, InsufficientStock
from arkaofis.inventory.models import Quant, Reservation, StockMove
from arkaofis.inventory.selectors import available_by_warehouse
from arkaofis.inventory.services.adjustments import adjust_stock
from arkaofis.inventory.services.reservations import release_demand
from arkaofis.inventory.tests.factories import receive
from arkaofis.inventory.valuation_selectors import warehouse_valuation
from arkaofis.work.links import document_url
from arkaofis.work.models import Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    origin, (a1, a2) = warehouse_with_bins("A-01", "A-02")
    destination, (b1,) = warehouse_with_bins("B-01")
    tea = stocked_at(a1, 10, unit_cost="4.5")
    cup = stocked_at(a2, 3, unit_cost="2")
    return {"A": origin, "B": destination, "a1": a1, "a2": a2, "b1": b1, "tea": tea, "cup": cup}


def _transfer(w, tea=6, cup=3):
    return create_transfer(
        from_warehouse=w["A"], to_warehouse=w["B"], lines=[(w["tea"], tea), (w["cup"], cup)], user=None, source="ui"
    )


def _on_hand(product, location):
    quant = Quant.objects.filter(product=product, location=location).first()
    return quant.on_hand if quant else 0


def _tasks(transfer):
    return sorted(Task.objects.filter(document_ref=transfer.number).values_list("kind", "status", "warehouse__code"))


def test_a_transfer_holds_its_units_at_the_origin_and_opens_a_transfer_task_there(world):
    transfer = _transfer(world)
    assert transfer.number == f"TR-{transfer.pk:06d}" and transfer.status == "requested"
    assert available_by_warehouse(world["tea"].pk)[world["A"].pk] == 4
    assert sorted(Reservation.objects.filter(status="active").values_list("demand_ref", "quantity")) == [
        (f"{transfer.number}/L1", 6),
        (f"{transfer.number}/L2", 3),
    ]
    assert _tasks(transfer) == [("transfer", "open", world["A"].code)]
    assert document_url(transfer.number) == reverse("floor:transfers:detail", args=[transfer.number])


def test_a_transfer_the_origin_cannot_cover_is_refused_whole(world):
    with pytest.raises(InsufficientStock):
        _transfer(world, tea=6, cup=4)
    assert not Reservation.objects.exists() and not Task.objects.exists()
    assert not selectors.transfers().exists()


def test_only_the_transfer_may_release_its_holds(world):
    transfer = _transfer(world)
    with pytest.raises(DemandOwned):
        release_demand(demand_ref=f"{transfer.number}/L1")


def test_picking_moves_the_held_units_onto_the_road_valued_and_closes_the_task_when_all_are_picked(world):
    transfer = _transfer(world)
    tea = world["tea"]
    pick_transfer_line(
        transfer_id=transfer.pk, line_no=1, bin_scan=world["a1"].code.lower(), item_scan=tea.barcode, quantity=4,
        user=None, source="ui",
    )  # fmt: skip
    transfer.refresh_from_db()
    assert transfer.status == "picking" and _on_hand(tea, road()) == 4 and _on_hand(tea, world["a1"]) == 6
    pick_transfer_line(
        transfer_id=transfer.pk, line_no=1, bin_scan=world["a1"].code, item_scan=tea.sku, quantity=2,
        user=None, source="ui",
    )  # fmt: skip
    pick_transfer_line(
        transfer_id=transfer.pk, line_no=2, bin_scan=world["a2"].code, item_scan=world["cup"].sku, quantity=3,
        user=None, source="ui",
    )  # fmt: skip
    transfer.refresh_from_db()
    assert transfer.status == "in_transit" and transfer.shipped_at is not None
    assert not Reservation.objects.filter(status="active").exists()
    assert _tasks(transfer) == [("transfer", "done", world["A"].code)]
    rows = {row.line.product.sku: row for row in selectors.in_transit()}
    assert (rows[tea.sku].units, rows[tea.sku].value) == (6, Decimal("27.0000"))
    assert (rows[world["cup"].sku].units, rows[world["cup"].sku].value) == (3, Decimal("6.0000"))
    in_transit = [row for row in warehouse_valuation(transfer.shipped_at) if row.warehouse_id is None]
    assert [row.value for row in in_transit] == [Decimal("33.00")]


def test_wrong_scans_and_too_many_are_refused_and_nothing_moves(world):
    transfer = _transfer(world)
    tea = world["tea"]
    attempts = [
        (WrongBin, world["a2"].code, tea.sku, 1),
        (UnknownBarcode, "NOWHERE", tea.sku, 1),
        (WrongItem, world["a1"].code, world["cup"].sku, 1),
        (UnknownBarcode, world["a1"].code, "no-such-item", 1),
        (TooMany, world["a1"].code, tea.sku, 7),
        (TooMany, world["a1"].code, tea.sku, 0),
    ]
    for error, bin_scan, item_scan, quantity in attempts:
        with pytest.raises(error):
            pick_transfer_line(
                transfer_id=transfer.pk, line_no=1, bin_scan=bin_scan, item_scan=item_scan, quantity=quantity,
                user=None, source="ui",
            )  # fmt: skip
    assert not StockMove.objects.filter(source_document=transfer.number).exists()
    assert Task.objects.get(document_ref=transfer.number).status == "open"


def _ship_all(world, transfer):
    for line_no, location, product, quantity in ((1, "a1", "tea", 6), (2, "a2", "cup", 3)):
        pick_transfer_line(
            transfer_id=transfer.pk, line_no=line_no, bin_scan=world[location].code, item_scan=world[product].sku,
            quantity=quantity, user=None, source="ui",
        )  # fmt: skip


def test_a_partial_receipt_lands_on_the_dock_opens_a_put_away_task_and_keeps_the_rest_in_transit(world):
    transfer = _transfer(world)
    _ship_all(world, transfer)
    tea = world["tea"]
    receive_transfer(transfer_id=transfer.pk, item_scan=tea.barcode, quantity=4, user=None, source="ui")
    transfer.refresh_from_db()
    receiving = dock(world["B"])
    assert transfer.status == "partially_received"
    assert (_on_hand(tea, road()), _on_hand(tea, receiving)) == (2, 4)
    assert world["B"].pk not in available_by_warehouse(tea.pk)  # on the dock: not yet available
    assert ("put_away", "open", world["B"].code) in _tasks(transfer)
    valued = {row.code: row.value for row in warehouse_valuation(transfer.shipped_at.replace(year=2100))}
    assert valued[world["B"].code] == Decimal("18.00")
    with pytest.raises(OverReceipt):
        receive_transfer(transfer_id=transfer.pk, item_scan=tea.sku, quantity=3, user=None, source="ui")
    with pytest.raises(WrongItem):
        receive_transfer(
            transfer_id=transfer.pk, item_scan=stocked_at(world["a1"], 1).sku, quantity=1, user=None, source="ui"
        )
    assert _on_hand(tea, receiving) == 4


def test_put_away_makes_the_units_available_and_the_transfer_closes_when_all_is_away(world):
    transfer = _transfer(world)
    _ship_all(world, transfer)
    tea, cup, b1 = world["tea"], world["cup"], world["b1"]
    receive_transfer(transfer_id=transfer.pk, item_scan=tea.sku, quantity=6, user=None, source="ui")
    receive_transfer(transfer_id=transfer.pk, item_scan=cup.sku, quantity=3, user=None, source="ui")
    transfer.refresh_from_db()
    assert transfer.status == "received"
    with pytest.raises(NotABin):
        put_away_transfer(
            transfer_id=transfer.pk, item_scan=tea.sku, bin_scan=world["a1"].code, quantity=1, user=None, source="ui"
        )
    with pytest.raises(TooMany):
        put_away_transfer(
            transfer_id=transfer.pk, item_scan=tea.sku, bin_scan=b1.code, quantity=7, user=None, source="ui"
        )
    put_away_transfer(transfer_id=transfer.pk, item_scan=tea.sku, bin_scan=b1.code, quantity=6, user=None, source="ui")
    assert available_by_warehouse(tea.pk)[world["B"].pk] == 6
    put_away_transfer(transfer_id=transfer.pk, item_scan=cup.sku, bin_scan=b1.code, quantity=3, user=None, source="ui")
    transfer.refresh_from_db()
    assert transfer.status == "closed" and transfer.closed_at is not None
    assert ("put_away", "done", world["B"].code) in _tasks(transfer)
    assert (_on_hand(tea, road()), _on_hand(tea, dock(world["B"]))) == (0, 0)
    moves = StockMove.objects.filter(source_document=transfer.number, product=tea, to_location=b1)
    assert [move.value for move in moves] == [Decimal("27.0000")]  # the cost it left the origin with


def test_the_road_empties_to_zero_value_even_when_the_product_cost_changed_meanwhile(world):
    tea = world["tea"]
    transfer = create_transfer(
        from_warehouse=world["A"], to_warehouse=world["B"], lines=[(tea, 3)], user=None, source="ui"
    )
    pick_transfer_line(
        transfer_id=transfer.pk, line_no=1, bin_scan=world["a1"].code, item_scan=tea.sku, quantity=3,
        user=None, source="ui",
    )  # fmt: skip
    # Elsewhere the old cost layer is used up and the next units cost twice as much: the next units' FIFO
    # cost (what a move between valued places would carry by default) is now 9, not the 4.5 shipped.
    adjust_stock(product=tea, location=world["a1"], delta=-7, reason_code="lost", source="ui")
    receive(tea, world["a2"], 5, unit_cost=Decimal("9"))
    adjust_stock(product=tea, location=world["a2"], delta=-5, reason_code="lost", source="ui")
    receive_transfer(transfer_id=transfer.pk, item_scan=tea.sku, quantity=1, user=None, source="ui")
    receive_transfer(transfer_id=transfer.pk, item_scan=tea.sku, quantity=2, user=None, source="ui")
    transfer.refresh_from_db()
    transit = [row for row in warehouse_valuation(transfer.shipped_at.replace(year=2100)) if row.warehouse_id is None]
    assert transit == []  # nothing left on the road, not even a residue
    into_dock = StockMove.objects.filter(source_document=transfer.number, to_location=dock(world["B"]))
    assert sum(move.value for move in into_dock) == Decimal("13.5")


def test_closing_short_writes_off_what_is_still_on_the_road(world):
    transfer = _transfer(world)
    _ship_all(world, transfer)
    tea = world["tea"]
    receive_transfer(transfer_id=transfer.pk, item_scan=tea.sku, quantity=5, user=None, source="ui")
    manager = user_with_role("manager")
    close_transfer(transfer_id=transfer.pk, user=manager, source="ui")
    transfer.refresh_from_db()
    lines = {line.product.sku: line for line in transfer.lines.all()}
    assert (lines[tea.sku].lost_quantity, lines[world["cup"].sku].lost_quantity) == (1, 3)
    assert transfer.status == "received"  # five units still wait on the dock
    loss = StockMove.objects.get(source_document=transfer.number, product=tea, reason_code="transit_loss")
    assert (loss.quantity, loss.value) == (1, Decimal("4.5000"))
    with pytest.raises(TransferClosed):
        receive_transfer(transfer_id=transfer.pk, item_scan=tea.sku, quantity=1, user=None, source="ui")


def test_cancelling_before_picking_gives_the_units_back_and_cancels_the_task(world):
    transfer = _transfer(world)
    cancel_transfer(transfer_id=transfer.pk, user=None, source="ui")
    transfer.refresh_from_db()
    assert transfer.status == "cancelled"
    assert available_by_warehouse(world["tea"].pk)[world["A"].pk] == 10
    assert _tasks(transfer) == [("transfer", "cancelled", world["A"].code)]
    other = _transfer(world)
    _ship_all(world, other)
    with pytest.raises(TransferClosed):
        cancel_transfer(transfer_id=other.pk, user=None, source="ui")


def test_shipping_short_gives_back_what_was_not_found(world):
    transfer = _transfer(world)
    pick_transfer_line(
        transfer_id=transfer.pk, line_no=1, bin_scan=world["a1"].code, item_scan=world["tea"].sku, quantity=2,
        user=None, source="ui",
    )  # fmt: skip
    ship_transfer(transfer_id=transfer.pk, user=None, source="ui")
    transfer.refresh_from_db()
    assert transfer.status == "in_transit"
    assert not Reservation.objects.filter(status="active").exists()
    assert available_by_warehouse(world["cup"].pk)[world["A"].pk] == 3
    assert [(line.shipped_quantity, line.short_quantity) for line in transfer.lines.order_by("line_no")] == [
        (2, 4),
        (0, 3),
    ]
