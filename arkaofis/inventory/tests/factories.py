import factory

from arkaofis.inventory.models import Location, Lot, Warehouse
from arkaofis.inventory.selectors import virtual_location
from arkaofis.inventory.services.ledger import post_move


class WarehouseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Warehouse

    code = factory.Sequence(lambda n: f"W{n:02d}")
    name = factory.Sequence(lambda n: f"Warehouse {n}")


class LocationFactory(factory.django.DjangoModelFactory):
    """An internal bin in a warehouse of its own unless one is given."""

    class Meta:
        model = Location

    warehouse = factory.SubFactory(WarehouseFactory)
    code = factory.Sequence(lambda n: f"BIN-{n:04d}")
    name = factory.LazyAttribute(lambda o: o.code)
    kind = "bin"
    usage = "internal"


class LotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lot

    code = factory.Sequence(lambda n: f"LOT{n:04d}")


def receive(product, location, quantity, *, lot=None, unit_cost=None, at=None):
    """Post stock in from the supplier location: the usual way a test puts stock on a shelf."""
    return post_move(
        product=product,
        quantity=quantity,
        from_location=virtual_location("supplier"),
        to_location=location,
        reason="receipt",
        lot=lot,
        unit_cost=unit_cost,
        at=at,
    )
