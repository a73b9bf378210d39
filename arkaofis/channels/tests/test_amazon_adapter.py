"""Amazon SP-API: reading recorded orders, paging, rate limit, 429, pending, cancel, dedupe, exceptions.

The API is a stand-in answering in SP-API's published shapes through httpx.MockTransport, with a
fake clock for the rate limit; never the network.
"""

import copy
import logging
from decimal import Decimal

import pytest

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.channels.adapters import amazon
from arkaofis.channels.exceptions import BadAddress, BadOrderPayload, ChannelUnavailable
from arkaofis.channels.http import TokenBucket
from arkaofis.channels.models import EventStatus, InboundEvent, PollCursor
from arkaofis.channels.services.fixes import fix_event_address
from arkaofis.channels.services.polling import poll_channel
from arkaofis.channels.services.processing import process_event
from arkaofis.channels.tests.poll_servers import (
    ACCESS_TOKEN,
    CLIENT_SECRET,
    REFRESH_TOKEN,
    AmazonFake,
    amazon_channel,
    amazon_fixture_fake,
    fixture,
    mock_transport,
)
from arkaofis.channels.tests.test_http import FakeClock
from arkaofis.core.models import Source
from arkaofis.orders.models import SalesOrder

SKUS = ("NABetaASINB00551Q3CS", "AMZ-MUG-RED")


def recorded_order() -> dict:
    """The recorded getOrders order with the recorded items and address, as the poller stores it."""
    order = copy.deepcopy(fixture("amazon", "getOrders.json")["payload"]["Orders"][0])
    order["OrderItems"] = fixture("amazon", "getOrderItems.json")["payload"]["OrderItems"]
    order["ShippingAddress"] = fixture("amazon", "getOrderAddress.json")["payload"]["ShippingAddress"]
    return order


def poll(channel, fake, clock=None, **client_options):
    clock = clock or FakeClock()
    http = amazon.client(channel, transport=mock_transport(fake), sleep=clock.sleep, **client_options)
    with http:
        return poll_channel(channel_code=channel.code, user=None, source=Source.CHANNEL, http=http)


def test_the_recorded_order_reads_into_an_order_with_its_items_and_address():
    order = amazon.to_order(recorded_order(), channel="amazon-us")
    assert (order.external_id, order.currency, order.payment_status) == ("902-1845936-5435065", "USD", "paid")
    [line] = order.lines
    assert (line.sku, line.quantity, line.unit_price, line.tax) == (
        "NABetaASINB00551Q3CS",
        1,
        Decimal("10.00"),
        Decimal("1.01"),
    )
    assert line.discount == Decimal("0.00") and line.external_id == "05015851154158"
    assert (order.shipping.city, order.shipping.country, order.shipping.postal_code) == ("SEATTLE", "US", "98121-2778")
    assert order.placed_at.isoformat() == "1970-01-19T03:58:30+00:00"


def test_every_recorded_getorders_order_has_its_delivery_id_and_topic():
    for raw in fixture("amazon", "getOrders.json")["payload"]["Orders"]:
        assert amazon.topic_of(raw) == amazon.TOPIC_UNSHIPPED
        assert amazon.external_id(raw) == raw["AmazonOrderId"]


def test_a_line_price_for_several_units_splits_per_unit_without_losing_a_cent():
    order = recorded_order()
    order["OrderItems"][0].update(QuantityOrdered=3, ItemPrice={"CurrencyCode": "USD", "Amount": "10.00"})
    [line] = amazon.to_order(order, channel="amazon-us").lines
    assert line.unit_price == Decimal("3.3334")
    assert line.quantity * line.unit_price - line.discount == Decimal("10.00")


def test_an_item_without_a_price_is_refused_not_received_at_zero():
    order = recorded_order()
    del order["OrderItems"][0]["ItemPrice"]
    with pytest.raises(BadOrderPayload, match="no ItemPrice"):
        amazon.to_order(order, channel="amazon-us")


def test_an_order_without_its_address_is_refused_as_address_not_available():
    order = recorded_order()
    order["ShippingAddress"] = None
    with pytest.raises(BadAddress, match="not available"):
        amazon.to_order(order, channel="amazon-us")


