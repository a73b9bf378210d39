import pytest

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.core.tests.api_support import as_role, assert_problem
from arkaofis.inventory.models import Reservation, ReservationStatus
from arkaofis.inventory.tests.factories import LocationFactory, receive
from arkaofis.orders.models import SalesOrder
from arkaofis.orders.tests.factories import make_order

pytestmark = pytest.mark.django_db


def body(*lines, external_id="WEB-1", **fields):
    return {
        "external_id": external_id,
        "currency": "TRY",
        "lines": [{"sku": sku, "quantity": quantity, "unit_price": "12.50"} for sku, quantity in lines],
        "shipping": {"name": "Ayşe Yılmaz", "line1": "Bağdat Cd. 1", "city": "İstanbul", "country": "TR"},
        **fields,
    }


@pytest.fixture
def manager():
    return as_role("manager")


def test_creating_an_order_answers_201_with_the_order(manager):
    product = ProductFactory()
    response = manager.post("/orders", body((product.sku, 2), tags=["gift"]), key="k1")
    assert response.status_code == 201, response.content
    order = response.json()
    assert order["status"] == "confirmed"
    assert order["channel"] == "api"
    assert order["number"].startswith("SO-")
    assert order["grand_total"] == "25.0000" or float(order["grand_total"]) == 25
    assert order["lines"][0] | {"reserved_quantity": 0} == order["lines"][0]
    assert order["shipping"]["city"] == "İstanbul"
    assert order["tags"] == ["gift"]


def test_a_replay_with_the_same_key_gets_the_first_answer_and_creates_nothing(manager):
    product = ProductFactory()
    first = manager.post("/orders", body((product.sku, 1)), key="same")
    again = manager.post("/orders", body((product.sku, 1)), key="same")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert SalesOrder.objects.count() == 1


def test_the_same_external_id_under_a_new_key_returns_the_existing_order_with_200(manager):
    product = ProductFactory()
    first = manager.post("/orders", body((product.sku, 1)), key="a")
    again = manager.post("/orders", body((product.sku, 5)), key="b")
    assert again.status_code == 200
    assert again.json()["number"] == first.json()["number"]
    assert again.json()["lines"][0]["quantity"] == 1
    assert SalesOrder.objects.count() == 1


def test_an_unknown_sku_is_a_404_problem_and_writes_nothing(manager):
    response = manager.post("/orders", body(("NO-SUCH", 1)))
    assert assert_problem(response, 404, "unknown-sku")["sku"] == "NO-SUCH"
    assert not SalesOrder.objects.exists()


def test_a_malformed_order_is_a_422_problem(manager):
    product = ProductFactory()
    assert_problem(manager.post("/orders", body((product.sku, 0))), 422)
    assert_problem(manager.post("/orders", body((product.sku, 1), currency="lira")), 422)
    assert_problem(manager.post("/orders", {"currency": "TRY"}), 422)
    assert not SalesOrder.objects.exists()


def test_a_bulk_batch_reports_each_item_and_a_bad_item_does_not_block_the_others(manager):
    product = ProductFactory()
    make_order((product.sku, 1), external_id="OLD-1")
    batch = {
        "orders": [
            body((product.sku, 1), external_id="B-1"),
            body(("NO-SUCH", 1), external_id="B-2"),
            body((product.sku, 1), external_id="OLD-1"),
            body((product.sku, 2), external_id="B-3"),
        ]
    }
    response = manager.post("/orders/bulk", batch, key="batch-1")
    assert response.status_code == 200, response.content
    result = response.json()
    assert (result["created"], result["duplicates"], result["errors"]) == (2, 1, 1)
    assert [(item["index"], item["result"]) for item in result["items"]] == [
        (0, "created"),
        (1, "error"),
        (2, "duplicate"),
        (3, "created"),
    ]
    assert result["items"][1]["error"]["type"].endswith("/unknown-sku")
    assert set(SalesOrder.objects.values_list("external_id", flat=True)) == {"OLD-1", "B-1", "B-3"}


def test_listing_filters_by_status_channel_and_search(manager):
    product = ProductFactory()
    a = make_order((product.sku, 1), channel="shopify", external_id="#1001", customer_email="ali@example.com")
    make_order((product.sku, 1), channel="woo")
    assert [o["number"] for o in manager.get("/orders", channel="shopify").json()["items"]] == [a.number]
    assert [o["number"] for o in manager.get("/orders", q="ali@").json()["items"]] == [a.number]
    assert [o["number"] for o in manager.get("/orders", q=a.number).json()["items"]] == [a.number]
    assert manager.get("/orders", status="confirmed").json()["count"] == 2
    assert manager.get("/orders", status="shipped").json()["count"] == 0
    assert_problem(manager.get("/orders", status="lost"), 422)


def test_reading_an_unknown_order_is_404(manager):
    assert_problem(manager.get("/orders/SO-999999"), 404, "unknown-order")
    assert_problem(manager.get("/orders/banana"), 404, "unknown-order")


def test_reserve_hold_lift_release_through_the_api(manager):
    product = ProductFactory()
    receive(product, LocationFactory(), 5)
    number = make_order((product.sku, 2)).number
    reserved = manager.post(f"/orders/{number}/reserve", key="r1")
    assert reserved.json()["status"] == "reserved"
    assert reserved.json()["lines"][0]["reserved_quantity"] == 2
    hold = manager.post(f"/orders/{number}/holds", {"kind": "fraud", "reason": "two cards"})
    assert hold.status_code == 201
    refused = assert_problem(manager.post(f"/orders/{number}/release", {}), 409, "order-on-hold")
    assert refused["holds"] == ["fraud"]
    assert manager.post(f"/orders/{number}/holds/{hold.json()['id']}/lift").json()["active"] is False
    assert manager.post(f"/orders/{number}/release", {}).json()["status"] == "released"


