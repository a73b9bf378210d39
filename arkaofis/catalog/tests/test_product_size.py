"""A product's weight (g) and volume (ml) per base unit: optional, through the import and export
columns, the API and the new product form, judged by one rule."""

import pytest
from django.urls import reverse

from arkaofis.catalog.models import Product
from arkaofis.catalog.services.exporting import export_products
from arkaofis.catalog.tests.factories import ProductFactory, UnitFactory
from arkaofis.catalog.tests.import_support import run_import
from arkaofis.core.tests.api_support import as_role, assert_problem
from arkaofis.core.tests.users import user_with_role

pytestmark = pytest.mark.django_db


def test_the_import_reads_weight_and_volume_and_an_empty_cell_means_unknown():
    content = b"sku,name,weight_g,volume_ml\nPAN-1,Pan,1200,5000\nMUG-1,Mug,,\n"
    report = run_import(content)
    assert report.ok, report.errors
    assert Product.objects.filter(sku="PAN-1").values_list("weight_g", "volume_ml").get() == (1200, 5000)
    assert Product.objects.filter(sku="MUG-1").values_list("weight_g", "volume_ml").get() == (None, None)


@pytest.mark.parametrize("cell", ["1,5", "-3", "²", "1000000001", "abc"])
def test_a_weight_that_is_not_a_whole_number_of_grams_is_a_row_error_and_nothing_is_written(cell):
    report = run_import(f'sku,name,weight_g\nPAN-1,Pan,"{cell}"\n'.encode())
    assert not report.ok
    assert [(e.line, e.column) for e in report.errors] == [(2, "weight_g")]
    assert not Product.objects.exists()


def test_export_carries_the_sizes_and_imports_back_unchanged():
    ProductFactory(sku="PAN-1", weight_g=1200, volume_ml=5000)
    ProductFactory(sku="MUG-1")
    text = export_products(fmt="csv").decode("utf-8-sig")
    lines = text.splitlines()
    pan = next(line for line in lines if line.startswith("PAN-1"))
    assert ",weight_g,volume_ml," in lines[0] and ",1200,5000," in pan
    report = run_import(text.encode())
    assert report.ok and report.unchanged == 2


def test_the_api_takes_and_shows_the_sizes_within_their_limits():
    UnitFactory(code="pcs", name="Pieces")
    manager = as_role("manager")
    created = manager.post("/catalog/products", {"sku": "PAN-1", "name": "Pan", "weight_g": 1200, "volume_ml": 5000})
    assert created.status_code == 201, created.content
    assert (created.json()["weight_g"], created.json()["volume_ml"]) == (1200, 5000)
    assert_problem(manager.post("/catalog/products", {"sku": "PAN-2", "name": "Pan", "weight_g": -1}), 422)
    assert_problem(manager.post("/catalog/products", {"sku": "PAN-3", "name": "Pan", "volume_ml": "12"}), 422)
    assert not Product.objects.filter(sku__in=["PAN-2", "PAN-3"]).exists()


def test_the_new_product_form_saves_the_sizes(client):
    UnitFactory(code="pcs", name="Pieces")
    client.force_login(user_with_role("manager"))
    typed = {"sku": "PAN-1", "name": "Pan", "uom": "pcs", "sale_price": "10", "standard_cost": "5", "currency": "TRY",
             "weight_g": "1200", "volume_ml": ""}  # fmt: skip
    assert client.post(reverse("catalog:product_new"), typed).status_code == 302
    assert Product.objects.filter(sku="PAN-1").values_list("weight_g", "volume_ml").get() == (1200, None)
    page = client.get(reverse("catalog:product_detail", args=[Product.objects.get(sku="PAN-1").pk])).content.decode()
    assert "1200 g" in page or "1,200 g" in page
