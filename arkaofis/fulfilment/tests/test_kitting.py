"""Kitting work orders through their services: hold the parts, consume them into production, make the kits at cost."""

from decimal import Decimal

import pytest
from django.urls import reverse

from arkaofis.catalog.tests.factories import KitComponentFactory, ProductFactory
from arkaofis.fulfilment.exceptions import TooMany, UnknownBarcode
from arkaofis.fulfilment.kitting.exceptions import KittingClosed, LotTrackedOutput, NotAKit
from arkaofis.fulfilment.kitting.services.completing import complete_kitting
from arkaofis.fulfilment.kitting.services.planning import cancel_kitting, create_kitting
from arkaofis.fulfilment.tests.transfer_factories import stocked_at, warehouse_with_bins
from arkaofis.fulfilment.transfers.exceptions import NotABin
from arkaofis.inventory.exceptions import InsufficientStock
from arkaofis.inventory.models import CostLayer, Quant, Reservation, StockMove
from arkaofis.inventory.selectors import available_by_warehouse
from arkaofis.work.links import document_url
from arkaofis.work.models import Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def bench():
    warehouse, (shelf, kits_bin) = warehouse_with_bins("C-01", "K-01")
    tea = stocked_at(shelf, 10, unit_cost="3")
    cup = stocked_at(shelf, 10, unit_cost="1.5")
    kit = ProductFactory(is_kit=True, sku="GIFT-BOX")
    KitComponentFactory(kit=kit, component=tea, quantity=2)
    KitComponentFactory(kit=kit, component=cup, quantity=1)
    return {"warehouse": warehouse, "shelf": shelf, "bin": kits_bin, "tea": tea, "cup": cup, "kit": kit}


def _on_hand(product, location):
    quant = Quant.objects.filter(product=product, location=location).first()
    return quant.on_hand if quant else 0


def test_a_kitting_order_holds_every_component_and_opens_a_kitting_task(bench):
    order = create_kitting(warehouse=bench["warehouse"], kit=bench["kit"], quantity=4, user=None, source="ui")
    assert order.number == f"KO-{order.pk:06d}"
    assert sorted(Reservation.objects.filter(status="active").values_list("demand_ref", "quantity")) == [
        (f"{order.number}/L1", 8),
        (f"{order.number}/L2", 4),
    ]
    task = Task.objects.get(document_ref=order.number)
    assert (task.kind, task.status, task.warehouse_id) == ("kitting", "open", bench["warehouse"].pk)
    assert document_url(order.number) == reverse("floor:kitting:detail", args=[order.number])


def test_an_order_the_components_cannot_cover_is_refused_whole(bench):
    with pytest.raises(InsufficientStock):
        create_kitting(warehouse=bench["warehouse"], kit=bench["kit"], quantity=6, user=None, source="ui")
    assert not Reservation.objects.exists() and not Task.objects.exists()


def test_only_kits_are_assembled_and_lot_tracked_outputs_are_refused(bench):
    with pytest.raises(NotAKit):
        create_kitting(warehouse=bench["warehouse"], kit=bench["tea"], quantity=1, user=None, source="ui")
    tracked = ProductFactory(is_kit=True, tracking="lot")
    KitComponentFactory(kit=tracked, component=bench["tea"], quantity=1)
    with pytest.raises(LotTrackedOutput):
        create_kitting(warehouse=bench["warehouse"], kit=tracked, quantity=1, user=None, source="ui")


def test_completing_consumes_the_components_and_makes_kits_at_their_cost(bench):
    order = create_kitting(warehouse=bench["warehouse"], kit=bench["kit"], quantity=4, user=None, source="ui")
    complete_kitting(kitting_id=order.pk, bin_scan=bench["bin"].code, quantity=1, user=None, source="ui")
    order.refresh_from_db()
    assert (order.status, order.done_quantity) == ("partially_done", 1)
    complete_kitting(kitting_id=order.pk, bin_scan=bench["bin"].code, user=None, source="ui")
    order.refresh_from_db()
    assert (order.status, order.done_quantity) == ("done", 4)
    assert (_on_hand(bench["tea"], bench["shelf"]), _on_hand(bench["cup"], bench["shelf"])) == (2, 6)
    assert _on_hand(bench["kit"], bench["bin"]) == 4
    made = StockMove.objects.filter(source_document=order.number, product=bench["kit"])
    assert {move.unit_cost for move in made} == {Decimal("7.5000")}  # 2 × 3 + 1 × 1.5
    assert not Reservation.objects.filter(status="active").exists()
    assert Task.objects.get(document_ref=order.number).status == "done"
    with pytest.raises(KittingClosed):
        complete_kitting(kitting_id=order.pk, bin_scan=bench["bin"].code, user=None, source="ui")


def test_taking_kits_apart_gives_the_components_back_sharing_the_kit_cost(bench):
    made = create_kitting(warehouse=bench["warehouse"], kit=bench["kit"], quantity=2, user=None, source="ui")
    complete_kitting(kitting_id=made.pk, bin_scan=bench["bin"].code, user=None, source="ui")
    apart = create_kitting(
        warehouse=bench["warehouse"], kit=bench["kit"], quantity=2, kind="disassemble", user=None, source="ui"
    )
    assert available_by_warehouse(bench["kit"].pk).get(bench["warehouse"].pk, 0) == 0
    complete_kitting(kitting_id=apart.pk, bin_scan=bench["shelf"].code, user=None, source="ui")
    assert _on_hand(bench["kit"], bench["bin"]) == 0
    assert (_on_hand(bench["tea"], bench["shelf"]), _on_hand(bench["cup"], bench["shelf"])) == (10, 10)
    back = {move.product_id: move for move in StockMove.objects.filter(source_document=apart.number).exclude(
        product=bench["kit"])}  # fmt: skip
    assert back[bench["tea"].pk].unit_cost == Decimal("3.0000") and back[bench["cup"].pk].unit_cost == Decimal("1.5")
    open_value = sum(layer.remaining * layer.unit_cost for layer in CostLayer.objects.filter(remaining__gt=0))
    assert open_value == Decimal("45")  # 10 × 3 + 10 × 1.5, as before the kits were made


def test_wrong_bins_and_too_many_are_refused_and_nothing_moves(bench):
    order = create_kitting(warehouse=bench["warehouse"], kit=bench["kit"], quantity=2, user=None, source="ui")
    elsewhere, (other_bin,) = warehouse_with_bins("X-01")
    for error, scan, quantity in (
        (UnknownBarcode, "NOPE", 1),
        (NotABin, other_bin.code, 1),
        (TooMany, bench["bin"].code, 3),
        (TooMany, bench["bin"].code, 0),
    ):
        with pytest.raises(error):
            complete_kitting(kitting_id=order.pk, bin_scan=scan, quantity=quantity, user=None, source="ui")
    assert not StockMove.objects.filter(source_document=order.number).exists()


def test_cancelling_gives_back_what_is_still_held(bench):
    order = create_kitting(warehouse=bench["warehouse"], kit=bench["kit"], quantity=3, user=None, source="ui")
    complete_kitting(kitting_id=order.pk, bin_scan=bench["bin"].code, quantity=1, user=None, source="ui")
    cancel_kitting(kitting_id=order.pk, user=None, source="ui")
    order.refresh_from_db()
    assert (order.status, order.done_quantity) == ("cancelled", 1)
    assert available_by_warehouse(bench["tea"].pk)[bench["warehouse"].pk] == 8
    assert Task.objects.get(document_ref=order.number).status == "cancelled"
