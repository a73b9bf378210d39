"""Our own webhooks: every public outbox event, POSTed and signed to the subscribers of its topic.

Delivery is one outbox row per (event, subscriber): the "*" handler `deliver_to_subscribers` fans
an event out into "webhook.delivery" rows, and `post_delivery` sends one of them. So each
subscriber is retried on its own with the outbox's back-off: a subscriber that is down delays
nobody else, and the others are not sent duplicates when it fails. Delivery is at least once:
subscribers dedupe on X-Arkaofis-Event-Id (the id of the original event, the same on every retry).

The request: POST, JSON body {"id", "topic", "created_at", "payload"}, signed per the Standard
Webhooks specification (webhook-id, webhook-timestamp, webhook-signature): the signature covers the
id and the moment of sending, so a receiver that verifies it (any Standard Webhooks library) refuses
a replayed or altered request. The older X-Arkaofis-Event-Id, X-Arkaofis-Topic and
X-Arkaofis-Signature = base64(HMAC-SHA256(secret, raw body)) headers stay for receivers written
before. Any non-2xx answer or network error raises, and the outbox retries later.
"""

import base64
import binascii
import json
import logging
from datetime import datetime

import httpx
from django.db import transaction
from django.utils import timezone
from standardwebhooks import Webhook

from arkaofis.channels.domain import hmac_sha256_base64
from arkaofis.channels.models import WebhookSubscription
from arkaofis.channels.secrets import open_secret
from arkaofis.core.models import OutboxEvent
from arkaofis.core.outbound import PrivateAddress, pin_public_url
from arkaofis.core.services.outbox import emit_event

log = logging.getLogger(__name__)

DELIVERY_TOPIC = "webhook.delivery"
# Internal plumbing, never sent to subscribers (a "*" subscription means every public event).
INTERNAL_TOPICS = frozenset({DELIVERY_TOPIC, "channel.stock_push", "channel.stock_push_check", "channel.shipment_push"})
TIMEOUT_SECONDS = 10.0
USER_AGENT = "Arkaofis-Webhooks/1"


class SubscriberRefused(Exception):
    """The subscriber answered, but not with 2xx: retry later."""


def wants(subscription: WebhookSubscription, topic: str) -> bool:
    return topic not in INTERNAL_TOPICS and ("*" in subscription.topics or topic in subscription.topics)


def deliver_to_subscribers(event: OutboxEvent) -> None:
    """Outbox handler on "*": one delivery row per active subscription that wants this topic."""
    if event.topic in INTERNAL_TOPICS:
        return
    with transaction.atomic():
        _fan_out(event)


def _fan_out(event: OutboxEvent) -> None:
    for subscription in WebhookSubscription.objects.filter(active=True).order_by("pk"):
        if not wants(subscription, event.topic):
            continue
        # Another handler of this event may fail and the event run again: fan out only once.
        queued = OutboxEvent.objects.filter(
            topic=DELIVERY_TOPIC, payload__event_id=event.pk, payload__subscription_id=subscription.pk
        )
        if queued.exists():
            continue
        emit_event(topic=DELIVERY_TOPIC, payload={"subscription_id": subscription.pk, "event_id": event.pk})


def webhook_body(event: OutboxEvent) -> bytes:
    """The exact bytes sent (and signed) for an event."""
    document = {
        "id": event.pk,
        "topic": event.topic,
        "created_at": event.created_at.isoformat(),
        "payload": event.payload,
    }
    return json.dumps(document, separators=(",", ":"), sort_keys=True, default=str).encode()


SECRET_PREFIX = "whsec_"  # noqa: S105 - the Standard Webhooks prefix, not a secret


def signing_key(secret: str) -> bytes:
    """The HMAC key of a subscription's secret, read as Standard Webhooks libraries read it:
    "whsec_" + base64 gives the decoded bytes (the secrets we make have this form); any other
    secret a caller brought is used as its UTF-8 bytes (a receiver passes `secret.encode()`)."""
    if secret.startswith(SECRET_PREFIX):
        try:
            return base64.b64decode(secret.removeprefix(SECRET_PREFIX), validate=True)
        except (binascii.Error, ValueError):
            pass
    return secret.encode()


def standard_webhook_headers(*, secret: str, message_id: str, body: bytes, at: datetime) -> dict[str, str]:
    """webhook-id, webhook-timestamp and webhook-signature for `body` sent at `at`. The id stays the
    same on every retry (receivers dedupe on it); the timestamp is the moment of this attempt."""
    signature = Webhook(signing_key(secret)).sign(msg_id=message_id, timestamp=at, data=body.decode())
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": signature,
    }


def post_delivery(delivery: OutboxEvent, *, transport: httpx.BaseTransport | None = None) -> None:
    """Outbox handler on "webhook.delivery": POST the event to its subscriber, raise unless 2xx."""
    subscription = WebhookSubscription.objects.filter(pk=delivery.payload.get("subscription_id")).first()
    event = OutboxEvent.objects.filter(pk=delivery.payload.get("event_id")).first()
    if subscription is None or event is None or not subscription.active:
        return  # unsubscribed or deleted since: nothing left to deliver
    try:
        # Again at sending (the host's DNS may have changed), and sent to the address checked.
        target = pin_public_url(subscription.url)
    except PrivateAddress as refusal:
        raise SubscriberRefused(f"subscription {subscription.pk}: {refusal}") from refusal
    body = webhook_body(event)
    secret = open_secret(subscription.secret_sealed)
    headers = {
        **target.headers,
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Arkaofis-Event-Id": str(event.pk),
        "X-Arkaofis-Topic": event.topic,
        "X-Arkaofis-Signature": hmac_sha256_base64(secret, body),
        **standard_webhook_headers(secret=secret, message_id=f"evt_{event.pk}", body=body, at=timezone.now()),
    }
    with httpx.Client(timeout=TIMEOUT_SECONDS, transport=transport, follow_redirects=False) as client:
        response = client.post(target.url, content=body, headers=headers, extensions=dict(target.extensions))
    if not response.is_success:
        # Only the status: a subscriber's URL may carry a token, and its body is not ours to log.
        raise SubscriberRefused(f"subscription {subscription.pk} answered HTTP {response.status_code}")
    log.info("webhook delivered subscription=%s event=%s topic=%s", subscription.pk, event.pk, event.topic)
