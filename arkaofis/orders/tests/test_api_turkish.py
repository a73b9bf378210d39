"""A request in Turkish gets its problem+json in Turkish: the title and the detail, filled from the
error's data; the machine-readable members (type, the data) stay the same in every language."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.core.tests.api_support import as_role, assert_problem
from arkaofis.inventory.tests.factories import LocationFactory, receive
from arkaofis.orders.tests.factories import make_order

pytestmark = pytest.mark.django_db

TURKISH = {"Accept-Language": "tr"}


@pytest.fixture
def manager():
    return as_role("manager")


def test_insufficient_stock_is_told_in_turkish_to_a_turkish_request(manager):
    product = ProductFactory(sku="CEZ-200")
    receive(product, LocationFactory(), 5)
    wanted = {"sku": "CEZ-200", "quantity": 6, "demand_ref": "DEM-1"}
    turkish = assert_problem(
        manager.post("/inventory/reservations", wanted, headers=TURKISH), 409, "insufficient-stock"
    )
    assert turkish["title"] == "Yetersiz stok"
    assert turkish["detail"] == "CEZ-200: 6 istendi, yalnızca 5 kullanılabilir."
    assert (turkish["sku"], turkish["wanted"], turkish["available"]) == ("CEZ-200", 6, 5)
    english = assert_problem(manager.post("/inventory/reservations", wanted), 409, "insufficient-stock")
    assert (english["title"], english["detail"]) == ("Insufficient stock", "CEZ-200: wanted 6, only 5 available.")


def test_an_illegal_status_change_is_told_in_turkish_with_the_statuses_translated(manager):
    number = make_order((ProductFactory().sku, 1)).number
    manager.post(f"/orders/{number}/cancel", {"reason": "müşteri vazgeçti"})
    problem = assert_problem(manager.post(f"/orders/{number}/cancel", {}, headers=TURKISH), 409, "illegal-transition")
    assert problem["title"] == "Geçersiz sipariş durumu değişikliği"
    assert problem["detail"] == "Bu sipariş İptal edildi durumunda; İptal edildi durumuna geçemez."
    assert (problem["from_status"], problem["to_status"]) == ("cancelled", "cancelled")


def test_a_refused_input_and_an_unknown_object_are_told_in_turkish(manager):
    number = make_order((ProductFactory().sku, 1)).number
    hold = assert_problem(
        manager.post(f"/orders/{number}/holds", {"kind": "manual", "reason": " "}, headers=TURKISH), 422
    )
    assert hold["title"] == "Geçersiz girdi"
    assert hold["detail"] == "Bekletmenin bir nedeni olmalı (en fazla 500 karakter)"
    missing = assert_problem(manager.client.get("/api/orders/SO-999999", headers=TURKISH), 404, "unknown-order")
    assert (missing["title"], missing["detail"]) == ("Bilinmeyen sipariş", "SO-999999 numaralı bir sipariş yok.")
    schema = assert_problem(manager.post("/orders", {"currency": 5}, headers=TURKISH), 422, "validation-error")
    assert schema["title"] == "Geçersiz girdi" and schema["detail"].startswith("İstek şemaya uymuyor: ")


def test_a_rejected_import_and_its_row_errors_are_told_in_turkish(manager):
    content = b"sku,name,sale_price\nMUG 1,Kupa,lots\n"
    response = manager.client.post(
        "/api/catalog/products/import", {"file": SimpleUploadedFile("urunler.csv", content)}, headers=TURKISH
    )
    problem = assert_problem(response, 422, "import-rejected")
    assert problem["title"] == "İçe aktarma reddedildi: hiçbir şey yazılmadı"
    assert problem["detail"] == "urunler.csv: reddedildi, 2 hata; hiçbir şey yazılmadı"
    reasons = {(error["column"], error["reason"]) for error in problem["errors"]}
    assert reasons == {
        ("sku", "1-64 harf, rakam, '.', '_', '/' ya da '-' (boşluksuz)"),
        ("sale_price", "sayı değil: 'lots'"),
    }


def test_a_refused_product_names_its_fields_problems_in_turkish(manager):
    body = {"sku": "CEZ-1", "name": "Cezve", "barcode": "12345"}
    problem = assert_problem(manager.post("/catalog/products", body, headers=TURKISH), 422, "invalid-product")
    assert problem["title"] == "Geçersiz ürün"
    assert problem["detail"].startswith("Geçersiz ürün CEZ-1: ")
    assert "12345 geçerli bir GTIN/EAN değil" in problem["detail"]
