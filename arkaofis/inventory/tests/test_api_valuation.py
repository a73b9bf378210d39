from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.core.tests.api_support import as_role, assert_problem
from arkaofis.inventory.models import Warehouse
from arkaofis.inventory.tests.factories import LocationFactory, WarehouseFactory, receive
from arkaofis.inventory.valuation_selectors import product_valuation, warehouse_valuation

pytestmark = pytest.mark.django_db
CENTS = Decimal("0.01")


@pytest.fixture
def accountant():
    return as_role("accountant")


@pytest.fixture
def stock():
    """Two warehouses; a FIFO tea in one (received a week ago and today), an average mug in the other."""
    ist, ank = WarehouseFactory(code="IST"), WarehouseFactory(code="ANK")
    tea, mug = ProductFactory(sku="TEA", name="Tea"), ProductFactory(sku="MUG", name="Mug", cost_method="average")
    ist_shelf, ank_shelf = LocationFactory(warehouse=ist), LocationFactory(warehouse=ank)
    week_ago = timezone.now() - timedelta(days=7)
    receive(tea, ist_shelf, 10, unit_cost=Decimal("3"), at=week_ago)
    receive(tea, ist_shelf, 3, unit_cost=Decimal("4.5"))
    receive(mug, ank_shelf, 2, unit_cost=Decimal("1000"))
    return week_ago


@pytest.mark.parametrize("role", ["warehouse", "viewer"])
def test_roles_without_the_valuation_permission_are_refused(role, stock):
    client = as_role(role)
    assert_problem(client.get("/inventory/valuation"), 403, "forbidden")
    assert_problem(client.get("/inventory/valuation/products"), 403, "forbidden")


def test_valuation_needs_credentials():
    assert_problem(as_role(None).client.get("/api/inventory/valuation"), 403)
    assert_problem(Client().get("/api/inventory/valuation"), 401, "unauthenticated")


def test_an_accountant_gets_the_value_per_warehouse_and_in_total(accountant, stock):
    body = accountant.get("/inventory/valuation").json()
    assert {(w["warehouse"], w["currency"], w["value"]) for w in body["warehouses"]} == {
        ("IST", "TRY", "43.50"),
        ("ANK", "TRY", "2000.00"),
    }
    assert body["totals"] == [{"currency": "TRY", "value": "2043.50"}]
    assert body["warehouse"] is None


def test_valuation_at_a_past_moment_and_for_one_warehouse(accountant, stock):
    at = (stock + timedelta(hours=1)).isoformat()
    body = accountant.get("/inventory/valuation", at=at, warehouse="IST").json()
    assert [(w["warehouse"], w["value"]) for w in body["warehouses"]] == [("IST", "30.00")]
    assert body["totals"] == [{"currency": "TRY", "value": "30.00"}]
    assert body["warehouse"] == "IST"


def test_a_moment_without_an_offset_is_read_in_the_site_time_zone(accountant, stock):
    naive = timezone.localtime(stock + timedelta(hours=1)).replace(tzinfo=None).isoformat()
    body = accountant.get("/inventory/valuation", at=naive).json()
    assert body["totals"] == [{"currency": "TRY", "value": "30.00"}]
    assert body["at"].startswith(naive[:19])


def test_a_date_alone_is_its_first_moment(accountant, stock):
    day = timezone.localdate(stock + timedelta(days=1))
    body = accountant.get("/inventory/valuation", at=day.isoformat()).json()
    assert body["totals"] == [{"currency": "TRY", "value": "30.00"}]


@pytest.mark.parametrize("bad", ["yesterday", "2026-13-01T00:00:00", "2026-11-01T25:00", "\x00"])
def test_a_bad_moment_is_a_422_problem(accountant, bad):
    body = assert_problem(accountant.get("/inventory/valuation", at=bad), 422, "validation-error")
    assert body["errors"][0]["loc"] == ["query", "at"]
    assert_problem(accountant.get("/inventory/valuation/products", at=bad), 422, "validation-error")


def test_an_unknown_warehouse_is_a_404_problem(accountant):
    assert_problem(accountant.get("/inventory/valuation", warehouse="NOPE"), 404, "unknown-warehouse")
    assert_problem(accountant.get("/inventory/valuation/products", warehouse="NOPE"), 404, "unknown-warehouse")


def test_products_are_paged_highest_value_first_with_their_average_unit_cost(accountant, stock):
    page = accountant.get("/inventory/valuation/products", limit=1).json()
    assert page["count"] == 2
    assert page["items"] == [
        {
            "sku": "MUG",
            "name": "Mug",
            "cost_method": "average",
            "currency": "TRY",
            "quantity": 2,
            "value": "2000.00",
            "unit_cost": "1000.0000",
        }
    ]
    tea = accountant.get("/inventory/valuation/products", limit=1, offset=1).json()["items"][0]
    assert (tea["sku"], tea["quantity"], tea["value"], tea["unit_cost"]) == ("TEA", 13, "43.50", "3.3462")


def test_api_numbers_match_the_selectors(accountant, stock):
    at, ist = timezone.now(), Warehouse.objects.get(code="IST")
    body = accountant.get("/inventory/valuation").json()
    assert {w["warehouse"]: Decimal(w["value"]) for w in body["warehouses"]} == {
        row.code: row.value.quantize(CENTS) for row in warehouse_valuation(at)
    }
    items = accountant.get("/inventory/valuation/products", warehouse="IST").json()["items"]
    expected = [(r["sku"], r["quantity"], Decimal(r["value"]).quantize(CENTS)) for r in product_valuation(at, ist.pk)]
    assert [(i["sku"], i["quantity"], Decimal(i["value"])) for i in items] == expected
