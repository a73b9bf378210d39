"""The in-process dispatcher: subscribers run in the publisher's transaction, in order, once each."""

from dataclasses import dataclass, field

import pytest
from django.db import transaction

from arkaofis.core.events import PublishedOutsideTransaction, publish, subscribe, unsubscribe


@dataclass
class Happened:
    heard: list[str] = field(default_factory=list)


def first(event: Happened) -> None:
    event.heard.append("first")


def second(event: Happened) -> None:
    event.heard.append("second")


@pytest.fixture
def subscribed():
    subscribe(Happened, first)
    subscribe(Happened, second)
    subscribe(Happened, first)  # twice is once
    yield
    unsubscribe(Happened, first)
    unsubscribe(Happened, second)


@pytest.mark.django_db
def test_subscribers_hear_an_event_once_each_in_the_order_they_subscribed(subscribed):
    event = Happened()
    with transaction.atomic():
        publish(event)
    assert event.heard == ["first", "second"]


@pytest.mark.django_db(transaction=True)
def test_an_event_published_outside_a_transaction_is_refused_before_any_subscriber_runs(subscribed):
    event = Happened()
    with pytest.raises(PublishedOutsideTransaction):
        publish(event)
    assert event.heard == []
