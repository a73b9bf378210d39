"""The new order form: the API's intake (and permission) behind a screen, refusals on the form."""

import pytest
from django.urls import reverse
from django.utils import translation

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.core.models import AuditLog
from arkaofis.core.tests.users import user_with_role
from arkaofis.inventory.tests.factories import LocationFactory, receive
from arkaofis.orders.models import SalesOrder

pytestmark = pytest.mark.django_db
URL = reverse("orders:new")


@pytest.fixture
def manager(client):
    client.force_login(user_with_role("manager"))
    return client


def posted(**fields):
    return {
        "token": "t1", "rows": "3", "currency": "try", "customer_email": "ali@example.com", "reserve": "on",
        "ship_name": "Ali Veli", "ship_line1": "Atatürk Cd. 5", "ship_city": "Ankara", "ship_country": "tr",
        **fields,
    }  # fmt: skip


def test_a_manager_creates_a_reserved_order_from_the_screen(manager):
    tea, mug = ProductFactory(sku="TEA-1"), ProductFactory(sku="MUG-1")
    receive(tea, LocationFactory(), 10)
    receive(mug, LocationFactory(), 10)
    response = manager.post(
        URL, posted(sku_1="tea-1", qty_1="2", price_1="12.50", sku_3="MUG-1", qty_3="1", price_3="30")
    )
    order = SalesOrder.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("orders:detail", args=[order.number])
    assert (order.channel, order.currency, order.status, order.customer_email) == (
        "manual", "TRY", "reserved", "ali@example.com"
    )  # fmt: skip
    assert [(ln.sku, ln.quantity, ln.reserved_quantity) for ln in order.lines.order_by("line_no")] == [
        ("TEA-1", 2, 2),
        ("MUG-1", 1, 1),
    ]
    assert (order.shipping.city, order.shipping.country) == ("Ankara", "TR")
    assert AuditLog.objects.filter(action="order.created", source="ui").exists()


def test_a_second_click_returns_the_first_order_instead_of_a_twin(manager):
    ProductFactory(sku="TEA-1")
    first = manager.post(URL, posted(sku_1="TEA-1", qty_1="1", price_1="5", reserve=""))
    again = manager.post(URL, posted(sku_1="TEA-1", qty_1="1", price_1="5", reserve=""))
    assert SalesOrder.objects.count() == 1
    assert first["Location"] == again["Location"]
    assert SalesOrder.objects.get().status == "confirmed"  # not reserved when unticked


def test_an_unknown_sku_or_a_missing_price_is_refused_on_its_line_and_nothing_is_written(manager):
    ProductFactory(sku="TEA-1")
    response = manager.post(URL, posted(sku_1="NOPE", qty_1="1", price_1="5", sku_2="TEA-1", qty_2="1"))
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert errors["sku_1"] == ["There is no product with SKU NOPE."]
    assert errors["price_2"] == ["Give a unit price."]
    assert not SalesOrder.objects.exists()


def test_the_intake_service_judges_what_the_form_does_not(manager):
    ProductFactory(sku="TEA-1")
    response = manager.post(URL, posted(sku_1="TEA-1", qty_1="1", price_1="5", ship_country="T1"))
    assert response.status_code == 422
    assert list(response.context["form"].errors) == ["ship_country"]  # the intake's country rule, beside the field
    assert not SalesOrder.objects.exists()


def test_an_order_needs_a_line(manager):
    response = manager.post(URL, posted())
    assert response.status_code == 422
    assert response.context["form"].non_field_errors() == ["Add at least one line: a SKU, a quantity and a unit price."]


def test_add_a_line_keeps_what_was_typed_and_writes_nothing(manager):
    response = manager.post(URL, posted(sku_1="TEA-1", qty_1="4", more="1", reserve=""))
    form = response.context["form"]
    assert response.status_code == 200 and form.row_count == 4 and not form.is_bound
    html = response.content.decode()
    assert 'value="TEA-1"' in html and 'name="sku_4"' in html and 'value="t1"' in html
    assert 'name="reserve" id="id_reserve" checked' not in html
    assert not SalesOrder.objects.exists()


def test_only_those_who_may_create_orders_see_or_post_the_form(client, manager):
    assert URL in manager.get(reverse("orders:queue")).content.decode()
    ProductFactory(sku="TEA-1")
    for role in ("viewer", "warehouse"):
        client.force_login(user_with_role(role))
        assert URL not in client.get(reverse("orders:queue")).content.decode()
        assert client.post(URL, posted(sku_1="TEA-1", qty_1="1", price_1="5")).status_code == 403
    assert not SalesOrder.objects.exists()


def test_the_form_reads_in_turkish(manager):
    with translation.override("tr"):
        html = manager.get(URL, HTTP_ACCEPT_LANGUAGE="tr").content.decode()
    assert "Yeni sipariş" in html and "Siparişi oluştur" in html and "Stoku şimdi rezerve et" in html
