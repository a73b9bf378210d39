"""Domain events: how a lower context makes a higher one act without importing it (DESIGN.md, "Floors").

The owner of a change publishes an event (a dataclass from its own `events.py`) inside the
transaction that makes the change; every subscriber runs there and then, synchronously, in the
order it subscribed. A subscriber that must refuse raises a typed error (a DomainError): it
leaves `publish`, the publisher's transaction rolls back, and the change never happened.

Subscribers register in their app's `AppConfig.ready`, so a context that is not installed is not
called. These events never leave the process; what other systems hear goes through the outbox.
"""

from collections import defaultdict
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import connection

E = TypeVar("E")
Subscriber = Callable[[Any], None]

_subscribers: defaultdict[type, list[Subscriber]] = defaultdict(list)


class PublishedOutsideTransaction(RuntimeError):
    """A subscriber's writes must commit or roll back with the change that announced them."""


def subscribe(event_type: type[E], subscriber: Callable[[E], None]) -> None:
    """Call `subscriber(event)` for every `event_type` published. Subscribing twice is once."""
    if subscriber not in _subscribers[event_type]:
        _subscribers[event_type].append(subscriber)


def unsubscribe(event_type: type[E], subscriber: Callable[[E], None]) -> None:
    if subscriber in _subscribers[event_type]:
        _subscribers[event_type].remove(subscriber)


def publish(event: object) -> None:
    """Run every subscriber of `type(event)`; the first error stops the rest and propagates.

    Must run inside the publisher's transaction (`transaction.atomic`), so a refusal undoes it.
    """
    if not connection.in_atomic_block:
        raise PublishedOutsideTransaction(f"{type(event).__name__} published outside a transaction")
    for subscriber in list(_subscribers[type(event)]):
        subscriber(event)
