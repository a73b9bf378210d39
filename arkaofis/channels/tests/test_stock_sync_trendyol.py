"""Stock sync with a channel that applies pushes later (Trendyol's batch requests): the push is
checked once Trendyol has finished, refused listings are marked, and the reconciliation reads
what Trendyol shows. Trendyol is a stand-in on a real local HTTP server."""

from datetime import timedelta

import pytest
from django.utils import timezone

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.channels import stock
from arkaofis.channels.models import ChannelSkuMap
from arkaofis.channels.secrets import seal_credentials
from arkaofis.channels.services.stock_reconcile import reconcile_channel_stock
from arkaofis.channels.services.stock_sync import CHECK_ATTEMPTS, CHECK_TOPIC, sync_channel_stock
from arkaofis.channels.tests.poll_servers import TrendyolFake, serve, trendyol_channel
from arkaofis.core.models import AuditLog, OutboxEvent
from arkaofis.core.services.outbox import deliver_pending
from arkaofis.inventory.tests.factories import LocationFactory, receive

pytestmark = pytest.mark.django_db

MUG_BARCODE = "8680000000001"


@pytest.fixture
def trendyol():
    fake = TrendyolFake([])
    fake.products = {MUG_BARCODE: 0}  # the seller lists the mug; "TY-GONE" is no barcode of theirs
    with serve(fake) as url:
        channel = trendyol_channel(url)
        channel.sync_stock = True
        channel.save()
        bin_ = LocationFactory()
        mug, gone = ProductFactory(sku="MUG"), ProductFactory(sku="GONE")
        receive(mug, bin_, 5)
        receive(gone, bin_, 3)
        ChannelSkuMap.objects.create(channel=channel, external_sku="TY-MUG", product=mug, listing_ref=MUG_BARCODE)
        ChannelSkuMap.objects.create(channel=channel, external_sku="TY-GONE", product=gone)
        yield fake, channel


def make_due(topic: str) -> None:
    OutboxEvent.objects.filter(topic=topic, delivered_at__isnull=True).update(available_at=timezone.now())


def refusals(channel) -> dict[str, str]:
    return {level.product.sku: level.refused for level in stock.pushed_levels(channel)}


def test_the_push_is_checked_after_trendyol_applies_it_and_refused_listings_are_marked(trendyol):
    fake, channel = trendyol
    fake.batch_reads_in_progress = 1
    sync_channel_stock(channel_id=channel.pk)
    assert deliver_pending() == (2, 0)  # the push and stock.changed
    assert fake.products == {MUG_BARCODE: 5}
    check = OutboxEvent.objects.get(topic=CHECK_TOPIC)
    assert check.available_at > timezone.now() + timedelta(seconds=20)  # not asked before Trendyol can know
    assert check.payload["pending"] == list(fake.batches)
    assert refusals(channel) == {"MUG": "", "GONE": ""}  # taken, as far as anyone knows yet

    assert deliver_pending() == (0, 0)  # not due yet
    make_due(CHECK_TOPIC)
    assert deliver_pending() == (0, 1)  # IN_PROGRESS: asked again later
    assert "IN_PROGRESS" in OutboxEvent.objects.get(topic=CHECK_TOPIC).last_error
    make_due(CHECK_TOPIC)
    assert deliver_pending() == (1, 0)
    assert refusals(channel) == {"GONE": "Ürün bulunamadı: barkod satıcıya ait değil", "MUG": ""}
    assert AuditLog.objects.get(action="channel.stock_refused").data == {"listings": 1, "skus": ["TY-GONE"]}
    # A refused listing is not pushed again while its quantity stands.
    assert sync_channel_stock(channel_id=channel.pk).changed == 0


def test_a_batch_trendyol_never_finishes_is_left_to_the_reconciliation(trendyol):
    fake, channel = trendyol
    fake.batch_reads_in_progress = 10_000
    sync_channel_stock(channel_id=channel.pk)
    deliver_pending()
    OutboxEvent.objects.filter(topic=CHECK_TOPIC).update(attempts=CHECK_ATTEMPTS - 1)
    make_due(CHECK_TOPIC)
    assert deliver_pending() == (1, 0)  # given up: delivered, nothing marked
    assert refusals(channel) == {"MUG": "", "GONE": ""}


def test_a_check_trendyol_refuses_to_answer_is_asked_again_then_left_to_the_reconciliation(trendyol):
    fake, channel = trendyol
    sync_channel_stock(channel_id=channel.pk)
    deliver_pending()
    channel.credentials_sealed = seal_credentials({"api_key": "revoked", "api_secret": "revoked"})
    channel.save()
    make_due(CHECK_TOPIC)
    assert deliver_pending() == (0, 1)  # 401: asked again later
    assert "401" in OutboxEvent.objects.get(topic=CHECK_TOPIC).last_error
    OutboxEvent.objects.filter(topic=CHECK_TOPIC).update(attempts=CHECK_ATTEMPTS - 1)
    make_due(CHECK_TOPIC)
    assert deliver_pending() == (1, 0)  # given up, not asked every hour for ever
    assert refusals(channel) == {"MUG": "", "GONE": ""}


def test_the_reconciliation_reads_what_trendyol_shows_and_fixes_a_drift(trendyol):
    fake, channel = trendyol
    sync_channel_stock(channel_id=channel.pk)
    deliver_pending()
    clean = reconcile_channel_stock(channel_id=channel.pk)
    assert (clean.checked, clean.drifted, clean.asked_channel) == (2, 0, True)

    fake.products[MUG_BARCODE] = 40  # typed in Trendyol's seller panel
    result = reconcile_channel_stock(channel_id=channel.pk)
    assert (result.drifted, result.queued) == (1, 1)
    deliver_pending()
    assert fake.products[MUG_BARCODE] == 5
