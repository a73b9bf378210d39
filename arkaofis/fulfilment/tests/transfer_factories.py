"""Two warehouses with bins and stock, for transfers and kitting, built through the real services."""

from decimal import Decimal

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.inventory.tests.factories import LocationFactory, WarehouseFactory, receive


def warehouse_with_bins(*codes: str):
    warehouse = WarehouseFactory()
    return warehouse, [LocationFactory(warehouse=warehouse, code=f"{warehouse.code}/{code}") for code in codes]


def stocked_at(location, quantity, *, unit_cost="10", **product_fields):
    product = ProductFactory(**product_fields)
    receive(product, location, quantity, unit_cost=Decimal(unit_cost))
    return product
