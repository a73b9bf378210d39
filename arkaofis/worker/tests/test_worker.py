"""The background worker: one iteration runs the due jobs then drains the outbox; jobs keep their
own intervals; a failing job spares the others; SIGTERM stops it cleanly."""

import io
import os
import signal
import threading

import pytest
from django.core.management import call_command

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.channels.models import ChannelSkuMap
from arkaofis.channels.secrets import seal_credentials
from arkaofis.channels.services.subscriptions import create_subscription
from arkaofis.channels.tests.factories import ChannelFactory
from arkaofis.channels.tests.servers import LOCATION_ID, TOKEN, fake_shopify, subscriber
from arkaofis.inventory.tests.factories import LocationFactory, receive
from arkaofis.worker.jobs import Intervals, Worker

pytestmark = pytest.mark.django_db


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def shop():
    with fake_shopify() as server:
        yield server


def syncing_channel(shop, **fields):
    product = ProductFactory(sku="MUG")
    receive(product, LocationFactory(), 7)
    settings = {
        "api_base_url": shop.url,
        "credentials_sealed": seal_credentials({"access_token": TOKEN}),
        "options": {"location_id": LOCATION_ID},
        "sync_stock": True,
    }
    channel = ChannelFactory(**{**settings, **fields})
    ChannelSkuMap.objects.create(channel=channel, external_sku="shop-mug", product=product, listing_ref="77")
    return channel


def test_one_iteration_syncs_stock_pushes_it_and_tells_subscribers(shop):
    syncing_channel(shop)
    with subscriber() as hooks:
        create_subscription(name="erp", url=hooks.url, topics=["stock.changed"], user=None, source="system")
        report = Worker(clock=Clock()).run_once()
        assert shop.levels == {(LOCATION_ID, 77): 7}
        assert [headers["x-arkaofis-topic"] for headers, _ in hooks.received] == ["stock.changed"]
    assert list(report)[:2] == ["reconcile", "stock_sync"]
    assert set(report) == {
        "stock_sync",
        "reconcile",
        "poll",
        "inbound",
        "low_stock",
        "backorders",
        "forget_keys",
        "prune_tasks",
        "imports",
        "tasks",
        "outbox",
    }
    assert report["outbox"]["failed"] == 0


def test_each_job_runs_again_only_when_its_interval_has_passed(shop):
    syncing_channel(shop)
    clock = Clock()
    worker = Worker(intervals=Intervals(stock_sync=60, reconcile=3600), clock=clock)
    worker.run_once()
    clock.now += 61
    second = worker.run_once()
    assert "stock_sync" in second and "reconcile" not in second and "forget_keys" not in second
    clock.now += 3600
    assert "reconcile" in worker.run_once()


def test_a_failing_channel_spares_the_others_and_the_worker(shop):
    broken = syncing_channel(shop, code="broken", api_base_url="")  # no API address: every call refused
    healthy = ChannelFactory(
        api_base_url=shop.url,
        credentials_sealed=seal_credentials({"access_token": TOKEN}),
        options={"location_id": LOCATION_ID},
        sync_stock=True,
    )
    ChannelSkuMap.objects.create(
        channel=healthy, external_sku="mug", product=broken.sku_maps.get().product, listing_ref="88"
    )
    report = Worker(clock=Clock()).run_once()
    assert report["reconcile"] == {healthy.code: "1/1 drifted"}  # the broken channel's was logged, not raised
    assert shop.levels == {(LOCATION_ID, 88): 7}
    assert report["outbox"]["failed"] == 1  # the broken channel's push waits for its settings


def test_sigterm_finishes_the_iteration_and_exits_cleanly():
    out = io.StringIO()
    timer = threading.Timer(1.0, os.kill, args=(os.getpid(), signal.SIGTERM))
    before = signal.getsignal(signal.SIGTERM)
    timer.start()
    try:
        call_command("run_worker", interval=0.05, stdout=out)
    finally:
        timer.cancel()
    assert out.getvalue().strip().endswith("worker stopped")
    assert signal.getsignal(signal.SIGTERM) is before  # handlers given back
