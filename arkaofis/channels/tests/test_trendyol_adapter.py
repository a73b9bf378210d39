"""Trendyol: reading packages (VAT, cancelled lines, addresses), paging, statuses, dedupe, stock push batches.

The API is a stand-in answering in Trendyol's published shapes through httpx.MockTransport.
"""

import copy
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.channels.adapters import trendyol
from arkaofis.channels.domain import StockPush
from arkaofis.channels.exceptions import PushPending
from arkaofis.channels.models import EventStatus, InboundEvent, PollCursor
from arkaofis.channels.services.polling import poll_channel
from arkaofis.channels.tests.poll_servers import TrendyolFake, fixture, mock_transport, trendyol_channel
from arkaofis.channels.tests.test_http import FakeClock
from arkaofis.core.models import Source
from arkaofis.fulfilment.models import Shipment
from arkaofis.fulfilment.services.shipping import ship_shipment
from arkaofis.inventory.tests.factories import LocationFactory, receive
from arkaofis.orders.models import SalesOrder
from arkaofis.orders.services.release import release_order

SKUS = ("TY-TSHIRT-RED", "TY-MUG")


def packages() -> list[dict]:
    return copy.deepcopy(fixture("trendyol", "getShipmentPackages.json")["content"])


def poll(channel, fake, now=datetime(2025, 11, 20, 12, 0, tzinfo=UTC)):
    clock = FakeClock()
    with trendyol.client(channel, transport=mock_transport(fake), sleep=clock.sleep) as http:
        return poll_channel(channel_code=channel.code, user=None, source=Source.CHANNEL, http=http, now=now)


def test_a_package_reads_into_an_order_without_its_cancelled_line_and_with_vat_split_out():
    order = trendyol.to_order(packages()[0], channel="trendyol")
    assert order.external_id == "10654411111-3261245001" and order.currency == "TRY"
    assert [(line.sku, line.quantity) for line in order.lines] == [("TY-TSHIRT-RED", 2), ("TY-MUG", 1)]
    shirt, mug = order.lines
    # 2 × 199.90 less 39.98, VAT 20 % included: net 166.5833 a unit, net discount 33.3167.
    assert (shirt.unit_price, shirt.discount) == (Decimal("166.5833"), Decimal("33.3167"))
    assert shirt.quantity * shirt.unit_price - shirt.discount + shirt.tax == Decimal("359.82")
    assert mug.quantity * mug.unit_price - mug.discount + mug.tax == Decimal("120")
    assert (order.shipping.city, order.shipping.region, order.shipping.country) == ("İstanbul", "Şişli", "TR")
    assert order.shipping.name == "Ayşe Yılmaz" and order.customer_email == "pf+abc123@trendyolmail.com"
    assert order.tags == ("trendyol-order-10654411111",)
    assert order.placed_at == datetime(2025, 11, 20, 8, 0, tzinfo=UTC)  # Trendyol's GMT+3 stamp, in UTC


def test_every_fixture_package_has_a_topic_by_its_status():
    topics = [trendyol._polled(package).topic for package in packages()]
    assert topics == ["packages/open", "packages/open", "packages/cancelled", "packages/delivered", "packages/awaiting"]


@pytest.mark.django_db
def test_poll_pages_through_every_package_and_each_status_ends_where_it_should():
    ProductFactory(sku=SKUS[0]), ProductFactory(sku=SKUS[1])
    channel = trendyol_channel()
    fake = TrendyolFake(packages(), page_size=2)
    result = poll(channel, fake)
    assert (result.pages, result.orders_read) == (3, 5)
    pages = [query for _, _, query in fake.calls]
    assert [query["page"] for query in pages] == ["0", "1", "2"]
    assert {(q["size"], q["orderByField"], q["orderByDirection"]) for q in pages} == {
        ("200", "PackageLastModifiedDate", "ASC")
    }
    assert sorted(SalesOrder.objects.values_list("external_id", flat=True)) == [
        "10654411111-3261245001", "10654411111-3261245002",
    ]  # fmt: skip
    notes = dict(InboundEvent.objects.values_list("external_id", "note"))
    assert "never received" in notes["10654422222-3261245003"]
    assert "Delivered at the channel, an order never received here" in notes["10654433333-3261245004"]
    assert "Awaiting payment" in notes["10654444444-3261245005"]
    assert PollCursor.objects.get(channel=channel, name="page").value == ""


