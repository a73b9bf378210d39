"""Cycle counts through the services: blind counting, variances posted or sent to a manager, the race
with picking, moves after counting, short picks, ABC classes and the schedule."""

from datetime import timedelta

import pytest
from django.utils import timezone

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.fulfilment.counts.exceptions import (
    BinBeingPicked,
    BinNotInCount,
    CountClosed,
    CountIncomplete,
    ItemNotInCount,
    NothingToCount,
    RecountNeeded,
)
from arkaofis.fulfilment.counts.models import CountClass, CountDoc, CountLine
from arkaofis.fulfilment.counts.services.approving import approve_count, cancel_count, reject_count
from arkaofis.fulfilment.counts.services.finishing import finish_count
from arkaofis.fulfilment.counts.services.planning import classify_abc, plan_cycle_counts
from arkaofis.fulfilment.counts.services.recording import record_count, record_empty_bin
from arkaofis.fulfilment.counts.services.requesting import request_count
from arkaofis.fulfilment.exceptions import UnknownBarcode
from arkaofis.fulfilment.models import PickLine, Shipment
from arkaofis.fulfilment.services.picking import confirm_pick, report_short
from arkaofis.fulfilment.services.waves import plan_wave
from arkaofis.fulfilment.tests.factories import released_order, stocked
from arkaofis.inventory.models import Quant, StockMove
from arkaofis.inventory.selectors import virtual_location
from arkaofis.inventory.services.ledger import post_move
from arkaofis.inventory.tests.factories import LocationFactory, receive
from arkaofis.work.models import Task

pytestmark = pytest.mark.django_db


def on_hand(product, location):
    return Quant.objects.filter(product=product, location=location).values_list("on_hand", flat=True).first() or 0


def task(count, kind):
    return Task.objects.filter(document_ref=count.number, kind=kind).order_by("-id").first()


def count_moves(count):
    return sorted(
        (m.product.sku, m.reason_code, m.quantity) for m in StockMove.objects.filter(source_document=count.number)
    )


def record(count, location, product, quantity):
    return record_count(
        count_id=count.pk, location_scan=location.code, item_scan=product.sku, quantity=quantity, user=None, source="ui"
    )


def finish(count):
    return finish_count(count_id=count.pk, user=None, source="ui")


def bin_count(location, **kwargs):
    return request_count(
        warehouse=location.warehouse,
        locations=[location],
        origin=kwargs.pop("origin", "manual"),
        user=None,
        source="ui",
        **kwargs,
    )


def test_a_blind_count_of_a_bin_posts_the_gains_and_losses_it_found():
    tea, shelf = stocked(10)
    mug = ProductFactory()
    receive(mug, shelf, 5)
    found = ProductFactory(barcode="8690000000019")
    count = bin_count(shelf)
    assert count.number.startswith("CC-") and count.blind and count.status == "open"
    assert sorted(count.lines.values_list("product__sku", flat=True)) == sorted([tea.sku, mug.sku])
    assert task(count, "count").status == "open"
    record(count, shelf, tea, 9)
    record(count, shelf, mug, 6)
    line = record_count(
        count_id=count.pk,
        location_scan=shelf.code.lower(),
        item_scan="8690000000019",
        quantity=1,
        user=None,
        source="ui",
    )
    assert line.found and line.expected == 0
    count.refresh_from_db()
    assert count.status == "counted"
    finish(count)
    count.refresh_from_db()
    assert count.status == "posted"
    assert count_moves(count) == sorted(
        [(tea.sku, "count_loss", 1), (mug.sku, "count_gain", 1), (found.sku, "count_gain", 1)]
    )
    assert (on_hand(tea, shelf), on_hand(mug, shelf), on_hand(found, shelf)) == (9, 6, 1)
    assert task(count, "count").status == "done" and task(count, "count_approval") is None


def test_what_the_counter_did_not_scan_in_a_counted_bin_is_not_there_and_an_empty_bin_is_marked_so():
    tea, shelf = stocked(2)
    mug, other = stocked(1, location=LocationFactory(warehouse=shelf.warehouse))
    count = request_count(warehouse=shelf.warehouse, locations=[shelf, other], origin="manual", user=None, source="ui")
    record(count, shelf, ProductFactory(), 0)  # something else, none of it: the shelf is counted
    with pytest.raises(CountIncomplete) as refused:
        finish(count)
    assert refused.value.data["bins"] == [other.code]
    record_empty_bin(count_id=count.pk, location_scan=other.code, user=None, source="ui")
    finish(count)
    assert count_moves(count) == sorted([(tea.sku, "count_loss", 2), (mug.sku, "count_loss", 1)])


