import pytest
from django.urls import reverse

from arkaofis.catalog.tests.factories import KitComponentFactory, ProductFactory
from arkaofis.core.tests.users import user_with_role
from arkaofis.inventory.models import ReorderRule
from arkaofis.inventory.services.adjustments import adjust_stock
from arkaofis.inventory.services.low_stock import evaluate_rule
from arkaofis.inventory.tests.factories import LocationFactory, receive

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewer(client):
    client.force_login(user_with_role("viewer"))
    return client


def listed(response):
    return [product.sku for product in response.context["page"]]


def test_product_list_needs_a_login(client):
    assert client.get(reverse("catalog:product_list")).status_code == 302


def test_product_list_searches_sku_name_and_barcode(viewer):
    ProductFactory(sku="MUG-RED", name="Red mug")
    ProductFactory(sku="TEA-1", name="Black tea", barcode="8690000000011")
    url = reverse("catalog:product_list")
    assert listed(viewer.get(url, {"q": "mug"})) == ["MUG-RED"]
    assert listed(viewer.get(url, {"q": "black"})) == ["TEA-1"]
    assert listed(viewer.get(url, {"q": "8690000000011"})) == ["TEA-1"]


def test_product_list_filters_by_category_kit_active_and_low_stock(viewer):
    ProductFactory(sku="A", category="Tea")
    ProductFactory(sku="B", category="Coffee", active=False)
    kit = KitComponentFactory(kit__sku="KIT").kit
    low, shelf = ProductFactory(sku="LOW"), LocationFactory()
    receive(low, shelf, 1)
    evaluate_rule(ReorderRule.objects.create(product=low, warehouse=shelf.warehouse, min_quantity=5))
    url = reverse("catalog:product_list")
    assert listed(viewer.get(url, {"category": "Tea"})) == ["A"]
    assert listed(viewer.get(url, {"kit": "yes"})) == [kit.sku]
    assert listed(viewer.get(url, {"active": "no"})) == ["B"]
    assert listed(viewer.get(url, {"low": "1"})) == ["LOW"]


def test_product_list_is_paginated(viewer):
    ProductFactory.create_batch(30)
    response = viewer.get(reverse("catalog:product_list"), {"page": 2})
    assert len(response.context["page"].object_list) == 5


def test_live_search_answers_with_the_results_only(viewer):
    ProductFactory(sku="MUG-RED")
    response = viewer.get(reverse("catalog:product_list"), {"q": "MUG"}, HTTP_HX_REQUEST="true")
    assert b"MUG-RED" in response.content
    assert b"<html" not in response.content


def test_product_page_shows_stock_availability_and_history(client):
    product, shelf = ProductFactory(sku="TEA-1"), LocationFactory(code="IST/A/01")
    receive(product, shelf, 10)
    user = user_with_role("warehouse")
    adjust_stock(product=product, location=shelf, delta=-2, reason_code="damaged", user=user, source="ui")
    ReorderRule.objects.create(product=product, warehouse=shelf.warehouse, min_quantity=3)
    client.force_login(user)
    response = client.get(reverse("catalog:product_detail", args=[product.pk]))
    assert response.status_code == 200
    assert [row["available"] for row in response.context["availability"]] == [8]
    assert [q.location.code for q in response.context["quants"]] == ["IST/A/01"]
    assert [m.reason_code for m in response.context["moves"]] == ["damaged", ""]
    content = response.content.decode()
    assert "Damaged" in content
    assert user.username in content


def test_kit_page_lists_components_and_what_they_can_make(viewer):
    line = KitComponentFactory(quantity=2)
    receive(line.component, LocationFactory(), 7)
    response = viewer.get(reverse("catalog:product_detail", args=[line.kit.pk]))
    assert [row["available"] for row in response.context["availability"]] == [3]
    assert line.component.sku.encode() in response.content


def test_unknown_product_is_a_404(viewer):
    assert viewer.get(reverse("catalog:product_detail", args=[999999])).status_code == 404
