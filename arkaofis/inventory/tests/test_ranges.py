"""Balances and values stay within the columns that store them: beyond, a 422 problem and nothing written.

The adjustment location holds minus every unit ever found, so it is the balance that grows; on
PostgreSQL its integer column overflowed (a 500) after three adjustments of 10^9."""

from decimal import Decimal

import pytest
from django.urls import reverse

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.core.models import AuditLog
from arkaofis.core.tests.api_support import as_role, assert_problem
from arkaofis.core.tests.users import user_with_role
from arkaofis.inventory.exceptions import InvalidQuantity
from arkaofis.inventory.models import BALANCE_LIMIT, MAX_QUANTITY, CostLayer, Quant, StockMove
from arkaofis.inventory.services.ledger import require_positive_quantity
from arkaofis.inventory.tests.factories import LocationFactory, receive

pytestmark = pytest.mark.django_db
BILLION = 10**9


def adjust(clerk, sku, location, delta):
    reason = "found" if delta > 0 else "lost"
    return clerk.post(
        "/inventory/adjustments", {"sku": sku, "location": location, "delta": delta, "reason_code": reason}
    )


def snapshot():
    return sorted(Quant.objects.values_list("location__code", "on_hand")), StockMove.objects.count()


def test_a_bin_past_the_balance_range_is_refused_and_nothing_is_written():
    clerk, product, shelf = as_role("warehouse"), ProductFactory(), LocationFactory()
    receive(product, shelf, BILLION)
    assert adjust(clerk, product.sku, shelf.code, BILLION).status_code == 201
    before = snapshot()
    problem = assert_problem(adjust(clerk, product.sku, shelf.code, BILLION), 422, "quantity-out-of-range")
    assert (problem["location"], problem["limit"]) == (shelf.code, BALANCE_LIMIT)
    assert snapshot() == before
    assert AuditLog.objects.filter(action="stock.adjusted").count() == 1


def test_the_adjustment_location_past_the_balance_range_is_refused_and_nothing_is_written():
    clerk, product = as_role("warehouse"), ProductFactory()
    first, second, third = LocationFactory(), LocationFactory(), LocationFactory()
    assert adjust(clerk, product.sku, first.code, BILLION).status_code == 201
    assert adjust(clerk, product.sku, second.code, BILLION).status_code == 201
    before = snapshot()
    problem = assert_problem(adjust(clerk, product.sku, third.code, BILLION), 422, "quantity-out-of-range")
    assert problem["location"] == "virtual/adjustment"
    assert snapshot() == before
    assert adjust(clerk, product.sku, third.code, BILLION // 10).status_code == 201  # within the range: fine


def test_quantity_times_cost_past_the_value_column_is_refused_and_nothing_is_written():
    clerk, shelf = as_role("warehouse"), LocationFactory()
    dear = ProductFactory(standard_cost=Decimal("9999999999.9999"))
    problem = assert_problem(adjust(clerk, dear.sku, shelf.code, BILLION), 422, "value-out-of-range")
    assert problem["sku"] == dear.sku
    assert not StockMove.objects.exists() and not CostLayer.objects.exists() and not Quant.objects.exists()
    assert not AuditLog.objects.filter(action="stock.adjusted").exists()
    assert adjust(clerk, dear.sku, shelf.code, 1000).status_code == 201


def test_an_average_cost_layer_that_counted_every_unit_it_can_hands_over_to_a_new_one():
    clerk, product = as_role("warehouse"), ProductFactory(cost_method="average", standard_cost=Decimal("2"))
    first, second, third = LocationFactory(), LocationFactory(), LocationFactory()
    adjust(clerk, product.sku, first.code, BILLION)
    adjust(clerk, product.sku, second.code, BILLION)
    adjust(clerk, product.sku, first.code, -BILLION)
    assert adjust(clerk, product.sku, third.code, BILLION).status_code == 201
    layers = list(CostLayer.objects.filter(product=product, remaining__gt=0))
    assert [(layer.remaining, layer.unit_cost) for layer in layers] == [(2 * BILLION, Decimal("2"))]
    assert all(layer.quantity <= BALANCE_LIMIT for layer in CostLayer.objects.all())


@pytest.mark.parametrize(("form", "data"), [
    ("inventory:adjust", {"delta": 10**20, "reason_code": "found"}),
    ("inventory:adjust", {"delta": BILLION + 1, "reason_code": "found"}),
    ("inventory:transfer", {"quantity": 10**20}),
])  # fmt: skip
def test_the_stock_forms_refuse_a_quantity_past_one_move_and_write_nothing(client, form, data):
    client.force_login(user_with_role("warehouse"))
    product, shelf, other = ProductFactory(), LocationFactory(), LocationFactory()
    fields = {"sku": product.sku, "location": shelf.code, "from_location": shelf.code, "to_location": other.code}
    response = client.post(reverse(form), {**fields, **data})
    assert response.status_code in (200, 422)  # the form again, with its error
    assert not StockMove.objects.exists()


def test_the_ledger_refuses_a_move_past_the_largest_quantity():
    with pytest.raises(InvalidQuantity):
        require_positive_quantity(MAX_QUANTITY + 1)
    assert require_positive_quantity(MAX_QUANTITY) == MAX_QUANTITY