def test_a_variance_beyond_the_tolerance_waits_for_a_manager_and_posts_only_on_approval():
    tea, shelf = stocked(10)
    count = bin_count(shelf)
    record(count, shelf, tea, 3)
    finish(count)
    count.refresh_from_db()
    assert count.status == "awaiting_approval" and count.lines.get().needs_approval
    assert count_moves(count) == [] and on_hand(tea, shelf) == 10
    assert task(count, "count").status == "done" and task(count, "count_approval").status == "open"
    approve_count(count_id=count.pk, user=None, source="ui")
    count.refresh_from_db()
    assert count.status == "posted" and count_moves(count) == [(tea.sku, "count_loss", 7)]
    assert task(count, "count_approval").status == "done"
    with pytest.raises(CountClosed):
        approve_count(count_id=count.pk, user=None, source="ui")


def test_a_value_limit_sends_a_costly_single_unit_to_the_manager(settings):
    settings.ARKAOFIS_COUNT_TOLERANCE_VALUE = "100"
    watch, shelf = stocked(0)
    receive(watch, shelf, 4, unit_cost=250)
    count = bin_count(shelf)
    record(count, shelf, watch, 3)
    assert finish(count).status == "awaiting_approval"


def test_a_rejected_count_is_counted_again_and_then_posts_what_the_recount_found():
    tea, shelf = stocked(10)
    mug = ProductFactory()
    receive(mug, shelf, 4)
    count = bin_count(shelf)
    record(count, shelf, tea, 2)
    record(count, shelf, mug, 4)
    finish(count)
    reject_count(count_id=count.pk, reason="count the back row too", user=None, source="ui")
    count.refresh_from_db()
    assert (count.status, count.recounts) == ("open", 1)
    assert count.lines.get(product=tea).counted is None and count.lines.get(product=mug).counted == 4
    assert task(count, "count").status == "open" and task(count, "count_approval").status == "done"
    assert count_moves(count) == []
    record(count, shelf, tea, 9)
    finish(count)
    count.refresh_from_db()
    assert count.status == "posted" and count_moves(count) == [(tea.sku, "count_loss", 1)]


def test_a_count_on_a_bin_being_picked_is_refused_and_goes_once_the_pick_is_done():
    tea, shelf = stocked(5)
    order = released_order((tea.sku, 2))
    plan_wave(warehouse=shelf.warehouse, user=None, source="ui")
    count = bin_count(shelf)  # asking is fine: the count waits for the picker
    stop = PickLine.objects.get()
    moves = StockMove.objects.count()
    with pytest.raises(BinBeingPicked) as refused:
        record(count, shelf, tea, 5)
    assert refused.value.data == {"bin": shelf.code, "batch": stop.batch.number}
    assert f"wait for batch {stop.batch.number}" in refused.value.localized()
    assert StockMove.objects.count() == moves and count.lines.get().counted is None
    confirm_pick(pick_line_id=stop.pk, bin_scan=shelf.code, item_scan=tea.sku, quantity=2, user=None, source="ui")
    record(count, shelf, tea, 3)
    assert finish(count).status == "posted" and count_moves(count) == []
    assert Shipment.objects.get(order=order).status == "picked"


def test_finishing_refuses_a_bin_that_a_picker_started_after_it_was_counted():
    tea, shelf = stocked(5)
    count = bin_count(shelf)
    record(count, shelf, tea, 5)
    released_order((tea.sku, 1))
    batch = plan_wave(warehouse=shelf.warehouse, user=None, source="ui").batches.get()
    with pytest.raises(BinBeingPicked) as refused:
        finish(count)
    assert refused.value.data["batch"] == batch.number
    assert CountDoc.objects.get(pk=count.pk).status == "counted"


