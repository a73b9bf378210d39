"""The put-away API: what a cancelled shipment left at packing, putting it back, and every refusal a 4xx
problem that moves nothing."""

import pytest

from arkaofis.core.tests.api_support import as_role, assert_problem
from arkaofis.fulfilment.tests.factories import cancelled_after_picking, picked, stocked
from arkaofis.inventory.models import StockMove
from arkaofis.inventory.tests.factories import LocationFactory
from arkaofis.orders.services.reservation import reserve_order
from arkaofis.orders.tests.factories import make_order
from arkaofis.work.models import Task

pytestmark = pytest.mark.django_db


def url(shipment, tail=""):
    return f"/floor/shipments/{shipment.number}/put-away{tail}"


def test_a_worker_reads_what_is_left_and_puts_it_away_in_two_goes():
    a, shelf = stocked(5)
    _, shipment = cancelled_after_picking((a.sku, 3))
    client = as_role("warehouse")
    state = client.get(url(shipment))
    assert state.status_code == 200, state.content
    assert state.json() == {
        "shipment": shipment.number,
        "status": "cancelled",
        "warehouse": shelf.warehouse.code,
        "left": [{"sku": a.sku, "name": a.name, "barcode": a.barcode, "lot": None, "units": 3}],
        "task_open": True,
    }
    first = client.post(url(shipment), {"item": a.barcode, "bin": shelf.code, "quantity": 2})
    assert first.status_code == 200, first.content
    assert first.json()["left"][0]["units"] == 1 and first.json()["task_open"] is True
    last = client.post(url(shipment), {"item": a.sku, "bin": shelf.code, "quantity": 1})
    assert (last.json()["left"], last.json()["task_open"]) == ([], False)
    assert Task.objects.get(kind="put_away", document_ref=shipment.number).status == "done"
    assert_problem(
        client.post(url(shipment), {"item": a.sku, "bin": shelf.code, "quantity": 1}), 409, "nothing-to-put-away"
    )


def test_bad_input_is_a_4xx_problem_and_nothing_moves():
    a, shelf = stocked(5)
    other, other_shelf = stocked(1)
    _, shipment = cancelled_after_picking((a.sku, 2))
    client = as_role("warehouse")
    moves = StockMove.objects.count()
    put = {"item": a.sku, "bin": shelf.code, "quantity": 1}
    assert_problem(client.post(url(shipment), {**put, "item": "NO-SUCH"}), 404, "unknown-barcode")
    assert_problem(client.post(url(shipment), {**put, "item": other.sku}), 409, "wrong-item")
    assert_problem(client.post(url(shipment), {**put, "bin": "NO/SUCH"}), 404, "unknown-barcode")
    assert_problem(client.post(url(shipment), {**put, "bin": other_shelf.code}), 409, "not-a-bin-here")
    assert_problem(client.post(url(shipment), {**put, "bin": f"{shelf.warehouse.code}/PACK"}), 409, "not-a-bin-here")
    assert_problem(client.post(url(shipment), {**put, "quantity": 3}), 409, "too-many")
    assert_problem(client.post(url(shipment), {**put, "quantity": 0}), 422)
    assert_problem(client.post(url(shipment), {**put, "bin": "\x00"}), 422)
    assert_problem(client.post(url(shipment), {"item": a.sku}), 422)
    assert_problem(client.post(url(shipment, "/finish"), {}), 409, "still-at-packing")
    assert_problem(client.post("/floor/shipments/SH-999999/put-away", put), 404, "unknown-shipment")
    assert_problem(client.get("/floor/shipments/nonsense/put-away"), 404, "unknown-shipment")
    assert StockMove.objects.count() == moves
    assert Task.objects.get(kind="put_away", document_ref=shipment.number).status == "open"


def test_a_shipment_not_cancelled_is_refused_in_the_callers_language():
    a, shelf = stocked(5)
    _, shipment = picked((a.sku, 2))
    body = assert_problem(
        as_role("warehouse").post(
            url(shipment), {"item": a.sku, "bin": shelf.code, "quantity": 1}, headers={"Accept-Language": "tr"}
        ),
        409,
        "shipment-closed",
    )
    assert body["detail"] == (
        f"{shipment.number} durumu: Toplandı; rafa yalnızca iptal edilmiş bir sevkiyatın ürünleri geri konur."
    )


def test_only_the_floor_puts_away_and_the_task_closes_by_hand_when_another_order_took_the_units():
    a, shelf = stocked(2)
    _, shipment = cancelled_after_picking((a.sku, 2))
    put = {"item": a.sku, "bin": LocationFactory(warehouse=shelf.warehouse).code, "quantity": 1}
    assert_problem(as_role("viewer").post(url(shipment), put), 403)
    assert_problem(as_role("accountant").post(url(shipment, "/finish"), {}), 403)
    assert as_role("viewer").get(url(shipment)).status_code == 200
    reserve_order(order_id=make_order((a.sku, 2)).pk, user=None, source="system")
    finished = as_role("warehouse").post(url(shipment, "/finish"), {})
    assert finished.status_code == 200 and finished.json() == {
        "shipment": shipment.number,
        "status": "cancelled",
        "warehouse": shelf.warehouse.code,
        "left": [],
        "task_open": False,
    }
