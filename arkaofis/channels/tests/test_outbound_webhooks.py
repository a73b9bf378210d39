"""Our own webhooks: each public event POSTed, signed, to the subscribers of its topic; one
delivery per subscriber retried on its own with back-off. Subscribers are local HTTP servers."""

import base64
import json
import socket
from datetime import timedelta

import httpx
import pytest
from django.utils import timezone
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from arkaofis.channels.domain import signature_matches
from arkaofis.channels.models import WebhookSubscription
from arkaofis.channels.secrets import open_secret
from arkaofis.channels.services.outbound_webhooks import DELIVERY_TOPIC, post_delivery, standard_webhook_headers
from arkaofis.channels.services.subscriptions import create_subscription, delete_subscription, update_subscription
from arkaofis.channels.tests.servers import subscriber
from arkaofis.core.exceptions import InvalidInput
from arkaofis.core.models import AuditLog, OutboxEvent
from arkaofis.core.outbound import pin_public_url
from arkaofis.core.services.outbox import deliver_pending, emit_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def hooks():
    with subscriber() as one:
        yield one


def subscribe_to(url, topics, name="ERP"):
    subscription, secret = create_subscription(name=name, url=url, topics=topics, user=None, source="system")
    return subscription, secret


def deliver_all():
    """Run the worker's delivery until nothing is due (fan-out first, then the posts)."""
    totals = [0, 0]
    while True:
        delivered, failed = deliver_pending()
        totals[0] += delivered
        totals[1] += failed
        if not delivered:
            return tuple(totals)


def make_due(event):
    OutboxEvent.objects.filter(pk=event.pk).update(available_at=timezone.now() - timedelta(seconds=1))


def test_a_subscriber_gets_the_event_signed_with_its_secret(hooks):
    _, secret = subscribe_to(hooks.url, ["order.created"])
    event = emit_event(topic="order.created", payload={"number": "SO-000001", "channel": "api"})
    deliver_all()
    assert len(hooks.received) == 1
    headers, body = hooks.received[0]
    assert signature_matches(secret=secret, body=body, signature=headers["x-arkaofis-signature"])
    assert headers["x-arkaofis-event-id"] == str(event.pk)
    assert headers["x-arkaofis-topic"] == "order.created"
    document = json.loads(body)
    assert document["id"] == event.pk and document["topic"] == "order.created"
    assert document["payload"] == {"number": "SO-000001", "channel": "api"}
    assert document["created_at"].startswith(str(event.created_at.year))
    assert not signature_matches(secret="another secret", body=body, signature=headers["x-arkaofis-signature"])


def test_only_the_topics_asked_for_are_sent_and_internal_plumbing_never(hooks):
    subscribe_to(hooks.url, ["stock.changed"], name="stock only")
    with subscriber() as everything:
        subscribe_to(everything.url, ["*"], name="all")
        emit_event(topic="order.created", payload={"number": "SO-1"})
        emit_event(topic="stock.changed", payload={"channel": "shop", "items": []})
        emit_event(topic="channel.stock_push", payload={"channel_id": 0, "items": []})
        deliver_all()
        assert sorted(h["x-arkaofis-topic"] for h, _ in everything.received) == ["order.created", "stock.changed"]
    assert [h["x-arkaofis-topic"] for h, _ in hooks.received] == ["stock.changed"]


def test_a_failing_subscriber_is_retried_with_back_off_and_delays_nobody_else(hooks):
    hooks.statuses = [500]
    subscribe_to(hooks.url, ["order.cancelled"], name="flaky")
    with subscriber() as healthy:
        subscribe_to(healthy.url, ["order.cancelled"], name="healthy")
        event = emit_event(topic="order.cancelled", payload={"number": "SO-2"})
        assert deliver_all() == (2, 1)  # the event fanned out and the healthy post; the flaky one failed
        assert len(healthy.received) == 1
    failed = OutboxEvent.objects.get(topic=DELIVERY_TOPIC, delivered_at__isnull=True)
    assert failed.attempts == 1 and "HTTP 500" in failed.last_error
    assert failed.available_at > timezone.now() + timedelta(seconds=3)  # back-off: 5 s after the first failure
    assert deliver_pending() == (0, 0)  # not due yet

    make_due(failed)
    assert deliver_pending() == (1, 0)
    ids = [headers["x-arkaofis-event-id"] for headers, _ in hooks.received]
    assert ids == [str(event.pk), str(event.pk)]  # the retry carries the same id: subscribers dedupe on it