@pytest.mark.django_db
def test_replaying_every_fixture_twice_creates_each_order_once():
    ProductFactory(sku=SKUS[0]), ProductFactory(sku=SKUS[1])
    channel = trendyol_channel()
    fake = TrendyolFake(packages())
    poll(channel, fake)
    PollCursor.objects.filter(channel=channel).delete()
    again = poll(channel, fake)
    assert (again.duplicates, again.new_events) == (5, 0)
    assert SalesOrder.objects.count() == 2 and InboundEvent.objects.count() == 5


@pytest.mark.django_db
def test_an_awaiting_package_becomes_an_order_when_created_and_is_cancelled_when_cancelled():
    ProductFactory(sku=SKUS[0])
    channel = trendyol_channel()
    awaiting = packages()[4]
    fake = TrendyolFake([awaiting])
    poll(channel, fake)
    assert SalesOrder.objects.count() == 0
    fake.packages = [
        {**awaiting, "status": "Created", "shipmentPackageStatus": "Created", "lastModifiedDate": 1763700000000}
    ]
    poll(channel, fake, now=datetime(2025, 11, 21, 12, 0, tzinfo=UTC))
    assert SalesOrder.objects.get().status == "backordered"  # reserved on arrival; nothing in stock here
    fake.packages = [
        {**awaiting, "status": "Cancelled", "shipmentPackageStatus": "Cancelled", "lastModifiedDate": 1763790000000}
    ]
    poll(channel, fake, now=datetime(2025, 11, 22, 12, 0, tzinfo=UTC))
    assert SalesOrder.objects.get().status == "cancelled"


@pytest.mark.django_db
def test_a_package_trendyol_delivered_marks_what_we_shipped_delivered():
    bin_ = LocationFactory()
    for sku in SKUS:
        receive(ProductFactory(sku=sku), bin_, 10)
    channel = trendyol_channel()
    created = packages()[0]
    fake = TrendyolFake([created])
    poll(channel, fake)
    order = SalesOrder.objects.get()
    delivered = {
        **created,
        "status": "Delivered",
        "shipmentPackageStatus": "Delivered",
        "lastModifiedDate": 1763800000000,
    }
    fake.packages = [delivered]
    poll(channel, fake, now=datetime(2025, 11, 22, 12, 0, tzinfo=UTC))  # not shipped by us yet: only noted
    assert "nothing of it was shipped here (the order is reserved)" in InboundEvent.objects.latest("id").note
    release_order(order_id=order.pk, user=None, source="ui")
    for shipment in Shipment.objects.filter(order=order):
        ship_shipment(shipment_id=shipment.pk, carrier="Trendyol Express", tracking_number="", user=None, source="ui")
    fake.packages = [{**delivered, "lastModifiedDate": 1763900000000}]
    poll(channel, fake, now=datetime(2025, 11, 23, 12, 0, tzinfo=UTC))
    order.refresh_from_db()
    assert order.status == "delivered"
    assert set(Shipment.objects.filter(order=order).values_list("status", flat=True)) == {"delivered"}


@pytest.mark.django_db
def test_an_unknown_merchant_sku_parks_the_package_in_the_exception_queue():
    ProductFactory(sku=SKUS[0])
    poll(trendyol_channel(), TrendyolFake(packages()[:1]))
    event = InboundEvent.objects.get()
    assert (event.status, event.error_code, event.error_data["skus"]) == (
        EventStatus.EXCEPTION,
        "unmapped-skus",
        ["TY-MUG"],
    )


@pytest.mark.django_db
def test_stock_push_sends_2500_items_in_batches_of_at_most_1000():
    channel = trendyol_channel()
    fake = TrendyolFake([])
    levels = [StockPush(sku=f"SKU-{n}", quantity=n % 7, product_id=n, ref=f"868{n:010d}") for n in range(2500)]
    with trendyol.client(channel, transport=mock_transport(fake)) as http:
        trendyol.push_stock(http, channel, levels)
    assert [len(batch) for batch in fake.pushes] == [1000, 1000, 500]
    assert fake.pushes[0][3] == {"barcode": "8680000000003", "quantity": 3}
    assert sum(len(batch) for batch in fake.pushes) == len({item["barcode"] for b in fake.pushes for item in b})