def test_a_move_after_counting_asks_to_count_that_line_again_rather_than_post_a_false_variance():
    tea, shelf = stocked(10)
    count = bin_count(shelf)
    record(count, shelf, tea, 10)
    receive(tea, shelf, 3)  # a put-away after the counter passed
    with pytest.raises(RecountNeeded) as refused:
        finish(count)
    assert refused.value.data["lines"] == [f"{shelf.code} · {tea.sku}"]
    assert count_moves(count) == [] and CountDoc.objects.get(pk=count.pk).status == "counted"
    record(count, shelf, tea, 13)
    assert finish(count).status == "posted" and count_moves(count) == []


@pytest.mark.parametrize(
    ("bin_scan", "item_scan", "error"),
    [("NO-SUCH-BIN", None, UnknownBarcode), ("other", None, BinNotInCount), (None, "no-such-item", UnknownBarcode)],
)
def test_an_unknown_barcode_or_a_bin_outside_the_count_is_refused_and_nothing_changes(bin_scan, item_scan, error):
    tea, shelf = stocked(4)
    other = LocationFactory(warehouse=shelf.warehouse)
    count = bin_count(shelf)
    with pytest.raises(error):
        record_count(
            count_id=count.pk,
            location_scan=other.code if bin_scan == "other" else bin_scan or shelf.code,
            item_scan=item_scan or tea.sku,
            quantity=4,
            user=None,
            source="ui",
        )
    assert count.lines.get().counted is None and not count.bins.exclude(visited_at=None).exists()


def test_a_short_pick_asks_for_a_count_of_its_bin_once_and_the_count_reverses_a_wrong_write_off():
    tea, shelf = stocked(5)
    order = released_order((tea.sku, 3))
    plan_wave(warehouse=shelf.warehouse, user=None, source="ui")
    stop = PickLine.objects.get()
    report_short(pick_line_id=stop.pk, bin_scan=shelf.code, found=0, user=None, source="ui")
    assert on_hand(tea, shelf) == 0  # the two free units were written off with the three not found
    asked = dict(warehouse=shelf.warehouse, locations=[shelf], product=tea, origin="short_pick", user=None, source="ui")
    count = request_count(**asked)
    assert request_count(**asked) == count and task(count, "count").priority == 30
    assert count.scope == "bins" and count.product == tea
    with pytest.raises(ItemNotInCount):
        record(count, shelf, ProductFactory(), 1)
    record(count, shelf, tea, 2)  # the picker missed two units at the back
    finish(count)
    assert count_moves(count) == [(tea.sku, "count_gain", 2)] and on_hand(tea, shelf) == 2
    assert Shipment.objects.get(order=order).lines.get().short_quantity == 3


def test_an_open_count_of_a_bin_covers_a_later_request_for_one_product_there():
    tea, shelf = stocked(5)
    count = bin_count(shelf)
    again = request_count(
        warehouse=shelf.warehouse, locations=[shelf], product=tea, origin="short_pick", user=None, source="ui"
    )
    assert again == count
    cancel_count(count_id=count.pk, reason="", user=None, source="ui")
    assert task(count, "count").status == "cancelled"
    assert bin_count(shelf) != count


def test_a_product_count_covers_its_bins_and_nothing_is_asked_of_a_product_not_in_a_bin():
    tea, shelf = stocked(5)
    second = LocationFactory(warehouse=shelf.warehouse)
    receive(tea, second, 2)
    count = request_count(warehouse=shelf.warehouse, product=tea, origin="manual", user=None, source="ui")
    assert count.scope == "product"
    assert sorted(count.bins.values_list("location__code", flat=True)) == sorted([shelf.code, second.code])
    with pytest.raises(NothingToCount):
        request_count(warehouse=shelf.warehouse, product=ProductFactory(), origin="manual", user=None, source="ui")


def ship(product, location, quantity, days_ago=1):
    post_move(
        product=product,
        quantity=quantity,
        from_location=location,
        to_location=virtual_location("customer"),
        reason="shipment",
        at=timezone.now() - timedelta(days=days_ago),
    )