def test_an_unreachable_subscriber_is_retried_later():
    with socket.socket() as probe:  # a port with nobody listening
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    subscribe_to(f"http://127.0.0.1:{port}/hook", ["*"])
    emit_event(topic="order.created", payload={})
    assert deliver_all() == (1, 1)
    delivery = OutboxEvent.objects.get(topic=DELIVERY_TOPIC)
    assert delivery.delivered_at is None and "ConnectError" in delivery.last_error


def test_deliveries_queued_for_a_deactivated_or_deleted_subscription_are_dropped(hooks):
    paused, _ = subscribe_to(hooks.url, ["*"], name="paused")
    gone, _ = subscribe_to(hooks.url, ["*"], name="gone")
    emit_event(topic="order.created", payload={})
    deliver_pending()  # fanned out: two deliveries queued
    update_subscription(subscription_id=paused.pk, active=False, user=None, source="system")
    delete_subscription(subscription_id=gone.pk, user=None, source="system")
    assert deliver_all() == (2, 0)
    assert hooks.received == []


def test_the_secret_is_returned_once_and_stored_only_sealed(hooks):
    subscription, secret = subscribe_to(hooks.url, ["order.created", "order.created", " stock.changed "])
    stored = WebhookSubscription.objects.get(pk=subscription.pk)
    assert secret.startswith("whsec_") and secret not in stored.secret_sealed
    assert open_secret(stored.secret_sealed) == secret
    assert stored.topics == ["order.created", "stock.changed"]
    audit = AuditLog.objects.get(action="webhook_subscription.created")
    assert secret not in json.dumps(audit.data) and "token=abc" not in json.dumps(audit.data)


@pytest.mark.parametrize(
    ("url", "topics"),
    [
        ("ftp://example.com/hook", ["*"]),
        ("not a url", ["*"]),
        ("https://example.com/hook", []),
        ("https://example.com/hook", ["Order Created"]),
    ],
)
def test_a_bad_url_or_topic_is_refused_and_nothing_is_stored(url, topics):
    with pytest.raises(InvalidInput):
        subscribe_to(url, topics)
    assert not WebhookSubscription.objects.exists()
    assert not AuditLog.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:5432/",
        "http://localhost/hook",
        "http://10.1.2.3/hook",
        "http://192.168.1.10/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/hook",
        "http://0.0.0.0/hook",
    ],
)
def test_in_production_a_subscriber_on_this_machine_or_a_private_network_is_refused(settings, url):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    with pytest.raises(InvalidInput) as refusal:
        subscribe_to(url, ["*"])
    assert refusal.value.code == "private-address"
    assert not WebhookSubscription.objects.exists()


def test_in_production_a_public_address_is_accepted(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    subscription, _ = subscribe_to("https://93.184.215.14/hook", ["*"])  # an IP literal: no DNS needed
    assert subscription.url == "https://93.184.215.14/hook"


def test_a_delivery_goes_to_the_address_checked_not_to_a_later_dns_answer(settings, monkeypatch):
    """DNS rebinding: the subscriber's host answers a public address to the check, then this
    machine's. The request is pinned to the address checked, with its Host and TLS name kept."""
    subscribe_to("https://hooks.example.com:8443/in?token=abc", ["*"])
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    answers = iter(["93.184.215.14", "127.0.0.1"])

    def rebinding_dns(host, port, *args, **kwargs):
        assert host == "hooks.example.com"
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (next(answers), 0))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding_dns)
    emit_event(topic="order.created", payload={"number": "SO-000001"})
    deliver_pending()  # the fan-out: one delivery row
    sent: list[httpx.Request] = []
    transport = httpx.MockTransport(lambda request: sent.append(request) or httpx.Response(204))
    post_delivery(OutboxEvent.objects.get(topic=DELIVERY_TOPIC), transport=transport)
    [request] = sent
    assert str(request.url) == "https://93.184.215.14:8443/in?token=abc"
    assert request.headers["host"] == "hooks.example.com:8443"
    assert request.extensions["sni_hostname"] == "hooks.example.com"  # the certificate must name the host
    assert next(answers) == "127.0.0.1"  # DNS was asked once: the later answer was never used