@pytest.mark.django_db
def test_poll_follows_next_token_with_only_the_token_and_the_marketplaces():
    ProductFactory(sku=SKUS[0]), ProductFactory(sku=SKUS[1])
    channel = amazon_channel()
    fake = amazon_fixture_fake()
    result = poll(channel, fake)
    order_calls = [query for method, path, query in fake.calls if path == "/orders/v0/orders"]
    assert order_calls[0] == {"MarketplaceIds": "ATVPDKIKX0DER", "LastUpdatedAfter": "2026-11-01T00:00:00Z"}
    assert set(order_calls[1]) == {"MarketplaceIds", "NextToken"}
    assert len(order_calls) == 3 and result.pages == 3 and result.orders_read == 5
    cursor = dict(PollCursor.objects.filter(channel=channel).values_list("name", "value"))
    assert cursor == {"last_updated_after": "2026-11-20T10:20:00Z", "next_token": "", "newest_seen": ""}


@pytest.mark.django_db
def test_each_kind_of_fixture_order_ends_where_it_should():
    ProductFactory(sku=SKUS[0]), ProductFactory(sku=SKUS[1])
    poll(amazon_channel(), amazon_fixture_fake())
    events = {event.external_id: event for event in InboundEvent.objects.all()}
    assert {e.status for e in events.values()} == {EventStatus.PROCESSED}
    full = SalesOrder.objects.get(external_id="111-0000001-0000001")
    # Items read across two NextToken pages; shipping 4.99 less its 1.00 discount.
    assert [(line.sku, line.quantity) for line in full.lines.order_by("line_no")] == [(SKUS[0], 3), (SKUS[1], 1)]
    assert full.shipping_charge == Decimal("3.99") and full.tags == ["prime"]
    assert full.customer_email == "jane@marketplace.amazon.com"
    withheld = SalesOrder.objects.get(external_id="111-0000002-0000002")
    assert withheld.shipping.city == "SEATTLE"  # fetched with getOrderAddress
    assert events["111-0000003-0000003"].note.startswith("Pending at Amazon: no prices yet")
    assert events["111-0000003-0000003"].order is None
    assert "never received" in events["111-0000004-0000004"].note  # Canceled before we had it
    assert "Fulfilled by Amazon" in events["111-0000005-0000005"].note
    assert SalesOrder.objects.count() == 2


@pytest.mark.django_db
def test_replaying_every_fixture_twice_creates_each_order_once():
    ProductFactory(sku=SKUS[0]), ProductFactory(sku=SKUS[1])
    channel = amazon_channel()
    fake = amazon_fixture_fake()
    poll(channel, fake)
    PollCursor.objects.filter(channel=channel).delete()  # read everything again from the start
    again = poll(channel, fake)
    assert again.duplicates == 5 and again.new_events == 0 and again.outcomes == {}
    assert InboundEvent.objects.count() == 5
    assert sorted(SalesOrder.objects.values_list("external_id", flat=True)) == [
        "111-0000001-0000001",
        "111-0000002-0000002",
    ]


@pytest.mark.django_db
def test_a_pending_order_is_received_once_amazon_confirms_it_with_prices():
    ProductFactory(sku=SKUS[0])
    channel = amazon_channel()
    pending = fixture("amazon", "getOrders_page2.json")["payload"]["Orders"][0]
    fake = AmazonFake([pending])
    poll(channel, fake)
    assert SalesOrder.objects.count() == 0
    address = fixture("amazon", "getOrderAddress.json")["payload"]["ShippingAddress"]
    confirmed = {**pending, "OrderStatus": "Unshipped", "LastUpdateDate": "2026-11-20T12:00:00Z",
                 "OrderTotal": {"CurrencyCode": "USD", "Amount": "11.01"}, "ShippingAddress": address}  # fmt: skip
    fake.orders = [confirmed]
    poll(channel, fake)
    order = SalesOrder.objects.get()
    assert (order.external_id, order.grand_total) == ("111-0000003-0000003", Decimal("11.01"))
    assert InboundEvent.objects.filter(external_id="111-0000003-0000003").count() == 2


