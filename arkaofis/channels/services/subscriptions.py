"""Manage subscriptions to our own webhooks. The secret is made here, shown once, then sealed."""

import base64
import re
import secrets
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction
from django.utils.translation import gettext

from arkaofis.channels.models import WebhookSubscription
from arkaofis.channels.secrets import seal_secret
from arkaofis.core.exceptions import InvalidInput, NotFound
from arkaofis.core.outbound import check_public_url
from arkaofis.core.services.audit import record_audit

# Events a subscriber may ask for (the screen offers these); "*" means every public event.
KNOWN_TOPICS = (
    "order.created",
    "order.updated",
    "order.shipped",
    "order.delivered",
    "order.cancelled",
    "return.opened",
    "return.received",
    "return.closed",
    "return.cancelled",
    "stock.changed",
    "stock.low",
)
TOPIC_PATTERN = re.compile(r"^(\*|[a-z][a-z_]*(\.[a-z_]+)+)$")


def clean_topics(topics: Sequence[str]) -> list[str]:
    """Distinct, well-formed topics (an event name like "order.created", or "*"); at least one."""
    cleaned = list(dict.fromkeys(topic.strip() for topic in topics if topic.strip()))
    if not cleaned:
        raise InvalidInput(gettext("Choose at least one event"), field="topics")
    bad = [topic for topic in cleaned if len(topic) > 64 or not TOPIC_PATTERN.match(topic)]
    if bad:
        raise InvalidInput(gettext("Not an event name: %(names)s") % {"names": ", ".join(bad)}, field="topics")
    return cleaned


def clean_url(url: str) -> str:
    try:
        parts = urlsplit(url.strip())
        usable = parts.scheme in ("http", "https") and bool(parts.hostname) and len(url) <= 500
    except ValueError:  # e.g. a malformed IPv6 host
        usable = False
    if not usable or not url.isprintable():
        raise InvalidInput(gettext("The URL must be an http(s) address of at most 500 characters"), field="url")
    check_public_url(url.strip())
    return url.strip()


MIN_SECRET_LENGTH = 32


def create_subscription(
    *, name: str, url: str, topics: Sequence[str], user: Any, source: str, secret: str = ""
) -> tuple[WebhookSubscription, str]:
    """The new subscription and its signing secret: shown to the caller once, stored only sealed.

    The secret is made here unless the caller brings one (the API does: an answer carrying a new
    secret would be kept in clear with its Idempotency-Key).
    """
    name = name.strip()
    if not name or len(name) > 100:
        raise InvalidInput(gettext("Give the subscription a name of at most 100 characters"), field="name")
    if secret and not (MIN_SECRET_LENGTH <= len(secret) <= 200 and secret.isprintable() and secret.strip() == secret):
        raise InvalidInput(
            gettext("A secret is %(min_secret_length)s-200 printable characters")
            % {"min_secret_length": MIN_SECRET_LENGTH},
            field="secret",
        )
    # The Standard Webhooks form: "whsec_" + base64 of 32 random bytes, read as is by its libraries.
    secret = secret or "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()
    with transaction.atomic():
        subscription = WebhookSubscription.objects.create(
            name=name, url=clean_url(url), topics=clean_topics(topics), secret_sealed=seal_secret(secret)
        )
        _audit(subscription, "webhook_subscription.created", user=user, source=source)
    return subscription, secret


@transaction.atomic
def update_subscription(
    *, subscription_id: int, user: Any, source: str, url: str | None = None, topics: Sequence[str] | None = None,
    active: bool | None = None,
) -> WebhookSubscription:  # fmt: skip
    subscription = _locked(subscription_id)
    if url is not None:
        subscription.url = clean_url(url)
    if topics is not None:
        subscription.topics = clean_topics(topics)
    if active is not None:
        subscription.active = active
    subscription.save(update_fields=["url", "topics", "active"])
    _audit(subscription, "webhook_subscription.changed", user=user, source=source)
    return subscription


@transaction.atomic
def delete_subscription(*, subscription_id: int, user: Any, source: str) -> None:
    """Remove a subscription; deliveries still queued for it are dropped when their turn comes."""
    subscription = _locked(subscription_id)
    _audit(subscription, "webhook_subscription.deleted", user=user, source=source)
    subscription.delete()


def _locked(subscription_id: int) -> WebhookSubscription:
    subscription = WebhookSubscription.objects.select_for_update().filter(pk=subscription_id).first()
    if subscription is None:
        raise NotFound(
            gettext("No webhook subscription %(subscription_id)s") % {"subscription_id": subscription_id},
            subscription=subscription_id,
        )
    return subscription


def _audit(subscription: WebhookSubscription, action: str, *, user: Any, source: str) -> None:
    # The URL is recorded without its query (it may carry a token); the secret never.
    parts = urlsplit(subscription.url)
    data = {
        "name": subscription.name,
        "url": f"{parts.scheme}://{parts.netloc}{parts.path}",
        "topics": subscription.topics,
    }
    record_audit(
        user=user, source=source, action=action, obj=subscription, data={**data, "active": subscription.active}
    )
