"""The poll pipeline: the cursor moves only after a page is committed, leftovers are processed, the command."""

import io

import pytest
from django.core.management import CommandError, call_command

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.channels.adapters import amazon, trendyol
from arkaofis.channels.exceptions import ChannelNotConfigured, ChannelUnavailable
from arkaofis.channels.models import Channel, EventStatus, InboundEvent, PollCursor
from arkaofis.channels.secrets import open_credentials
from arkaofis.channels.services.polling import poll_channel, pollable_channel_codes, read_cursor
from arkaofis.channels.tests.factories import ChannelFactory
from arkaofis.channels.tests.poll_servers import (
    TrendyolFake,
    amazon_channel,
    amazon_fixture_fake,
    fixture,
    mock_transport,
    serve,
    trendyol_channel,
)
from arkaofis.channels.tests.test_http import FakeClock
from arkaofis.core.models import Source
from arkaofis.orders.models import SalesOrder

pytestmark = pytest.mark.django_db
SKUS = ("NABetaASINB00551Q3CS", "AMZ-MUG-RED")


def amazon_poll(channel, fake):
    clock = FakeClock()
    with amazon.client(channel, transport=mock_transport(fake), sleep=clock.sleep) as http:
        return poll_channel(channel_code=channel.code, user=None, source=Source.CHANNEL, http=http)


def test_a_channel_failing_mid_run_keeps_the_pages_done_and_the_next_poll_resumes_at_the_failed_page():
    ProductFactory(sku=SKUS[0]), ProductFactory(sku=SKUS[1])
    channel = amazon_channel()
    fake = amazon_fixture_fake()
    original = fake._orders
    fake._orders = lambda query: (503, {"errors": []}) if "NextToken" in query else original(query)
    with pytest.raises(ChannelUnavailable):
        amazon_poll(channel, fake)
    assert InboundEvent.objects.count() == 2 and SalesOrder.objects.count() == 2  # page 1 is done
    cursor = read_cursor(channel_id=channel.pk)
    assert cursor["next_token"] and cursor["last_updated_after"] == "2026-11-01T00:00:00Z"
    fake._orders = original
    fake.calls.clear()
    result = amazon_poll(channel, fake)
    first_call = next(query for _, path, query in fake.calls if path == "/orders/v0/orders")
    assert first_call["NextToken"] == cursor["next_token"]  # resumed at page 2, page 1 not re-read
    assert (result.orders_read, result.duplicates) == (3, 0)
    assert InboundEvent.objects.count() == 5 and SalesOrder.objects.count() == 2


def test_an_event_a_dead_poll_left_received_is_processed_when_its_page_is_read_again():
    ProductFactory(sku=SKUS[0]), ProductFactory(sku=SKUS[1])
    channel = amazon_channel()
    fake = amazon_fixture_fake()
    amazon_poll(channel, fake)
    leftover = InboundEvent.objects.get(external_id="111-0000002-0000002")
    SalesOrder.objects.filter(external_id="111-0000002-0000002").delete()
    InboundEvent.objects.filter(pk=leftover.pk).update(status=EventStatus.RECEIVED, order=None, note="")
    PollCursor.objects.filter(channel=channel).delete()
    result = amazon_poll(channel, fake)
    assert result.new_events == 0 and result.outcomes == {EventStatus.PROCESSED: 1}
    assert InboundEvent.objects.get(pk=leftover.pk).status == EventStatus.PROCESSED
    assert SalesOrder.objects.filter(external_id="111-0000002-0000002").count() == 1


def test_only_active_amazon_and_trendyol_channels_are_polled():
    amazon_channel(code="amazon-de")
    trendyol_channel(code="trendyol-tr")
    old = trendyol_channel(code="trendyol-old")
    old.active = False
    old.save()
    ChannelFactory(code="shopify-main")
    assert pollable_channel_codes() == ["amazon-de", "trendyol-tr"]
    assert pollable_channel_codes(code="shopify-main") == []


def test_poll_channels_command_polls_a_channel_over_http_and_reports_what_it_read(transactional_db):
    ProductFactory(sku="TY-TSHIRT-RED"), ProductFactory(sku="TY-MUG")
    fake = TrendyolFake(fixture("trendyol", "getShipmentPackages.json")["content"], page_size=2)
    with serve(fake) as url:
        trendyol_channel(url, code="trendyol-tr")
        out = io.StringIO()
        call_command("poll_channels", "--channel", "trendyol-tr", stdout=out)
    assert "trendyol-tr: 3 page(s), 5 order(s) read, 5 new" in out.getvalue()
    assert SalesOrder.objects.count() == 2