@pytest.mark.django_db
def test_a_push_names_its_batches_and_their_check_names_the_refused_listings_by_channel_sku():
    channel = trendyol_channel()
    fake = TrendyolFake([])
    fake.products = {"8680000000001": 0, "8680000000002": 0}
    fake.batch_reads_in_progress = 1
    levels = [
        StockPush(sku="TY-MUG", quantity=4, product_id=1, ref="8680000000001"),
        StockPush(sku="TY-TSHIRT-RED", quantity=30000, product_id=2, ref="8680000000002"),
        StockPush(sku="TY-GONE", quantity=2, product_id=3),  # no ref: its barcode is the SKU
    ]
    with trendyol.client(channel, transport=mock_transport(fake)) as http:
        receipt = trendyol.push_stock(http, channel, levels)
        assert receipt.refused == {} and receipt.pending == tuple(fake.batches)
        with pytest.raises(PushPending, match="IN_PROGRESS"):
            trendyol.check_push(http, channel, receipt.pending, levels)
        refused = trendyol.check_push(http, channel, receipt.pending, levels)
        assert trendyol.check_push(http, channel, ["expired-batch"], levels) == {}  # 404: nothing to tell
    assert refused == {"TY-GONE": "Ürün bulunamadı: barkod satıcıya ait değil"}
    assert fake.products == {"8680000000001": 4, "8680000000002": trendyol.MAX_QUANTITY}


@pytest.mark.django_db
def test_fetch_stock_pages_through_the_products_until_every_listing_is_found():
    channel = trendyol_channel()
    fake = TrendyolFake([], page_size=200)
    fake.products = {f"868{n:010d}": n % 9 for n in range(1000)}
    levels = [
        StockPush(sku="FIRST", quantity=0, product_id=1, ref="8680000000005"),
        StockPush(sku="868" + "0" * 7 + "450", quantity=0, product_id=2),  # barcode = SKU
        StockPush(sku="NOT-ON-TRENDYOL", quantity=0, product_id=3),
    ]
    with trendyol.client(channel, transport=mock_transport(fake)) as http:
        shown = trendyol.fetch_stock(http, channel, levels)
    assert shown == {"FIRST": 5, "8680000000450": 450 % 9}
    assert len([call for call in fake.calls if call[1].endswith("/products")]) == 5  # every page: one is missing
    fake.calls.clear()
    with trendyol.client(channel, transport=mock_transport(fake)) as http:
        assert trendyol.fetch_stock(http, channel, levels[:1]) == {"FIRST": 5}
    assert len(fake.calls) == 1  # found on the first page: no more pages read


@pytest.mark.django_db
def test_connection_test_uses_basic_auth_and_the_self_integration_user_agent():
    channel = trendyol_channel()
    with trendyol.client(channel, transport=mock_transport(TrendyolFake(packages()))) as http:
        assert trendyol.test_connection(http, channel).startswith("Trendyol answered:")
    wrong = trendyol_channel(code="trendyol-2", supplier_id="999")
    with trendyol.client(wrong, transport=mock_transport(TrendyolFake([]))) as http, pytest.raises(Exception) as raised:
        trendyol.test_connection(http, wrong)
    assert "403" in str(raised.value) or "404" in str(raised.value)


@pytest.mark.django_db
def test_a_line_cancelled_at_trendyol_after_intake_leaves_the_order():
    ProductFactory(sku=SKUS[0]), ProductFactory(sku=SKUS[1])
    channel = trendyol_channel()
    package = packages()[0]
    fake = TrendyolFake([package])
    poll(channel, fake)
    assert SalesOrder.objects.get().lines.count() == 2
    changed = copy.deepcopy(package)
    changed["lines"][1]["orderLineItemStatusName"] = "Cancelled"
    changed["lastModifiedDate"] = 1763700000000
    fake.packages = [changed]
    poll(channel, fake, now=datetime(2025, 11, 21, 12, 0, tzinfo=UTC))
    order = SalesOrder.objects.get()
    assert [line.sku for line in order.lines.all()] == ["TY-TSHIRT-RED"]
    assert order.grand_total == Decimal("359.82")