def test_a_pinned_plain_http_url_keeps_its_host_header_and_brackets_an_ipv6_address(settings, monkeypatch):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda *args, **kwargs: [(socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("2606:2800:21f:cb07::1", 0, 0, 0))],
    )
    target = pin_public_url("http://hooks.example.com/in")
    assert (target.url, dict(target.headers), dict(target.extensions)) == (
        "http://[2606:2800:21f:cb07::1]/in",
        {"Host": "hooks.example.com"},
        {},
    )


def test_a_subscriber_whose_address_turned_private_is_not_sent_to(settings, hooks):
    subscribe_to(hooks.url, ["*"])  # saved while allowed (say, its DNS changed since)
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    emit_event(topic="order.created", payload={"number": "SO-000001"})
    assert deliver_all() == (1, 1)
    delivery = OutboxEvent.objects.get(topic=DELIVERY_TOPIC)
    assert delivery.delivered_at is None and "private or local address" in delivery.last_error
    assert hooks.received == []


def test_a_receiver_verifies_each_delivery_with_the_standard_webhooks_library(hooks):
    _, secret = subscribe_to(hooks.url, ["order.created"])
    hooks.statuses = [503]  # the first attempt fails: the retry keeps the id and signs anew
    event = emit_event(topic="order.created", payload={"number": "SO-000002"})
    deliver_all()
    make_due(OutboxEvent.objects.get(topic=DELIVERY_TOPIC))
    deliver_all()
    assert len(hooks.received) == 2
    receiver = Webhook(secret)  # the secret as shown, passed as is
    for headers, body in hooks.received:
        assert receiver.verify(body, headers)["payload"] == {"number": "SO-000002"}
        assert headers["webhook-id"] == f"evt_{event.pk}"
    assert abs(int(hooks.received[1][0]["webhook-timestamp"]) - timezone.now().timestamp()) < 60


def test_a_replayed_or_altered_delivery_is_refused_by_the_receiver(hooks):
    _, secret = subscribe_to(hooks.url, ["order.created"])
    emit_event(topic="order.created", payload={"number": "SO-000003"})
    deliver_all()
    headers, body = hooks.received[0]
    receiver = Webhook(secret)
    # A replay cannot move the timestamp forward without the secret: the signature no longer matches.
    fresh = {**headers, "webhook-timestamp": str(int(timezone.now().timestamp()) + 1)}
    with pytest.raises(WebhookVerificationError):
        receiver.verify(body, fresh)
    with pytest.raises(WebhookVerificationError):
        receiver.verify(body.replace(b"SO-000003", b"SO-000004"), headers)
    with pytest.raises(WebhookVerificationError):
        Webhook("whsec_" + base64.b64encode(b"another secret of 32 bytes......").decode()).verify(body, headers)


def test_a_delivery_signed_more_than_five_minutes_ago_is_refused_as_a_replay():
    secret = "whsec_" + base64.b64encode(b"k" * 32).decode()
    body = b'{"id":1}'
    late = standard_webhook_headers(
        secret=secret, message_id="evt_1", body=body, at=timezone.now() - timedelta(minutes=6)
    )
    with pytest.raises(WebhookVerificationError, match="too old"):
        Webhook(secret).verify(body, late)
    now = standard_webhook_headers(secret=secret, message_id="evt_1", body=body, at=timezone.now())
    assert Webhook(secret).verify(body, now) == {"id": 1}


def test_a_secret_the_caller_brought_signs_with_its_own_bytes(hooks):
    secret = "a caller's own secret, not base64 at all!"
    subscribe_to_with = create_subscription(
        name="own", url=hooks.url, topics=["*"], user=None, source="api", secret=secret
    )
    assert subscribe_to_with[1] == secret
    emit_event(topic="stock.low", payload={"sku": "TEA-1"})
    deliver_all()
    headers, body = hooks.received[0]
    assert Webhook(secret.encode()).verify(body, headers)["topic"] == "stock.low"
