"""The floor API: wave, batch, pick, short, pack; refusals as problem+json and nothing moved."""

import pytest

from arkaofis.core.tests.api_support import as_role, assert_problem
from arkaofis.fulfilment.models import PickLine, Shipment
from arkaofis.fulfilment.tests.factories import released_order, stocked
from arkaofis.inventory.models import StockMove

pytestmark = pytest.mark.django_db


def test_a_whole_pick_and_pack_through_the_api():
    a, bin_a = stocked(5)
    order = released_order((a.sku, 3))
    client = as_role("warehouse")
    wave = client.post("/floor/waves", {"warehouse": bin_a.warehouse.code})
    assert wave.status_code == 201, wave.content
    batch = client.get(f"/floor/batches/{wave.json()[0]['batches'][0]}").json()
    stop = batch["stops"][0]
    assert (stop["location"], stop["quantity"], stop["sku"]) == (bin_a.code, 3, a.sku)
    moves = StockMove.objects.count()
    wrong = client.post(f"/floor/stops/{stop['id']}/pick", {"bin": bin_a.code, "item": "X-UNKNOWN", "quantity": 3})
    assert_problem(wrong, 404, "unknown-barcode")
    too_many = client.post(f"/floor/stops/{stop['id']}/pick", {"bin": bin_a.code, "item": a.sku, "quantity": 4})
    assert_problem(too_many, 409, "too-many")
    wrong_bin = client.post(f"/floor/stops/{stop['id']}/pick", {"bin": "PACK-X", "item": a.sku, "quantity": 1})
    assert wrong_bin.status_code == 404
    assert StockMove.objects.count() == moves
    short = client.post(f"/floor/stops/{stop['id']}/short", {"bin": bin_a.code, "found": 2})
    assert short.status_code == 200 and short.json()["stops"][0]["status"] == "short"
    shipment = Shipment.objects.get(order=order)
    for _ in range(2):
        assert client.post(f"/floor/shipments/{shipment.number}/scan", {"item": a.sku}).status_code == 200
    assert_problem(client.post(f"/floor/shipments/{shipment.number}/scan", {"item": a.sku}), 409, "too-many")
    closed = client.post(f"/floor/shipments/{shipment.number}/close", {"weight_g": 400})
    assert closed.status_code == 200 and closed.json()["status"] == "packed"
    assert closed.json()["lines"][0]["short_quantity"] == 1


def test_a_viewer_may_not_pick_and_bad_input_is_a_4xx():
    a, bin_a = stocked(5)
    released_order((a.sku, 1))
    warehouse = as_role("warehouse")
    assert warehouse.post("/floor/waves", {"warehouse": bin_a.warehouse.code}).status_code == 201
    stop = PickLine.objects.get()
    assert_problem(
        as_role("viewer").post(f"/floor/stops/{stop.pk}/pick", {"bin": "A", "item": "B", "quantity": 1}), 403
    )
    assert (
        warehouse.post(f"/floor/stops/{stop.pk}/pick", {"bin": "\x00", "item": a.sku, "quantity": 1}).status_code == 422
    )
    assert_problem(warehouse.post("/floor/stops/999999/pick", {"bin": "A", "item": "B", "quantity": 1}), 404)
    assert_problem(warehouse.get("/floor/batches/PB-nope"), 404, "unknown-batch")
    assert_problem(warehouse.post("/floor/waves", {"warehouse": "NOWHERE"}), 404, "unknown-warehouse")
    assert_problem(warehouse.post("/floor/waves", {"warehouse": bin_a.warehouse.code}), 409, "nothing-to-wave")
    assert_problem(warehouse.post("/floor/shipments/SH-999999/close", {"weight_g": 1}), 404)
