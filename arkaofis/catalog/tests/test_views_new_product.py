"""The new product form: the product service's rules, shown beside the fields; the API's permission."""

import pytest
from django.urls import reverse
from django.utils import translation

from arkaofis.catalog.models import Product
from arkaofis.catalog.tests.factories import ProductFactory, UnitFactory, make_ean13
from arkaofis.core.models import AuditLog
from arkaofis.core.tests.users import user_with_role

pytestmark = pytest.mark.django_db
URL = reverse("catalog:product_new")


@pytest.fixture
def manager(client):
    UnitFactory(code="pcs", name="Pieces")
    UnitFactory(code="kg", name="Kilogram")
    client.force_login(user_with_role("manager"))
    return client


def typed(**changes):
    return {
        "sku": "TEA-500", "name": "Black tea 500 g", "barcode": "", "uom": "pcs", "category": "Tea",
        "sale_price": "120.50", "standard_cost": "60", "currency": "try", "description": "",
        **changes,
    }  # fmt: skip


def test_a_manager_creates_a_product_on_the_screen_and_it_is_audited_as_from_the_ui(manager):
    response = manager.post(URL, typed(uom="kg", barcode=make_ean13(42)))
    product = Product.objects.get(sku="TEA-500")
    assert response.status_code == 302 and response["Location"] == reverse("catalog:product_detail", args=[product.pk])
    assert (product.uom.code, product.currency, str(product.sale_price)) == ("kg", "TRY", "120.5000")
    assert AuditLog.objects.get(action="product.created").source == "ui"


def test_a_taken_sku_is_refused_beside_the_field_and_nothing_is_written(manager):
    ProductFactory(sku="TEA-500")
    response = manager.post(URL, typed(name="Another tea"))
    assert response.status_code == 422
    assert response.context["form"].errors["sku"] == ["The SKU TEA-500 is already in use."]
    assert Product.objects.filter(sku="TEA-500").count() == 1


def test_a_bad_barcode_is_refused_by_the_product_rules_beside_its_field(manager):
    response = manager.post(URL, typed(barcode="8690000000001"))  # wrong check digit
    assert response.status_code == 422
    assert "barcode" in response.context["form"].errors
    assert not Product.objects.filter(sku="TEA-500").exists()


def test_the_list_offers_the_form_only_to_those_who_may_create_products(client, manager):
    assert URL in manager.get(reverse("catalog:product_list")).content.decode()
    client.force_login(user_with_role("viewer"))
    assert URL not in client.get(reverse("catalog:product_list")).content.decode()
    assert client.get(URL).status_code == 403
    assert client.post(URL, typed()).status_code == 403
    assert not Product.objects.exists()


def test_the_form_reads_in_turkish(manager):
    with translation.override("tr"):
        html = manager.get(URL, HTTP_ACCEPT_LANGUAGE="tr").content.decode()
    assert "Yeni ürün" in html and "Ürünü oluştur" in html
