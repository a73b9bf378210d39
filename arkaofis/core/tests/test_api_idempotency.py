import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.core import idempotency
from arkaofis.core.idempotency import forget_old_keys
from arkaofis.core.models import IdempotencyKey
from arkaofis.core.tests.api_support import ApiClient, as_role, assert_problem, user_in_role
from arkaofis.inventory.models import Quant, Reservation, StockMove
from arkaofis.inventory.tests.factories import LocationFactory, receive

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf_with_stock():
    product, shelf = ProductFactory(), LocationFactory()
    receive(product, shelf, 5)
    return product, shelf


def adjustment(product, shelf, delta=-1, reason="damaged"):
    return {"sku": product.sku, "location": shelf.code, "delta": delta, "reason_code": reason}


def test_a_retried_post_replays_the_first_answer_and_writes_once(shelf_with_stock):
    product, shelf = shelf_with_stock
    clerk = as_role("warehouse")
    first = clerk.post("/inventory/adjustments", adjustment(product, shelf), key="adj-1")
    again = clerk.post("/inventory/adjustments", adjustment(product, shelf), key="adj-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.content == first.content
    assert again["Idempotent-Replayed"] == "true"
    assert StockMove.objects.filter(reason="adjustment").count() == 1
    assert Quant.objects.get(product=product, location=shelf).on_hand == 4


def test_the_same_key_with_a_different_body_is_refused(shelf_with_stock):
    product, shelf = shelf_with_stock
    clerk = as_role("warehouse")
    clerk.post("/inventory/adjustments", adjustment(product, shelf), key="adj-1")
    other = clerk.post("/inventory/adjustments", adjustment(product, shelf, delta=-2), key="adj-1")
    assert_problem(other, 422, "idempotency-key-reused")
    elsewhere = clerk.post("/inventory/reservations", {"sku": product.sku, "quantity": 1, "demand_ref": "DEM-1"},
                           key="adj-1")  # fmt: skip
    assert_problem(elsewhere, 422, "idempotency-key-reused")
    assert StockMove.objects.filter(reason="adjustment").count() == 1
    assert not Reservation.objects.exists()


def test_keys_belong_to_one_user(shelf_with_stock):
    product, shelf = shelf_with_stock
    for clerk in (as_role("warehouse"), as_role("warehouse")):
        assert clerk.post("/inventory/adjustments", adjustment(product, shelf), key="k").status_code == 201
    assert StockMove.objects.filter(reason="adjustment").count() == 2


def test_a_refused_request_keeps_no_key_so_a_fixed_retry_runs(shelf_with_stock):
    product, shelf = shelf_with_stock
    clerk = as_role("warehouse")
    body = {"sku": product.sku, "quantity": 8, "demand_ref": "DEM-1"}
    assert_problem(clerk.post("/inventory/reservations", body, key="r-1"), 409, "insufficient-stock")
    assert not IdempotencyKey.objects.exists()
    receive(product, shelf, 5)
    assert clerk.post("/inventory/reservations", body, key="r-1").status_code == 201
    assert clerk.post("/inventory/reservations", body, key="r-1").status_code == 201
    assert Reservation.objects.count() == 1


def test_posts_without_a_key_run_every_time(shelf_with_stock):
    product, shelf = shelf_with_stock
    clerk = as_role("warehouse")
    for _ in range(2):
        assert clerk.post("/inventory/adjustments", adjustment(product, shelf)).status_code == 201
    assert StockMove.objects.filter(reason="adjustment").count() == 2


@pytest.mark.parametrize("key", ["", "x" * 256, "tab\there"])
def test_a_malformed_key_is_refused(shelf_with_stock, key):
    product, shelf = shelf_with_stock
    response = as_role("warehouse").post("/inventory/adjustments", adjustment(product, shelf), key=key)
    assert_problem(response, 422)
    assert not StockMove.objects.filter(reason="adjustment").exists()


def test_a_duplicate_loses_the_insert_and_replays_instead_of_running(shelf_with_stock, monkeypatch):
    """No look before the insert: a first request goes straight to work; a repeat (or a
    concurrent duplicate) hits the stored key on insert, then looks it up and replays it."""
    product, shelf = shelf_with_stock
    clerk = as_role("warehouse")
    real, calls = idempotency.find_stored, []

    def counted_look(user, key):
        calls.append(key)
        return real(user, key)

    monkeypatch.setattr(idempotency, "find_stored", counted_look)
    first = clerk.post("/inventory/adjustments", adjustment(product, shelf), key="race")
    assert calls == []
    late = clerk.post("/inventory/adjustments", adjustment(product, shelf), key="race")
    assert (late.status_code, late.content, late["Idempotent-Replayed"]) == (201, first.content, "true")
    assert calls == ["race"]  # lost the insert, looked once
    assert StockMove.objects.filter(reason="adjustment").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicates_run_once():
    """Eight threads, each on its own connection, send the same keyed POST at once."""
    product, shelf = ProductFactory(), LocationFactory()
    receive(product, shelf, 100)
    user = user_in_role("warehouse")
    clients = [ApiClient(user) for _ in range(8)]
    barrier, answers = threading.Barrier(len(clients)), []

    def send(client):
        try:
            barrier.wait()
            answers.append(client.post("/inventory/adjustments", adjustment(product, shelf), key="race"))
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [a.status_code for a in answers] == [201] * len(clients)
    assert len({a.content for a in answers}) == 1
    assert StockMove.objects.filter(reason="adjustment").count() == 1
    assert Quant.objects.get(product=product, location=shelf).on_hand == 99


def test_old_keys_are_forgotten_and_recent_ones_kept(shelf_with_stock):
    product, shelf = shelf_with_stock
    clerk = as_role("warehouse")
    for key in ("old", "new"):
        clerk.post("/inventory/adjustments", adjustment(product, shelf), key=key)
    IdempotencyKey.objects.filter(key="old").update(created_at=timezone.now() - timedelta(days=8))
    assert forget_old_keys() == 1
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["new"]
