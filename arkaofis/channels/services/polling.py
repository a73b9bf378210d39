"""Poll a channel that does not call us (Amazon, Trendyol): store each order read, process it, move the cursor.

For each page the adapter yields:
1. every order is stored as an InboundEvent (its own short transaction), dedupe on (channel,
   delivery id) where the delivery id is the order's id plus its last-update stamp: an order read
   again unchanged is a duplicate, a changed one is a new event;
2. every event still "received" (new, or left so by a poll killed before processing it) is
   processed by the same processing.process_event as a webhook: an order, a cancellation, a note,
   or an exception in the queue;
3. only then is the page's cursor saved.
A poll killed at any point therefore re-reads at most one page when restarted, and dedupe plus
receive_order's idempotency make every order exist exactly once. A run spans many transactions on
purpose: one per event and one per cursor move, so nothing waits on the channel's HTTP answers.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from arkaofis.channels.adapters import api_adapter
from arkaofis.channels.adapters.paging import PolledOrder, PollPage
from arkaofis.channels.exceptions import UnknownChannel
from arkaofis.channels.http import ChannelHttp
from arkaofis.channels.models import Channel, EventStatus, InboundEvent, PollCursor
from arkaofis.channels.services.processing import process_event
from arkaofis.core.exceptions import InvalidInput

logger = logging.getLogger("arkaofis.channels")


@dataclass
class PollResult:
    channel: str
    pages: int = 0
    orders_read: int = 0
    new_events: int = 0
    duplicates: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)  # processed | exception | … → count

    def summary(self) -> str:
        outcomes = ", ".join(f"{status}={count}" for status, count in sorted(self.outcomes.items())) or "none"
        return (
            f"{self.channel}: {self.pages} page(s), {self.orders_read} order(s) read, "
            f"{self.new_events} new, {self.duplicates} duplicate(s); processed: {outcomes}"
        )


def pollable_channel_codes(*, code: str = "") -> list[str]:
    rows = Channel.objects.filter(active=True).order_by("code")
    if code:
        rows = rows.filter(code=code)
    return [channel.code for channel in rows if _poller(channel) is not None]


def poll_channel(
    *, channel_code: str, user: Any, source: str, http: ChannelHttp | None = None, now: datetime | None = None
) -> PollResult:
    """Read every order changed since the channel's cursor; raises ChannelUnavailable if the channel fails.

    Pages done before a failure stay done (their cursor is saved); the next poll resumes there.
    """
    channel = Channel.objects.filter(code=channel_code, active=True).first()
    if channel is None:
        raise UnknownChannel(channel_code)
    adapter = _poller(channel)
    if adapter is None:
        raise InvalidInput(
            gettext("Channel %(channel)s (%(kind)s) is not polled") % {"channel": channel.code, "kind": channel.kind},
            channel=channel.code,
        )
    result = PollResult(channel=channel.code)
    client = http or adapter.client(channel)
    try:
        for page in adapter.poll(client, channel, read_cursor(channel_id=channel.pk), now or timezone.now()):
            _take_page(channel, page, result, user=user, source=source)
    finally:
        if http is None:
            client.close()
    logger.info("poll %s", result.summary())
    return result


def read_cursor(*, channel_id: int) -> dict[str, str]:
    return dict(PollCursor.objects.filter(channel_id=channel_id).values_list("name", "value"))


def _poller(channel: Channel) -> Any:
    adapter = api_adapter(channel.kind)
    return adapter if adapter is not None and hasattr(adapter, "poll") else None


def _take_page(channel: Channel, page: PollPage, result: PollResult, *, user: Any, source: str) -> None:
    result.pages += 1
    for order in page.orders:
        result.orders_read += 1
        event, created = _store(channel, order)
        if created:
            result.new_events += 1
        else:
            result.duplicates += 1
        if event.status == EventStatus.RECEIVED:  # new, or stored by a poll that died before processing it
            status = process_event(event_id=event.pk, user=user, source=source).status
            result.outcomes[status] = result.outcomes.get(status, 0) + 1
    _save_cursor(channel, page.cursor)


def _store(channel: Channel, order: PolledOrder) -> tuple[InboundEvent, bool]:
    # Most of a re-read page is already stored: look first, so a duplicate costs one indexed read.
    existing = InboundEvent.objects.filter(channel=channel, delivery_id=order.delivery_id).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            event = InboundEvent.objects.create(
                channel=channel, topic=order.topic[:64], delivery_id=order.delivery_id, raw_body=order.body()
            )
            return event, True
    except IntegrityError:
        return InboundEvent.objects.get(channel=channel, delivery_id=order.delivery_id), False


@transaction.atomic
def _save_cursor(channel: Channel, cursor: dict[str, str]) -> None:
    for name, value in cursor.items():
        PollCursor.objects.update_or_create(channel=channel, name=name[:64], defaults={"value": value[:500]})