@pytest.mark.django_db
def test_an_order_cancelled_at_amazon_is_cancelled_here():
    ProductFactory(sku=SKUS[0])
    channel = amazon_channel()
    first = fixture("amazon", "getOrders_page1.json")["payload"]["Orders"][0]
    fake = AmazonFake([first])
    poll(channel, fake)
    assert SalesOrder.objects.get().status == "backordered"  # reserved on arrival; nothing in stock here
    fake.orders = [{**first, "OrderStatus": "Canceled", "LastUpdateDate": "2026-11-21T08:00:00Z"}]
    poll(channel, fake)
    assert SalesOrder.objects.get().status == "cancelled"


@pytest.mark.django_db
def test_an_unknown_seller_sku_parks_the_order_in_the_exception_queue():
    ProductFactory(sku=SKUS[0])  # AMZ-MUG-RED is not ours
    poll(amazon_channel(), amazon_fixture_fake())
    event = InboundEvent.objects.get(external_id="111-0000001-0000001")
    assert (event.status, event.error_code, event.error_data["skus"]) == (
        EventStatus.EXCEPTION,
        "unmapped-skus",
        [SKUS[1]],
    )
    assert not SalesOrder.objects.filter(external_id="111-0000001-0000001").exists()


@pytest.mark.django_db
def test_a_withheld_address_is_an_exception_staff_can_fix_and_reprocess():
    ProductFactory(sku=SKUS[0])
    fake = amazon_fixture_fake()
    fake.addresses.clear()  # no restricted-data role: getOrderAddress answers 403
    poll(amazon_channel(), fake)
    event = InboundEvent.objects.get(external_id="111-0000002-0000002")
    assert (event.status, event.error_code) == (EventStatus.EXCEPTION, "bad-address")
    address = {"name": "Jo Buyer", "address1": "5 Pike St", "city": "Seattle", "zip": "98101", "country_code": "us"}
    fix_event_address(event_id=event.pk, which="shipping_address", address=address, user=None, source=Source.UI)
    assert process_event(event_id=event.pk, user=None, source=Source.UI).status == EventStatus.PROCESSED
    assert SalesOrder.objects.get(external_id="111-0000002-0000002").shipping.line1 == "5 Pike St"


@pytest.mark.django_db
def test_429_is_retried_after_back_off_and_the_poll_completes():
    ProductFactory(sku=SKUS[0]), ProductFactory(sku=SKUS[1])
    fake = amazon_fixture_fake()
    fake.too_many = 2
    clock = FakeClock()
    poll(amazon_channel(), fake, clock)
    assert clock.slept[:2] == [2.0, 4.0]  # no Retry-After from Amazon: exponential back-off
    assert SalesOrder.objects.count() == 2


@pytest.mark.django_db
def test_calls_beyond_the_burst_of_30_are_paced_at_half_a_request_per_second():
    ProductFactory(sku=SKUS[0])
    template = fixture("amazon", "getOrders_page1.json")["payload"]["Orders"][0]
    orders = [{**template, "AmazonOrderId": f"111-{n:07d}-0000009", "LastUpdateDate": f"2026-11-20T10:{n:02d}:00Z"}
              for n in range(35)]  # fmt: skip
    clock = FakeClock()
    bucket = TokenBucket(rate=amazon.RATE_PER_SECOND, burst=amazon.BURST, clock=clock, sleep=clock.sleep)
    poll(amazon_channel(), AmazonFake(orders, page_size=50), clock, bucket=bucket)
    # 1 getOrders + 35 getOrderItems = 36 calls: 30 from the burst, then one every 2 seconds.
    assert clock.slept == pytest.approx([2.0] * 6)
    assert SalesOrder.objects.count() == 35


