"""Webhook subscriptions API under /api/webhook-subscriptions: list, subscribe, change, delete.

The caller brings the signing secret when subscribing (at least 32 characters): an answer that
carried a secret would be stored in clear with its Idempotency-Key. The secret is never returned.
"""

from datetime import datetime
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from arkaofis.channels.models import WebhookSubscription
from arkaofis.channels.services import subscriptions
from arkaofis.core.api_auth import caller, requires
from arkaofis.core.idempotency import idempotent
from arkaofis.core.models import Source

router = Router(tags=["webhooks"])
VIEW = "channels.view_webhooksubscription"
ADD, CHANGE, DELETE = (
    "channels.add_webhooksubscription",
    "channels.change_webhooksubscription",
    "channels.delete_webhooksubscription",
)

Text = Annotated[str, Field(min_length=1, max_length=500, pattern=r"^[^\x00]*$")]
Topic = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[^\x00]*$")]
TOPICS = f'event names ({", ".join(subscriptions.KNOWN_TOPICS)}) or "*" for every event'


class SubscriptionIn(Schema):
    name: Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[^\x00]*$")]
    url: Text
    topics: Annotated[list[Topic], Field(min_length=1, max_length=50, description=TOPICS)]
    secret: Annotated[str, Field(min_length=32, max_length=200, pattern=r"^[^\x00]*$", description="signing secret")]


class SubscriptionChangeIn(Schema):
    url: Text | None = None
    topics: Annotated[list[Topic], Field(min_length=1, max_length=50, description=TOPICS)] | None = None
    active: bool | None = None


class SubscriptionOut(Schema):
    id: int
    name: str
    url: str
    topics: list[str]
    active: bool
    created_at: datetime


def _out(subscription: WebhookSubscription) -> SubscriptionOut:
    return SubscriptionOut(
        id=subscription.pk, name=subscription.name, url=subscription.url, topics=list(subscription.topics),
        active=subscription.active, created_at=subscription.created_at,
    )  # fmt: skip


@router.get("", response=list[SubscriptionOut], auth=requires(VIEW))
def list_subscriptions(request: HttpRequest) -> list[SubscriptionOut]:
    """Every subscription (never its secret)."""
    return [_out(subscription) for subscription in WebhookSubscription.objects.order_by("name", "pk")]


@router.post("", response={201: SubscriptionOut}, auth=requires(ADD))
@idempotent
def create_subscription(request: HttpRequest, payload: SubscriptionIn) -> Status:
    """Subscribe a URL to events; each is POSTed signed with `secret` per Standard Webhooks (webhook-signature)."""
    subscription, _ = subscriptions.create_subscription(
        name=payload.name, url=payload.url, topics=payload.topics, secret=payload.secret,
        user=caller(request), source=Source.API,
    )  # fmt: skip
    return Status(201, _out(subscription))


@router.post("/{subscription_id}", response={200: SubscriptionOut}, auth=requires(CHANGE))
@idempotent
def change_subscription(request: HttpRequest, subscription_id: int, payload: SubscriptionChangeIn) -> Status:
    """Change the URL or events, pause (`active: false`) or resume a subscription."""
    subscription = subscriptions.update_subscription(
        subscription_id=subscription_id, url=payload.url, topics=payload.topics, active=payload.active,
        user=caller(request), source=Source.API,
    )  # fmt: skip
    return Status(200, _out(subscription))


@router.delete("/{subscription_id}", response={204: None}, auth=requires(DELETE))
def delete_subscription(request: HttpRequest, subscription_id: int) -> Status:
    """Delete a subscription; deliveries still queued for it are dropped."""
    subscriptions.delete_subscription(subscription_id=subscription_id, user=caller(request), source=Source.API)
    return Status(204, None)