def test_cancelling_through_the_api_releases_the_stock_and_a_second_cancel_is_409(manager):
    product = ProductFactory()
    receive(product, LocationFactory(), 5)
    number = make_order((product.sku, 2)).number
    manager.post(f"/orders/{number}/reserve")
    cancelled = manager.post(f"/orders/{number}/cancel", {"reason": "changed mind"})
    assert cancelled.json()["status"] == "cancelled"
    assert not Reservation.objects.filter(status=ReservationStatus.ACTIVE).exists()
    problem = assert_problem(manager.post(f"/orders/{number}/cancel", {}), 409, "illegal-transition")
    assert (problem["from_status"], problem["to_status"]) == ("cancelled", "cancelled")


def test_a_viewer_may_read_orders_but_not_create_or_cancel_them():
    product = ProductFactory()
    number = make_order((product.sku, 1)).number
    viewer = as_role("viewer")
    assert viewer.get(f"/orders/{number}").status_code == 200
    assert_problem(viewer.post("/orders", body((product.sku, 1))), 403, "forbidden")
    assert_problem(viewer.post(f"/orders/{number}/cancel", {}), 403, "forbidden")


def test_without_credentials_the_api_answers_401():
    from django.test import Client

    assert_problem(Client().get("/api/orders"), 401, "unauthenticated")


def test_the_same_external_id_twice_in_one_batch_is_created_then_reported_duplicate(manager):
    product = ProductFactory()
    batch = {"orders": [body((product.sku, 1), external_id="D-1"), body((product.sku, 1), external_id="D-1")]}
    result = manager.post("/orders/bulk", batch).json()
    assert [item["result"] for item in result["items"]] == ["created", "duplicate"]
    assert result["items"][0]["number"] == result["items"][1]["number"]


def test_with_reserve_an_order_is_created_routed_and_reserved_in_one_request(manager):
    product, short = ProductFactory(), ProductFactory()
    receive(product, LocationFactory(), 5)
    response = manager.post("/orders?reserve=true", body((product.sku, 2), tags=["gift"]), key="r1")
    assert response.status_code == 201, response.content
    order = response.json()
    assert order["status"] == "reserved" and order["lines"][0]["reserved_quantity"] == 2
    assert order["route_reason"] and order["warehouse"]
    # The answer is built from the rows written, not read back: it must say what a read says,
    # timestamps to the same millisecond included.
    assert manager.get(f"/orders/{order['number']}").json() == order
    backordered = manager.post("/orders?reserve=true", body((short.sku, 1), external_id="WEB-2"), key="r2").json()
    assert backordered["status"] == "backordered" and backordered["lines"][0]["reserved_quantity"] == 0


def test_a_bulk_batch_with_reserve_holds_stock_for_each_new_order_and_reports_its_status(manager):
    product = ProductFactory()
    receive(product, LocationFactory(), 3)
    batch = {"orders": [body((product.sku, 2), external_id="R-1"), body((product.sku, 2), external_id="R-2")]}
    result = manager.post("/orders/bulk?reserve=true", batch, key="rb").json()
    assert [(item["result"], item["status"]) for item in result["items"]] == [
        ("created", "reserved"),
        ("created", "backordered"),
    ]
    held = Reservation.objects.filter(status=ReservationStatus.ACTIVE).values_list("quantity", flat=True)
    assert sum(held) == 2


def test_an_order_names_its_channel_priority_and_shipping_method_and_is_identified_per_channel(manager):
    product = ProductFactory()
    web = manager.post(
        "/orders", body((product.sku, 1), channel="web", priority=5, shipping_method="Express"), key="w1"
    )
    assert web.status_code == 201, web.content
    assert (web.json()["channel"], web.json()["priority"], web.json()["shipping_method"]) == ("web", 5, "Express")
    # The same external id on another channel is another order; on the same channel, the same one.
    assert manager.post("/orders", body((product.sku, 1)), key="w2").status_code == 201
    assert manager.post("/orders", body((product.sku, 1), channel="web"), key="w3").status_code == 200
    assert sorted(SalesOrder.objects.values_list("channel", flat=True)) == ["api", "web"]
    bad = manager.post("/orders", body((product.sku, 1), channel="Web Store"), key="w4")
    assert bad.status_code == 422 and SalesOrder.objects.count() == 2


def test_a_draft_holds_nothing_until_it_is_confirmed_then_it_is_reserved(manager):
    product = ProductFactory()
    receive(product, LocationFactory(), 5)
    draft = manager.post("/orders?reserve=true", body((product.sku, 2), draft=True), key="d1")
    assert draft.status_code == 201, draft.content
    number = draft.json()["number"]
    assert draft.json()["status"] == "draft" and not Reservation.objects.exists()
    confirmed = manager.post(f"/orders/{number}/confirm", {}, key="d2")
    assert confirmed.status_code == 200, confirmed.content
    assert confirmed.json()["status"] == "reserved" and confirmed.json()["lines"][0]["reserved_quantity"] == 2
    assert_problem(manager.post(f"/orders/{number}/confirm", {}, key="d3"), 409, "illegal-transition")
