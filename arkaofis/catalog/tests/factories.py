import factory

from arkaofis.catalog.domain import gtin_check_digit
from arkaofis.catalog.models import KitComponent, Product, UnitOfMeasure


def make_ean13(n: int) -> str:
    body = f"869{n:09d}"
    return body + str(gtin_check_digit(body))


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitOfMeasure
        django_get_or_create = ("code",)

    code = "pcs"
    name = "Pieces"


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    name = factory.Sequence(lambda n: f"Product {n}")
    barcode = factory.Sequence(make_ean13)
    uom = factory.SubFactory(UnitFactory)
    standard_cost = 10
    sale_price = 25


class KitComponentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KitComponent

    kit = factory.SubFactory(ProductFactory, is_kit=True)
    component = factory.SubFactory(ProductFactory)
    quantity = 1
