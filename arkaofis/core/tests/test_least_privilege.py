"""Least privilege, role by role and route by route: product costs and stock value only for those
who may see costs (manager, accountant, admin); a ship-to address for the roles that ship or
invoice (not a viewer); customers' e-mail and billing addresses only for manager, accountant and
admin. The API, the screens, the exports and the admin alike."""

import json
from decimal import Decimal

import pytest
from django.test import Client

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.core.tests.users import user_with_role
from arkaofis.fulfilment.tests.factories import released_order
from arkaofis.inventory.models import StockMove
from arkaofis.inventory.tests.factories import LocationFactory, receive
from arkaofis.orders.services.intake import AddressIn

pytestmark = pytest.mark.django_db

ROLES = ("admin", "manager", "accountant", "warehouse", "viewer")
SEES_COSTS = {"admin", "manager", "accountant"}
SEES_SHIP_TO = {"admin", "manager", "accountant", "warehouse"}
SEES_CONTACT = {"admin", "manager", "accountant"}

STANDARD_COST, UNIT_COST = Decimal("13.5791"), Decimal("24.6813")
EMAIL, SHIP_TO_EMAIL = "ayse.buyer@example.org", "door@example.org"
SHIP_TO_LINE, BILLING_LINE = "Bağdat Caddesi 77", "Fatura Sokak 9"


@pytest.fixture
def shop():
    shelf = LocationFactory()
    tea = ProductFactory(sku="TEA-9", name="Green tea", standard_cost=STANDARD_COST, cost_method="average")
    receive(tea, shelf, 10, unit_cost=UNIT_COST)
    order = released_order(
        ("TEA-9", 2),
        customer_email=EMAIL,
        shipping=AddressIn(name="Ayşe Yılmaz", line1=SHIP_TO_LINE, city="İstanbul", country="TR", email=SHIP_TO_EMAIL),
        billing=AddressIn(name="Ayşe Yılmaz", line1=BILLING_LINE, city="Ankara", country="TR"),
    )
    return tea, order


def client_for(role: str, *, staff: bool = False) -> Client:
    user = user_with_role(role)
    if staff:  # the admin site is for staff; what each sees there still follows the role
        user.is_staff = True
        user.save()
    client = Client()
    client.force_login(user)
    return client


def shows_costs(text: str) -> bool:
    return any(marker in text for marker in ("13.5791", "13.58", "24.6813", "24.68", "246.8", "49.36"))


# --- costs ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_api_product_detail_shows_costs_only_to_roles_that_may_see_them(shop, role):
    product = client_for(role).get("/api/catalog/products/TEA-9").json()
    if role in SEES_COSTS:
        assert Decimal(product["standard_cost"]) == STANDARD_COST and product["cost_method"] == "average"
    else:
        assert product["standard_cost"] is None and product["cost_method"] is None
        assert not shows_costs(json.dumps(product))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "path", ["/api/inventory/valuation", "/api/inventory/valuation/products", "/inventory/valuation/"]
)
def test_valuation_pages_and_api_are_refused_to_roles_without_costs(shop, role, path):
    response = client_for(role).get(path)
    assert response.status_code == (200 if role in SEES_COSTS else 403)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", ["/api/catalog/products/export?format=csv", "/catalog/products/export.csv"])
def test_the_product_export_with_its_costs_is_only_for_those_who_may_see_costs(shop, role, path):
    response = client_for(role).get(path)
    if response.status_code == 200:
        assert role in SEES_COSTS
        assert "13.58" in response.content.decode() or "13.5791" in response.content.decode()
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "path",
    ["/api/inventory/moves?sku=TEA-9", "/api/catalog/products?q=TEA", "/inventory/moves/", "/inventory/stock/", "/"],
)
def test_move_lists_stock_lists_and_the_dashboard_carry_no_cost_for_roles_without_costs(shop, role, path):
    response = client_for(role).get(path)
    assert response.status_code == 200
    if role not in SEES_COSTS:
        assert not shows_costs(response.content.decode())


