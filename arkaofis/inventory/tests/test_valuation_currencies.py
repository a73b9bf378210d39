"""Valuation totals are shown in each currency's minor unit; unit costs keep their four decimals."""

from decimal import Decimal

import pytest
from django.urls import reverse

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.core.tests.api_support import as_role
from arkaofis.core.tests.users import user_with_role
from arkaofis.inventory.tests.factories import LocationFactory, WarehouseFactory, receive

pytestmark = pytest.mark.django_db


@pytest.fixture
def priced_in_three_currencies():
    shelf = LocationFactory(warehouse=WarehouseFactory(code="IST"))
    for sku, currency, cost in (("YEN", "JPY", "333.3333"), ("DINAR", "KWD", "1.23456"), ("LIRA", "TRY", "3.3333")):
        receive(ProductFactory(sku=sku, currency=currency), shelf, 2, unit_cost=Decimal(cost))


def test_the_api_values_yen_in_whole_yen_and_dinars_to_the_fils(priced_in_three_currencies):
    answer = as_role("accountant").get("/inventory/valuation").json()
    assert {t["currency"]: Decimal(t["value"]) for t in answer["totals"]} == {
        "JPY": Decimal("667"), "KWD": Decimal("2.469"), "TRY": Decimal("6.67"),
    }  # fmt: skip
    products = {row["sku"]: row for row in as_role("accountant").get("/inventory/valuation/products").json()["items"]}
    assert (Decimal(products["YEN"]["value"]), products["YEN"]["value"]) == (Decimal("667"), "667")
    assert Decimal(products["YEN"]["unit_cost"]) == Decimal("333.3333")  # internal: four decimals on purpose


def test_the_valuation_screen_shows_each_total_with_its_currencys_decimals(client, priced_in_three_currencies):
    client.force_login(user_with_role("accountant"))
    html = client.get(reverse("inventory:valuation")).content.decode()
    assert 'data-kpi="value-JPY">667 <' in html
    assert 'data-kpi="value-KWD">2.469 <' in html
    assert 'data-kpi="value-TRY">6.67 <' in html
