import pytest

from arkaofis.catalog.tests.factories import KitComponentFactory, ProductFactory
from arkaofis.inventory.exceptions import InsufficientStock, ReservationNotActive
from arkaofis.inventory.models import Quant, Reservation
from arkaofis.inventory.selectors import available_to_promise, virtual_location
from arkaofis.inventory.services.ledger import post_move
from arkaofis.inventory.services.reservations import release_demand, release_reservation, reserve_stock
from arkaofis.inventory.tests.factories import LocationFactory, receive

pytestmark = pytest.mark.django_db


def test_reserve_holds_stock_and_lowers_availability():
    product, shelf = ProductFactory(), LocationFactory()
    receive(product, shelf, 5)
    [rid] = reserve_stock(product_id=product.pk, quantity=2, demand_ref="DEM-1", warehouse_id=shelf.warehouse_id)
    assert Reservation.objects.get(pk=rid).quantity == 2
    assert available_to_promise(product) == {shelf.warehouse_id: 3}


def test_reservation_beyond_available_is_refused_with_the_available_quantity():
    product, shelf = ProductFactory(), LocationFactory()
    receive(product, shelf, 2)
    with pytest.raises(InsufficientStock) as error:
        reserve_stock(product_id=product.pk, quantity=3, demand_ref="DEM-1", warehouse_id=shelf.warehouse_id)
    assert error.value.data["available"] == 2
    assert not Reservation.objects.exists()
    assert Quant.objects.get(product=product, location=shelf).reserved == 0


def test_reservation_spans_bins_when_no_single_bin_has_enough():
    product, a = ProductFactory(), LocationFactory()
    b = LocationFactory(warehouse=a.warehouse)
    receive(product, a, 3)
    receive(product, b, 3)
    ids = reserve_stock(product_id=product.pk, quantity=5, demand_ref="DEM-1", warehouse_id=a.warehouse_id)
    assert sorted(Reservation.objects.filter(pk__in=ids).values_list("quantity", flat=True)) == [2, 3]


def test_reserved_stock_cannot_be_transferred_away():
    product, a = ProductFactory(), LocationFactory()
    b = LocationFactory(warehouse=a.warehouse)
    receive(product, a, 3)
    reserve_stock(product_id=product.pk, quantity=2, demand_ref="DEM-1", warehouse_id=a.warehouse_id)
    with pytest.raises(InsufficientStock):
        post_move(product=product, quantity=2, from_location=a, to_location=b, reason="transfer")


def test_shipping_consumes_the_reservation():
    product, shelf = ProductFactory(), LocationFactory()
    receive(product, shelf, 3)
    [rid] = reserve_stock(product_id=product.pk, quantity=3, demand_ref="DEM-1", warehouse_id=shelf.warehouse_id)
    post_move(
        product=product,
        quantity=3,
        from_location=shelf,
        to_location=virtual_location("customer"),
        reason="shipment",
        reservation=Reservation.objects.get(pk=rid),
    )
    quant = Quant.objects.get(product=product, location=shelf)
    assert (quant.on_hand, quant.reserved) == (0, 0)
    assert Reservation.objects.get(pk=rid).status == "consumed"


def test_release_returns_stock_and_a_second_release_is_refused():
    product, shelf = ProductFactory(), LocationFactory()
    receive(product, shelf, 3)
    [rid] = reserve_stock(product_id=product.pk, quantity=3, demand_ref="DEM-1")
    release_reservation(reservation_id=rid)
    assert available_to_promise(product) == {shelf.warehouse_id: 3}
    with pytest.raises(ReservationNotActive):
        release_reservation(reservation_id=rid)


def test_release_demand_releases_every_line():
    product, shelf = ProductFactory(), LocationFactory()
    receive(product, shelf, 5)
    reserve_stock(product_id=product.pk, quantity=2, demand_ref="DEM-9")
    reserve_stock(product_id=product.pk, quantity=1, demand_ref="DEM-9")
    assert release_demand(demand_ref="DEM-9") == 3


def test_kit_availability_comes_from_its_components():
    bolt = ProductFactory()
    kit = KitComponentFactory(component=bolt, quantity=4).kit
    shelf = LocationFactory()
    receive(bolt, shelf, 10)
    assert available_to_promise(kit) == {shelf.warehouse_id: 2}


def test_atp_by_sku_answers_in_one_statement_and_knows_kits(django_assert_num_queries):
    from arkaofis.catalog.exceptions import UnknownSku
    from arkaofis.inventory.selectors import available_to_promise_by_sku

    bolt = ProductFactory()
    kit = KitComponentFactory(component=bolt, quantity=4).kit
    a, b = LocationFactory(), LocationFactory()
    receive(bolt, a, 10)
    receive(bolt, b, 3)
    reserve_stock(product_id=bolt.pk, quantity=1, demand_ref="DEM-1", warehouse_id=a.warehouse_id)
    with django_assert_num_queries(1):
        assert available_to_promise_by_sku(bolt.sku) == (bolt.pk, {a.warehouse_id: 9, b.warehouse_id: 3})
    assert available_to_promise_by_sku(kit.sku).by_warehouse == {a.warehouse_id: 2, b.warehouse_id: 0}
    assert available_to_promise_by_sku(ProductFactory().sku).by_warehouse == {}
    with pytest.raises(UnknownSku):
        available_to_promise_by_sku("NO-SUCH-SKU")


def test_releasing_is_audited_with_who_and_from_where():
    from django.contrib.auth.models import User

    from arkaofis.core.models import AuditLog

    clerk = User.objects.create_user("clerk", password="x-long-password-1")
    product, shelf = ProductFactory(), LocationFactory()
    receive(product, shelf, 3)
    reserve_stock(product_id=product.pk, quantity=2, demand_ref="DEM-7")
    release_demand(demand_ref="DEM-7", user=clerk, source="api")
    audit = AuditLog.objects.get(action="reservation.released")
    assert (audit.user, audit.source, audit.data["demand_ref"]) == (clerk, "api", "DEM-7")
