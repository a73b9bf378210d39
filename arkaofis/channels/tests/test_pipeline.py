"""Processing rules beyond the happy path: nothing a channel sends is lost, whatever goes wrong."""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from arkaofis.channels.models import Channel, EventStatus, InboundEvent
from arkaofis.channels.secrets import open_secret
from arkaofis.channels.services import processing
from arkaofis.channels.services.processing import process_event
from arkaofis.channels.tests.factories import (
    SECRET,
    body_of,
    post_webhook,
    sample_products,
    shopify_headers,
    shopify_order,
)
from arkaofis.core.models import AuditLog, Source
from arkaofis.orders.models import SalesOrder

pytestmark = pytest.mark.django_db


def test_an_unexpected_error_parks_the_event_instead_of_losing_it(client, channel, monkeypatch):
    sample_products()

    def broken(**_):
        raise RuntimeError("database hiccup with secret details")

    monkeypatch.setattr(processing, "receive_order", broken)
    body = body_of(shopify_order())
    response = post_webhook(client, channel, body, **shopify_headers(body))
    assert response.status_code == 200
    event = InboundEvent.objects.get()
    assert event.status == EventStatus.EXCEPTION and event.error_code == "internal-error"
    assert "secret details" not in event.error
    monkeypatch.undo()
    assert process_event(event_id=event.pk, user=None, source=Source.UI).status == EventStatus.PROCESSED
    assert SalesOrder.objects.count() == 1


def test_reprocessing_a_dead_letter_keeps_it_dead_with_its_reason(client, channel):
    body = b"{oops"
    post_webhook(client, channel, body, **shopify_headers(body))
    event = process_event(event_id=InboundEvent.objects.get().pk, user=None, source=Source.UI)
    assert event.status == EventStatus.DEAD and "not valid JSON" in event.error and event.attempts == 1


def test_a_topic_we_do_not_handle_is_recorded_not_dropped(client, channel):
    body = body_of(shopify_order())
    response = post_webhook(client, channel, body, **shopify_headers(body, topic="orders/paid"))
    assert response.status_code == 200
    event = InboundEvent.objects.get()
    assert event.status == EventStatus.PROCESSED and "not handled" in event.note
    assert SalesOrder.objects.count() == 0


def test_without_a_delivery_id_the_same_body_dedupes_on_its_hash(client, channel):
    sample_products()
    body = body_of(shopify_order())
    headers = shopify_headers(body)
    del headers["HTTP_X_SHOPIFY_WEBHOOK_ID"]
    post_webhook(client, channel, body, **headers)
    assert post_webhook(client, channel, body, **headers).json() == {"status": "duplicate"}
    assert InboundEvent.objects.get().delivery_id.startswith("sha256:")


def test_every_processing_attempt_is_audited(client, channel):
    body = body_of(shopify_order())
    post_webhook(client, channel, body, **shopify_headers(body))
    event = InboundEvent.objects.get()
    rows = AuditLog.objects.filter(object_type="channels.inboundevent", object_id=str(event.pk))
    actions = list(rows.values_list("action", flat=True))
    assert actions == ["inbound_event.exception"]


def test_an_event_left_received_by_a_dead_request_is_processed_by_the_sweep(channel):
    sample_products()
    event = InboundEvent.objects.create(
        channel=channel, topic="orders/create", delivery_id="wh-9", raw_body=body_of(shopify_order())
    )
    InboundEvent.objects.filter(pk=event.pk).update(received_at=timezone.now() - timedelta(minutes=5))
    fresh = InboundEvent.objects.create(channel=channel, topic="orders/paid", delivery_id="wh-10", raw_body=b"{}")
    out = io.StringIO()
    call_command("process_inbound_events", stdout=out)
    assert "processed=1" in out.getvalue()
    event.refresh_from_db()
    fresh.refresh_from_db()
    assert event.status == EventStatus.PROCESSED and SalesOrder.objects.count() == 1
    assert fresh.status == EventStatus.RECEIVED  # its request may still be running


def test_add_channel_reads_the_secret_from_the_environment_never_the_arguments(monkeypatch, client):
    monkeypatch.setenv("CHANNEL_WEBHOOK_SECRET", SECRET)
    call_command("add_channel", "shop-tr", "--kind", "shopify", "--name", "Shop TR", stdout=io.StringIO())
    channel = Channel.objects.get(code="shop-tr")
    assert open_secret(channel.webhook_secret_sealed) == SECRET
    assert SECRET not in str(AuditLog.objects.filter(action="channel.created").values_list("data", flat=True))
    sample_products()
    body = body_of(shopify_order())
    assert post_webhook(client, channel, body, **shopify_headers(body)).json() == {"status": "processed"}

    monkeypatch.setenv("CHANNEL_WEBHOOK_SECRET", "rotated-secret")
    call_command("add_channel", "shop-tr", stdout=io.StringIO())
    assert post_webhook(client, channel, body, **shopify_headers(body, delivery="wh-2")).status_code == 401
    monkeypatch.delenv("CHANNEL_WEBHOOK_SECRET")
    with pytest.raises(CommandError):
        call_command("add_channel", "shop-2", stdout=io.StringIO())


def test_the_admin_never_shows_the_sealed_secret(admin_client, channel):
    page = admin_client.get(reverse("admin:channels_channel_change", args=[channel.pk]))
    assert page.status_code == 200
    assert SECRET not in page.content.decode() and "webhook_secret" not in page.content.decode()


def test_a_webhook_secret_is_encrypted_at_rest():
    from arkaofis.channels.secrets import PLAIN, seal_secret

    sealed = seal_secret("shpss_very-secret")
    assert sealed.startswith("fernet:") and "very-secret" not in sealed
    assert open_secret(sealed) == "shpss_very-secret"
    assert open_secret(PLAIN + "legacy") == "legacy"


def test_a_secret_sealed_under_another_key_is_unreadable(settings):
    import pytest

    from arkaofis.channels.secrets import UnreadableSecret, seal_secret

    sealed = seal_secret("s3cret")
    settings.ARKAOFIS_SECRETS_KEY = "A" * 43 + "="
    with pytest.raises(UnreadableSecret):
        open_secret(sealed)
