import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from arkaofis.catalog.models import KitComponent, Product
from arkaofis.catalog.tests.factories import KitComponentFactory, ProductFactory, UnitFactory, make_ean13
from arkaofis.core.models import AuditLog, IdempotencyKey
from arkaofis.core.tests.api_support import as_role, assert_problem
from arkaofis.inventory.tests.factories import LocationFactory, receive

pytestmark = pytest.mark.django_db


def rows():
    return (
        Product.objects.count(),
        KitComponent.objects.count(),
        AuditLog.objects.count(),
        IdempotencyKey.objects.count(),
    )


def test_products_are_searched_filtered_and_paged():
    viewer = as_role("viewer")
    ProductFactory(sku="TEA-GREEN", name="Green tea", category="tea")
    ProductFactory(sku="TEA-BLACK", name="Black tea", category="tea", active=False)
    ProductFactory(sku="CUP-1", name="Cup", category="cups")
    KitComponentFactory(kit__sku="GIFT-SET", kit__category="tea")

    def skus(**params):
        return [p["sku"] for p in viewer.get("/catalog/products", **params).json()["items"]]

    assert skus(q="tea") == ["TEA-BLACK", "TEA-GREEN"]
    assert skus(category="tea", active="true", is_kit="false") == ["TEA-GREEN"]
    assert skus(is_kit="true") == ["GIFT-SET"]
    page = viewer.get("/catalog/products", limit=2, offset=1).json()
    assert (page["count"], len(page["items"])) == (Product.objects.count(), 2)


def test_a_product_is_read_by_sku_with_components_and_availability():
    viewer = as_role("viewer")
    bolt = ProductFactory(sku="BOLT/M6")
    kit = KitComponentFactory(component=bolt, quantity=4, kit__sku="KIT/BOLTS").kit
    shelf = LocationFactory()
    receive(bolt, shelf, 9)
    body = viewer.get(f"/catalog/products/{kit.sku}").json()
    assert body["is_kit"] is True
    assert body["components"] == [{"sku": "BOLT/M6", "name": bolt.name, "quantity": 4}]
    assert body["availability"]["total"] == 2
    assert {"warehouse": shelf.warehouse.code, "available": 2} in body["availability"]["warehouses"]


def test_an_unknown_sku_is_a_404_problem():
    assert_problem(as_role("viewer").get("/catalog/products/NOPE"), 404, "unknown-sku")


def test_creating_a_product_returns_it_and_audits_the_api():
    manager = as_role("manager")
    UnitFactory()
    component = ProductFactory()
    response = manager.post(
        "/catalog/products",
        {"sku": "NEW-1", "name": "New", "barcode": make_ean13(777), "sale_price": "12.50",
         "components": [{"sku": component.sku, "quantity": 2}]},
    )  # fmt: skip
    assert response.status_code == 201, response.content
    assert response.json()["components"][0]["quantity"] == 2
    product = Product.objects.get(sku="NEW-1")
    assert product.is_kit and str(product.sale_price) == "12.5000"
    assert AuditLog.objects.get(action="product.created").source == "api"


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"sku": "N-1", "name": "x", "barcode": "8690000000001"}, 422, "invalid-product"),  # bad check digit
        ({"sku": "TAKEN", "name": "x"}, 409, None),
        ({"sku": "N-1", "name": "x", "components": [{"sku": "GHOST", "quantity": 1}]}, 422, None),
        ({"sku": "N-1", "name": "x", "components": [{"sku": "TAKEN", "quantity": 0}]}, 422, "validation-error"),
        ({"sku": "bad sku", "name": "x"}, 422, "validation-error"),
        ({"sku": "N-1", "name": "x", "currency": "tl"}, 422, "validation-error"),
        ({"sku": "N-1", "name": "x", "sale_price": "-1"}, 422, "validation-error"),
        ({"name": "no sku"}, 422, "validation-error"),
    ],
)
def test_a_bad_product_is_refused_and_nothing_is_written(body, status, code):
    manager = as_role("manager")
    ProductFactory(sku="TAKEN")
    before = rows()
    assert_problem(manager.post("/catalog/products", body, key="same-key"), status, code)
    assert rows() == before


def test_a_viewer_may_not_create_products():
    assert_problem(as_role("viewer").post("/catalog/products", {"sku": "N-1", "name": "x"}), 403, "forbidden")
    assert not Product.objects.filter(sku="N-1").exists()


def _csv(*lines: list[str]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(lines)
    return out.getvalue().encode()


def _upload(client, content: bytes, name: str = "products.csv", key: str | None = None, **extra):
    headers = {"Idempotency-Key": key} if key else {}
    return client.client.post(
        "/api/catalog/products/import", {"file": SimpleUploadedFile(name, content), **extra}, headers=headers
    )


def test_import_writes_a_good_file_and_export_reads_it_back():
    manager = as_role("manager")
    UnitFactory()
    response = _upload(manager, _csv(["sku", "name", "uom"], ["IMP-1", "Imported", "pcs"]))
    assert response.status_code == 200, response.content
    assert (response.json()["ok"], response.json()["created"]) == (True, 1)
    exported = manager.client.get("/api/catalog/products/export", {"format": "csv"})
    assert exported["Content-Type"].startswith("text/csv")
    assert "IMP-1" in exported.content.decode()
    assert manager.client.get("/api/catalog/products/export", {"format": "xlsx"}).content[:2] == b"PK"


def test_a_rejected_import_is_a_problem_listing_each_bad_cell_and_writes_nothing():
    manager = as_role("manager")
    before = rows()
    response = _upload(manager, _csv(["sku", "name", "barcode"], ["OK-1", "Fine", ""], ["OK-2", "Bad", "123"]))
    problem = assert_problem(response, 422, "import-rejected")
    assert any(e["line"] == 3 and e["column"] == "barcode" for e in problem["errors"])
    assert rows() == before


def test_import_and_export_need_the_import_permission():
    clerk = as_role("warehouse")
    assert_problem(_upload(clerk, _csv(["sku", "name"], ["X-1", "x"])), 403)
    assert_problem(clerk.client.get("/api/catalog/products/export"), 403)


def test_a_repeated_upload_with_the_same_key_is_replayed_and_another_file_refused():
    manager = as_role("manager")
    UnitFactory()
    first = _upload(manager, _csv(["sku", "name", "uom"], ["IMP-1", "Imported", "pcs"]), key="file-1")
    again = _upload(manager, _csv(["sku", "name", "uom"], ["IMP-1", "Imported", "pcs"]), key="file-1")
    assert (again.content, again["Idempotent-Replayed"]) == (first.content, "true")
    other = _upload(manager, _csv(["sku", "name", "uom"], ["IMP-2", "Other", "pcs"]), key="file-1")
    assert_problem(other, 422, "idempotency-key-reused")
    assert list(Product.objects.filter(sku__startswith="IMP-").values_list("sku", flat=True)) == ["IMP-1"]


def test_a_dry_run_checks_the_file_and_writes_nothing():
    manager = as_role("manager")
    UnitFactory()
    response = _upload(manager, _csv(["sku", "name", "uom"], ["IMP-1", "Imported", "pcs"]), dry_run="true")
    assert (response.json()["dry_run"], response.json()["created"]) == (True, 1)
    assert not Product.objects.filter(sku="IMP-1").exists()