def test_abc_classes_follow_the_units_shipped_from_the_warehouse_in_the_window():
    fast, shelf = stocked(1000)
    medium, slow, idle = ProductFactory(), ProductFactory(), ProductFactory()
    for product in (medium, slow, idle):
        receive(product, shelf, 200)
    ship(fast, shelf, 800)
    ship(medium, shelf, 90)
    ship(slow, shelf, 30)  # 800 of 920 units before medium (87 %), 890 before slow (97 %)
    ship(slow, shelf, 60, days_ago=200)  # outside the window
    assert classify_abc(warehouse=shelf.warehouse, days=90) == {"A": 1, "B": 1, "C": 2}
    classes = dict(CountClass.objects.values_list("product__sku", "abc_class"))
    assert classes == {fast.sku: "A", medium.sku: "B", slow.sku: "C", idle.sku: "C"}


def test_the_schedule_asks_for_what_is_due_within_the_daily_limit_and_not_again_once_counted():
    fast, shelf = stocked(100)
    slow = ProductFactory()
    receive(slow, shelf, 10)
    ship(fast, shelf, 50)
    today = timezone.localdate()
    first = plan_cycle_counts(warehouse=shelf.warehouse, today=today, daily_limit=1)
    assert [count.product for count in first] == [fast]  # never counted, A before C
    assert first[0].origin == "schedule" and task(first[0], "count").priority == 70
    assert plan_cycle_counts(warehouse=shelf.warehouse, today=today, daily_limit=1) == []  # today's share asked
    tomorrow = plan_cycle_counts(warehouse=shelf.warehouse, today=today + timedelta(days=1), daily_limit=5)
    assert [count.product for count in tomorrow] == [slow]  # fast is still being counted
    record(first[0], shelf, fast, 50)
    finish(first[0])
    assert plan_cycle_counts(warehouse=shelf.warehouse, today=today + timedelta(days=2), daily_limit=5) == []
    month = plan_cycle_counts(warehouse=shelf.warehouse, today=today + timedelta(days=31), daily_limit=5)
    assert [count.product for count in month] == [fast]
    assert CountLine.objects.filter(count__in=month).count() == 1


def test_arkaofis_check_finds_an_adjustment_named_after_a_count_that_the_count_did_not_post():
    from arkaofis.core.invariants import invariant_breaks
    from arkaofis.inventory.services.adjustments import adjust_stock

    tea, shelf = stocked(5)
    count = bin_count(shelf)
    record(count, shelf, tea, 4)
    finish(count)
    assert not invariant_breaks()
    adjust_stock(product=tea, location=shelf, delta=1, reason_code="count_gain", note=count.number, source="ui")
    assert "a posted count's adjustments equal its variances" in invariant_breaks()
    adjust_stock(product=tea, location=shelf, delta=-1, reason_code="count_loss", note=count.number, source="ui")
    assert not invariant_breaks()


def test_a_product_kept_by_lot_is_counted_per_lot_and_the_lot_is_asked_for_when_the_bin_holds_several():
    from arkaofis.fulfilment.counts.exceptions import LotNeeded
    from arkaofis.inventory.tests.factories import LotFactory

    honey, shelf = stocked(0, tracking="lot")
    spring, autumn = LotFactory(product=honey, code="L-SPRING"), LotFactory(product=honey, code="L-AUTUMN")
    receive(honey, shelf, 3, lot=spring)
    receive(honey, shelf, 2, lot=autumn)
    count = bin_count(shelf)
    with pytest.raises(LotNeeded):
        record(count, shelf, honey, 3)
    for lot, quantity in ((spring, 3), (autumn, 1)):
        record_count(
            count_id=count.pk,
            location_scan=shelf.code,
            item_scan=honey.sku,
            lot_scan=lot.code.lower(),
            quantity=quantity,
            user=None,
            source="ui",
        )
    finish(count)
    moves = StockMove.objects.filter(source_document=count.number)
    assert [(m.lot.code, m.reason_code, m.quantity) for m in moves] == [("L-AUTUMN", "count_loss", 1)]


def test_the_daily_command_classes_and_asks_for_counts_in_every_warehouse():
    import io
    import json

    from django.core.management import call_command

    tea, shelf = stocked(10)
    out = io.StringIO()
    call_command("plan_cycle_counts", "--limit", "5", stdout=out)
    report = json.loads(out.getvalue())
    number = CountDoc.objects.get().number
    assert report[shelf.warehouse.code] == {"classes": {"A": 0, "B": 0, "C": 1}, "counts": [number]}
