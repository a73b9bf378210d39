from decimal import Decimal

import pytest

from arkaofis.catalog.exceptions import InvalidProduct
from arkaofis.catalog.models import KitComponent
from arkaofis.catalog.services.products import NewProduct, create_product, update_product
from arkaofis.catalog.tests.factories import ProductFactory, make_ean13
from arkaofis.core.exceptions import Conflict
from arkaofis.core.models import AuditLog
from arkaofis.inventory.tests.factories import LocationFactory, receive

pytestmark = pytest.mark.django_db


def test_create_product_applies_defaults_and_audits():
    product = create_product(
        new=NewProduct(sku="MUG-1", name="Mug", sale_price=Decimal("79.90")), user=None, source="ui"
    )
    assert (product.uom.code, product.currency, product.tracking, product.is_kit) == ("pcs", "TRY", "none", False)
    assert product.sale_price == Decimal("79.90")
    assert AuditLog.objects.filter(action="product.created", object_id=str(product.pk)).exists()


def test_create_kit_from_components():
    part = ProductFactory()
    kit = create_product(new=NewProduct(sku="KIT-1", name="Kit", components={part.sku: 3}), user=None, source="api")
    assert kit.is_kit
    assert list(KitComponent.objects.filter(kit=kit).values_list("component__sku", "quantity")) == [(part.sku, 3)]


def test_taken_sku_or_barcode_is_a_conflict():
    existing = ProductFactory(barcode=make_ean13(77))
    with pytest.raises(Conflict):
        create_product(new=NewProduct(sku=existing.sku, name="Again"), user=None, source="api")
    with pytest.raises(Conflict):
        create_product(new=NewProduct(sku="NEW-1", name="Again", barcode=existing.barcode), user=None, source="api")


def test_every_bad_cell_is_reported_together():
    with pytest.raises(InvalidProduct) as error:
        create_product(
            new=NewProduct(sku="NEW-1", name="Bad", barcode="123", currency="TRL", uom="kgs", components={"NOPE": 1}),
            user=None,
            source="api",
        )
    assert {problem["field"] for problem in error.value.data["errors"]} == {"barcode", "currency"}


def test_unknown_unit_and_component_are_reported_once_the_cells_are_valid():
    with pytest.raises(InvalidProduct) as error:
        create_product(
            new=NewProduct(sku="NEW-1", name="Bad", uom="kgs", components={"NOPE": 1}), user=None, source="ui"
        )
    assert {problem["field"] for problem in error.value.data["errors"]} == {"uom", "components"}


def test_update_changes_only_the_given_fields():
    product = ProductFactory(category="Kitchen")
    updated = update_product(
        product=product, changes={"name": "Renamed", "sale_price": Decimal("12.5")}, user=None, source="ui"
    )
    assert (updated.name, updated.category, updated.sale_price) == ("Renamed", "Kitchen", Decimal("12.5"))
    audit = AuditLog.objects.get(action="product.updated")
    assert audit.data["fields"] == ["name", "sale_price"]


def test_tracking_of_a_product_with_stock_cannot_change():
    product = ProductFactory()
    receive(product, LocationFactory(), 3)
    with pytest.raises(InvalidProduct, match="already moved"):
        update_product(product=product, changes={"tracking": "lot"}, user=None, source="ui")


@pytest.mark.parametrize("barcode", ["34\x00\U000dcff8®", "86900000000\x00"])
def test_a_barcode_that_is_no_gtin_is_refused_with_the_fields_not_looked_up(barcode):
    """PostgreSQL refuses a NUL in a query: the look-up for its owner must not run on such a value (it was a 500)."""
    with pytest.raises(InvalidProduct) as error:
        create_product(new=NewProduct(sku="NEW-1", name="Bad", barcode=barcode), user=None, source="api")
    assert [problem["field"] for problem in error.value.data["errors"]] == ["barcode"]