@pytest.mark.parametrize("role", ROLES)
def test_the_product_screen_shows_costs_only_to_roles_that_may_see_them(shop, role):
    tea, _ = shop
    page = client_for(role).get(f"/catalog/products/{tea.pk}/").content.decode()
    assert ("Standard cost" in page) is (role in SEES_COSTS)
    if role not in SEES_COSTS:
        assert not shows_costs(page)


@pytest.mark.parametrize("role", ROLES)
def test_the_admin_shows_product_costs_and_move_values_only_to_roles_that_may_see_them(shop, role):
    tea, _ = shop
    client = client_for(role, staff=True)
    move = StockMove.objects.filter(product=tea).first()
    for path, column in (
        (f"/admin/catalog/product/{tea.pk}/change/", "standard_cost"),
        ("/admin/catalog/product/", "column-cost_method"),
        (f"/admin/inventory/stockmove/{move.pk}/change/", "field-unit_cost"),
        ("/admin/inventory/stockmove/", None),
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        page = response.content.decode()
        if column:
            assert (column in page) is (role in SEES_COSTS), path
        if role not in SEES_COSTS:
            assert not shows_costs(page), path


# --- customers' personal data --------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_api_order_shows_ship_to_and_contact_details_by_role(shop, role):
    _, order = shop
    body = client_for(role).get(f"/api/orders/{order.number}").json()
    assert (body["shipping"] is not None) is (role in SEES_SHIP_TO)
    if role in SEES_SHIP_TO:
        assert body["shipping"]["line1"] == SHIP_TO_LINE
        assert body["shipping"]["email"] == (SHIP_TO_EMAIL if role in SEES_CONTACT else None)
    assert body["customer_email"] == (EMAIL if role in SEES_CONTACT else None)
    assert (body["billing"] is not None) is (role in SEES_CONTACT)
    text = json.dumps(body)
    assert (EMAIL in text) is (role in SEES_CONTACT) and (BILLING_LINE in text) is (role in SEES_CONTACT)


@pytest.mark.parametrize("role", ROLES)
def test_the_api_order_list_shows_and_searches_e_mails_only_for_roles_that_may_see_them(shop, role):
    client = client_for(role)
    [row] = client.get("/api/orders").json()["items"]
    assert row["customer_email"] == (EMAIL if role in SEES_CONTACT else None)
    found = client.get("/api/orders", {"q": "ayse.buyer"}).json()["items"]
    assert len(found) == (1 if role in SEES_CONTACT else 0)


@pytest.mark.parametrize("role", ROLES)
def test_the_order_screens_show_ship_to_and_contact_details_by_role(shop, role):
    _, order = shop
    client = client_for(role)
    page = client.get(f"/orders/{order.number}/").content.decode()
    assert (SHIP_TO_LINE in page) is (role in SEES_SHIP_TO)
    assert (BILLING_LINE in page) is (role in SEES_CONTACT)
    assert (EMAIL in page) is (role in SEES_CONTACT) and (SHIP_TO_EMAIL in page) is (role in SEES_CONTACT)
    for path in ("/orders/", "/fulfilment/shipments/"):
        listing = client.get(path).content.decode()
        assert ("Ayşe Yılmaz" in listing) is (role in SEES_SHIP_TO), path
        assert EMAIL not in listing or role in SEES_CONTACT, path
    assert (order.number in client.get("/orders/", {"q": "Yılmaz"}).content.decode()) is (role in SEES_SHIP_TO)


@pytest.mark.parametrize("role", ROLES)
def test_the_admin_shows_order_contact_details_by_role(shop, role):
    _, order = shop
    client = client_for(role, staff=True)
    page = client.get(f"/admin/orders/salesorder/{order.pk}/change/").content.decode()
    assert (EMAIL in page) is (role in SEES_CONTACT)
    assert (BILLING_LINE in page) is (role in SEES_CONTACT)
    assert (SHIP_TO_LINE in page) is (role in SEES_SHIP_TO)
    listing = client.get("/admin/orders/salesorder/", {"q": "ayse.buyer"}).content.decode()
    assert (order.number in listing) is (role in SEES_CONTACT)