def test_poll_channels_command_reports_a_channel_down_and_still_polls_the_others(transactional_db):
    ProductFactory(sku="TY-TSHIRT-RED"), ProductFactory(sku="TY-MUG")
    fake = TrendyolFake(fixture("trendyol", "getShipmentPackages.json")["content"])
    with serve(fake) as url:
        amazon_channel(url, code="amazon-down")  # Trendyol's server refuses Amazon's token request: 401
        trendyol_channel(url, code="trendyol-tr")
        out, err = io.StringIO(), io.StringIO()
        with pytest.raises(CommandError, match="amazon-down"):
            call_command("poll_channels", stdout=out, stderr=err)
    assert "amazon-down: Channel unavailable" in err.getvalue()
    assert "trendyol-tr: 1 page(s)" in out.getvalue()


def test_poll_channels_command_refuses_an_unknown_channel():
    with pytest.raises(CommandError, match="No active polled channel"):
        call_command("poll_channels", "--channel", "nope", stdout=io.StringIO())


def test_add_channel_creates_amazon_and_trendyol_without_a_webhook_secret(monkeypatch):
    monkeypatch.delenv("CHANNEL_WEBHOOK_SECRET", raising=False)
    monkeypatch.setenv(
        "CHANNEL_CREDENTIALS", '{"refresh_token": "Atzr|x", "client_id": "id", "client_secret": "s3cr3t"}'
    )
    out = io.StringIO()
    call_command(
        "add_channel", "amazon-de", "--kind", "amazon", "--api-base-url", "https://sellingpartnerapi-eu.amazon.com",
        "--option", "marketplace_ids=A1PA6795UKMFR9,A1RKKUPIHCS9HS", stdout=out,
    )  # fmt: skip
    assert "poll_channels --channel amazon-de" in out.getvalue()
    monkeypatch.setenv("CHANNEL_CREDENTIALS", '{"api_key": "k", "api_secret": "s"}')
    call_command("add_channel", "trendyol", "--kind", "trendyol", "--option", "supplier_id=968", stdout=io.StringIO())
    channel = Channel.objects.get(code="amazon-de")
    assert amazon._marketplaces(channel) == "A1PA6795UKMFR9,A1RKKUPIHCS9HS"
    assert "s3cr3t" not in channel.credentials_sealed
    assert open_credentials(channel.credentials_sealed)["client_secret"] == "s3cr3t"
    assert not channel.webhook_secret_sealed
    assert trendyol.supplier_id(Channel.objects.get(code="trendyol")) == "968"
    assert pollable_channel_codes() == ["amazon-de", "trendyol"]
    with pytest.raises(CommandError, match="No webhook secret"):
        call_command("add_channel", "shop-x", "--kind", "shopify", stdout=io.StringIO())


def test_a_channel_missing_a_setting_is_refused_naming_the_setting():
    amazon_bare = amazon_channel(code="amazon-bare", marketplace_ids=[])
    with pytest.raises(ChannelNotConfigured, match="marketplace_ids"):
        amazon_poll(amazon_bare, amazon_fixture_fake())
    trendyol_bare = trendyol_channel(code="trendyol-bare", supplier_id="")
    with pytest.raises(ChannelNotConfigured, match="supplier_id"):
        trendyol.client(trendyol_bare)
    trendyol_bare.credentials_sealed = ""
    trendyol_bare.options = {"supplier_id": "968"}
    with pytest.raises(ChannelNotConfigured, match="api_key"):
        trendyol.client(trendyol_bare)


def test_poll_channels_loop_polls_again_after_each_interval_until_stopped(monkeypatch, transactional_db):
    from arkaofis.channels.management.commands import poll_channels

    ProductFactory(sku="TY-TSHIRT-RED"), ProductFactory(sku="TY-MUG")
    slept = []

    class Clock:
        @staticmethod
        def sleep(seconds):
            slept.append(seconds)
            if len(slept) == 2:
                raise KeyboardInterrupt  # what Ctrl-C does to the sleeping loop

    monkeypatch.setattr(poll_channels, "time", Clock)
    fake = TrendyolFake(fixture("trendyol", "getShipmentPackages.json")["content"])
    with serve(fake) as url:
        trendyol_channel(url, code="trendyol-tr")
        out = io.StringIO()
        call_command("poll_channels", "--loop", "30", stdout=out)
    assert slept == [30.0, 30.0]
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("trendyol-tr: 1 page(s), 5 order(s) read, 5 new")
    assert lines[1].startswith("trendyol-tr: 1 page(s)") and "0 new" in lines[1]
    assert lines[-1] == "Stopped."
    assert SalesOrder.objects.count() == 2
