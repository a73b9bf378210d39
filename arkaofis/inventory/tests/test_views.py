import pytest
from django.urls import reverse

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.core.models import AuditLog
from arkaofis.core.tests.users import user_with_role
from arkaofis.inventory.models import Quant, StockMove
from arkaofis.inventory.tests.factories import LocationFactory, receive

pytestmark = pytest.mark.django_db


def on_hand(product, location):
    return sum(Quant.objects.filter(product=product, location=location).values_list("on_hand", flat=True))


@pytest.fixture
def stocked():
    product, shelf = ProductFactory(sku="TEA-1"), LocationFactory(code="IST/A/01")
    receive(product, shelf, 10)
    return product, shelf


def adjust_data(**overrides):
    return {"sku": "TEA-1", "location": "IST/A/01", "delta": "-3", "reason_code": "damaged", "note": "", **overrides}


def test_adjust_form_needs_a_login(client):
    response = client.get(reverse("inventory:adjust"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_viewer_posting_the_adjust_form_is_refused_and_nothing_is_written(client, stocked):
    client.force_login(user_with_role("viewer"))
    before = StockMove.objects.count()
    response = client.post(reverse("inventory:adjust"), adjust_data())
    assert response.status_code == 403
    assert StockMove.objects.count() == before


def test_a_viewer_may_not_open_the_transfer_form(client):
    client.force_login(user_with_role("viewer"))
    assert client.get(reverse("inventory:transfer")).status_code == 403


def test_adjusting_through_the_form_writes_one_move_from_the_ui(client, stocked):
    product, shelf = stocked
    user = user_with_role("warehouse")
    client.force_login(user)
    response = client.post(reverse("inventory:adjust"), adjust_data(note="dropped"))
    assert response.status_code == 302
    assert response.url == reverse("catalog:product_detail", args=[product.pk]) + "#history"
    move = StockMove.objects.get(reason="adjustment")
    assert (move.quantity, move.reason_code, move.source, move.user) == (3, "damaged", "ui", user)
    assert move.source_document == "dropped"
    assert on_hand(product, shelf) == 7
    assert AuditLog.objects.filter(action="stock.adjusted", source="ui", user=user).exists()


def test_adjust_form_prefills_the_sku_from_the_product_page(client, stocked):
    client.force_login(user_with_role("warehouse"))
    response = client.get(reverse("inventory:adjust") + "?sku=TEA-1")
    assert b'value="TEA-1"' in response.content


def test_removing_more_than_on_hand_shows_the_error_and_writes_nothing(client, stocked):
    product, shelf = stocked
    client.force_login(user_with_role("warehouse"))
    before = StockMove.objects.count()
    response = client.post(reverse("inventory:adjust"), adjust_data(delta="-11"))
    assert response.status_code == 422
    assert "TEA-1: wanted 11, only 10 available" in response.content.decode()
    assert b"Nothing was changed" in response.content
    assert StockMove.objects.count() == before
    assert on_hand(product, shelf) == 10


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"sku": "NOPE"}, "sku", "There is no product with SKU NOPE."),
        ({"location": "NOWHERE"}, "location", "There is no location NOWHERE."),
        ({"delta": "0"}, "delta", "The change may not be zero."),
        ({"delta": "1.5"}, "delta", "Enter a whole number."),
        ({"delta": "4"}, "reason_code", "This reason removes stock: enter a negative change."),
        ({"reason_code": "stolen"}, "reason_code", "Select a valid choice."),
    ],
)
def test_bad_adjustments_are_explained_and_write_nothing(client, stocked, overrides, field, message):
    client.force_login(user_with_role("warehouse"))
    before = StockMove.objects.count()
    response = client.post(reverse("inventory:adjust"), adjust_data(**overrides))
    assert response.status_code == 422
    assert any(message in error for error in response.context["form"].errors[field])
    assert StockMove.objects.count() == before


def test_adjusting_at_a_virtual_location_is_refused(client, stocked):
    client.force_login(user_with_role("warehouse"))
    before = StockMove.objects.count()
    response = client.post(reverse("inventory:adjust"), adjust_data(location="virtual/customer"))
    assert response.status_code == 422
    assert response.context["form"].non_field_errors()
    assert StockMove.objects.count() == before


def test_transfer_through_the_form_moves_stock_between_bins(client, stocked):
    product, shelf = stocked
    other = LocationFactory(code="IST/B/01", warehouse=shelf.warehouse)
    client.force_login(user_with_role("warehouse"))
    data = {"sku": "tea-1", "from_location": "IST/A/01", "to_location": "IST/B/01", "quantity": "4"}
    response = client.post(reverse("inventory:transfer"), data)
    assert response.status_code == 302
    assert (on_hand(product, shelf), on_hand(product, other)) == (6, 4)
    assert StockMove.objects.get(reason="transfer").source == "ui"


def test_transfer_to_the_customer_location_is_refused_with_a_clear_error(client, stocked):
    client.force_login(user_with_role("warehouse"))
    before = StockMove.objects.count()
    data = {"sku": "TEA-1", "from_location": "IST/A/01", "to_location": "virtual/customer", "quantity": "1"}
    response = client.post(reverse("inventory:transfer"), data)
    assert response.status_code == 422
    assert "from a location of type “Internal” to one of type “Customer”" in response.content.decode()
    assert StockMove.objects.count() == before


def test_moves_list_filters_by_sku_location_and_reason(client, stocked):
    other = ProductFactory(sku="COFFEE-1")
    receive(other, LocationFactory(code="ANK/A/01"), 5)
    client.force_login(user_with_role("viewer"))
    response = client.get(reverse("inventory:moves"), {"sku": "TEA-1"})
    assert [m.product.sku for m in response.context["page"]] == ["TEA-1"]
    response = client.get(reverse("inventory:moves"), {"location": "ANK/"})
    assert [m.product.sku for m in response.context["page"]] == ["COFFEE-1"]
    response = client.get(reverse("inventory:moves"), {"reason": "adjustment"})
    assert list(response.context["page"]) == []


def test_stock_page_lists_quants_in_internal_locations(client, stocked):
    client.force_login(user_with_role("viewer"))
    response = client.get(reverse("inventory:stock"), {"q": "TEA"})
    assert [q.location.code for q in response.context["page"]] == ["IST/A/01"]


def test_stock_hint_shows_where_a_sku_is_stocked(client, stocked):
    client.force_login(user_with_role("warehouse"))
    response = client.get(reverse("inventory:stock_hint"), {"sku": "TEA-1"}, HTTP_HX_REQUEST="true")
    assert b"IST/A/01" in response.content


def test_low_stock_page_lists_open_alerts(client):
    client.force_login(user_with_role("viewer"))
    response = client.get(reverse("inventory:alerts"))
    assert response.status_code == 200