@pytest.mark.django_db
def test_an_expired_next_token_reads_the_run_again_without_duplicates():
    ProductFactory(sku=SKUS[0]), ProductFactory(sku=SKUS[1])
    channel = amazon_channel()
    PollCursor.objects.create(channel=channel, name="last_updated_after", value="2026-11-01T00:00:00Z")
    PollCursor.objects.create(channel=channel, name="next_token", value="bm90LWEtdG9rZW4=")  # stale
    fake = amazon_fixture_fake()
    original = fake._orders

    def expiring(query):
        if query.get("NextToken") == "bm90LWEtdG9rZW4=":
            return 400, {"errors": [{"code": "InvalidInput", "message": "Invalid NextToken"}]}
        return original(query)

    fake._orders = expiring
    result = poll(channel, fake)
    assert result.orders_read == 5 and SalesOrder.objects.count() == 2


@pytest.mark.django_db
def test_connection_test_names_the_marketplaces_and_tokens_never_reach_the_logs(caplog):
    channel = amazon_channel()
    caplog.set_level(logging.DEBUG)
    with amazon.client(channel, transport=mock_transport(AmazonFake([]))) as http:
        assert amazon.test_connection(http, channel) == "Amazon answered: 1 marketplace(s): Amazon.com"
    for secret in (ACCESS_TOKEN, REFRESH_TOKEN, CLIENT_SECRET):
        assert secret not in caplog.text


@pytest.mark.django_db
def test_a_refused_refresh_token_is_a_typed_channel_error():
    channel = amazon_channel()
    fake = AmazonFake([])
    fake.handle = lambda *args: (400, {"error": "invalid_grant"})
    with pytest.raises(ChannelUnavailable) as raised:
        amazon.client(channel, transport=mock_transport(fake))
    assert REFRESH_TOKEN not in raised.value.detail


@pytest.mark.django_db
def test_the_access_token_is_exchanged_again_before_its_hour_runs_out():
    channel = amazon_channel()
    fake = AmazonFake([])
    clock = FakeClock()
    with amazon.client(channel, transport=mock_transport(fake), clock=clock) as http:
        amazon.test_connection(http, channel)
        clock.now += 3600 - amazon.TOKEN_MARGIN_SECONDS - 1
        amazon.test_connection(http, channel)
        assert sum(path.endswith("/auth/o2/token") for _, path, _ in fake.calls) == 1
        clock.now += 2
        amazon.test_connection(http, channel)  # the fake refuses a call without the token: it was sent
    assert sum(path.endswith("/auth/o2/token") for _, path, _ in fake.calls) == 2


def grand_total(order) -> Decimal:
    lines = sum((line.quantity * line.unit_price - line.discount + line.tax for line in order.lines), Decimal("0"))
    return lines + order.shipping_charge


def eur(amount: str) -> dict:
    return {"CurrencyCode": "EUR", "Amount": amount}


def test_a_german_order_takes_vat_out_of_prices_and_totals_what_the_buyer_paid():
    order = recorded_order()
    order["MarketplaceId"] = "A1PA6795UKMFR9"  # Amazon.de: prices include 19 % VAT
    order["OrderItems"][0].update(
        QuantityOrdered=2, ItemPrice=eur("59.98"), ItemTax=eur("9.58"), PromotionDiscount=eur("5.95"),
        PromotionDiscountTax=eur("0.95"), ShippingPrice=eur("4.99"), ShippingTax=eur("0.80"),
    )  # fmt: skip
    read = amazon.to_order(order, channel="amazon-de")
    [line] = read.lines
    assert (line.unit_price, line.discount, line.tax) == (Decimal("25.20"), Decimal("5.00"), Decimal("9.43"))
    assert read.shipping_charge == Decimal("4.19")
    assert grand_total(read) == Decimal("59.98") - Decimal("5.95") + Decimal("4.99")


def test_a_us_order_adds_sales_tax_on_items_and_shipping_to_the_prices():
    order = recorded_order()
    order["OrderItems"][0].update(ShippingPrice={"CurrencyCode": "USD", "Amount": "4.99"},
                                  ShippingTax={"CurrencyCode": "USD", "Amount": "0.45"})  # fmt: skip
    read = amazon.to_order(order, channel="amazon-us")
    assert read.shipping_charge == Decimal("4.99") and read.lines[0].tax == Decimal("1.46")
    assert grand_total(read) == Decimal("10.00") + Decimal("1.01") + Decimal("4.99") + Decimal("0.45")
