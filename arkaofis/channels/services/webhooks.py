"""Receive one webhook delivery: authenticate, dedupe, store, then process.

The order of the checks is the contract with the channel:
- unknown channel → 404, bad or missing signature → 401; nothing is stored for either (an
  unauthenticated caller must not be able to fill our tables);
- a subscription ping the adapter recognises (is_ping) → 200, nothing stored;
- a delivery id seen before → 200, nothing changes (the channel retries until it gets a 2xx);
- a body that cannot be read → 400 with the reason, kept as a dead-letter event;
- otherwise the event is stored (committed) first and then processed, so a refusal such as an
  unknown SKU leaves it in the exception queue with its reason, and the channel gets 200.
"""

import logging
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from arkaofis.channels import domain, selectors
from arkaofis.channels.adapters import webhook_adapter
from arkaofis.channels.exceptions import MalformedPayload
from arkaofis.channels.models import Channel, EventStatus, InboundEvent
from arkaofis.channels.secrets import UnreadableSecret, open_secret
from arkaofis.channels.services.processing import process_event
from arkaofis.core.models import Source

logger = logging.getLogger("arkaofis.channels")


@dataclass(frozen=True)
class WebhookResult:
    status_code: int
    outcome: str  # processed | exception | dead | duplicate | ping | unauthorized | unknown-channel
    detail: str = ""
    event_id: int | None = None


def receive_webhook(*, channel_code: str, headers: Mapping[str, str], body: bytes) -> WebhookResult:
    channel = selectors.active_channel(channel_code)
    adapter = webhook_adapter(channel.kind) if channel else None
    if channel is None or adapter is None:
        logger.warning("webhook refused: no active channel with a webhook adapter code=%s", channel_code[:32])
        return WebhookResult(404, "unknown-channel", "No such channel")
    if hasattr(adapter, "is_ping") and adapter.is_ping(headers=headers, body=body):
        # A subscription ping (WooCommerce sends one unsigned when a webhook is created): it is not
        # an order and is not authenticated, so it is answered and nothing is stored.
        logger.info("webhook ping acknowledged channel=%s", channel.code)
        return WebhookResult(200, "ping", "Ping acknowledged")
    if not adapter.verify(secret=_secret(channel), body=body, headers=headers):
        logger.warning("webhook refused: bad or missing signature channel=%s", channel.code)
        return WebhookResult(401, "unauthorized", "Signature does not match")
    delivery_id = adapter.delivery_id(headers=headers, body=body)
    if selectors.delivery_seen(channel_id=channel.pk, delivery_id=delivery_id):
        return _duplicate(channel, delivery_id)
    try:
        adapter.read_json(body)
        unreadable = None
    except MalformedPayload as error:
        unreadable = error
    topic = adapter.topic_from_body(body) if hasattr(adapter, "topic_from_body") else adapter.topic(headers)
    event = _store(channel, topic, delivery_id, headers, body, unreadable)
    if event is None:  # a concurrent retry stored it first
        return _duplicate(channel, delivery_id)
    if unreadable is not None:
        logger.warning("webhook dead-lettered channel=%s delivery=%s reason=malformed", channel.code, delivery_id)
        return WebhookResult(400, EventStatus.DEAD, unreadable.detail, event.pk)
    event = process_event(event_id=event.pk, user=None, source=Source.CHANNEL)
    return WebhookResult(200, event.status, event.error, event.pk)


def _secret(channel: Channel) -> str:
    try:
        return open_secret(channel.webhook_secret_sealed)
    except UnreadableSecret:
        logger.error("channel secret cannot be opened channel=%s", channel.code)
        return ""  # no secret verifies nothing: every delivery is refused until it is set again


def _duplicate(channel: Channel, delivery_id: str) -> WebhookResult:
    logger.info("webhook duplicate ignored channel=%s delivery=%s", channel.code, delivery_id)
    return WebhookResult(200, "duplicate", "Already received")


def _store(
    channel: Channel,
    topic: str,
    delivery_id: str,
    headers: Mapping[str, str],
    body: bytes,
    unreadable: MalformedPayload | None,
) -> InboundEvent | None:
    # The reason's message id and values are kept too, so the exception queue says it in the reader's language.
    dead = (
        {
            "status": EventStatus.DEAD,
            "error_code": MalformedPayload.code,
            "error": unreadable.detail,
            "error_data": unreadable.data,
        }
        if unreadable is not None
        else {}
    )
    try:
        with transaction.atomic():
            return InboundEvent.objects.create(
                channel=channel,
                topic=topic,
                delivery_id=delivery_id,
                raw_body=body,
                headers=domain.kept_headers(headers),
                **dead,
            )
    except IntegrityError:
        return None
