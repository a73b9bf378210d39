"""Corrections staff make to a parked event before re-processing it (the raw body stays as sent)."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from arkaofis.channels.models import EventStatus, InboundEvent
from arkaofis.core.exceptions import Conflict, InvalidInput
from arkaofis.core.services.audit import record_audit

ADDRESS_KEYS = ("name", "company", "address1", "address2", "city", "province_code", "zip", "country_code", "phone")
ADDRESS_FIELDS = ("shipping_address", "billing_address")
# Kept among the fixes: the channel total staff accepted for an order that does not add up to it.
ACCEPTED_TOTAL = "arkaofis_accepted_total"


@transaction.atomic
def fix_event_address(*, event_id: int, which: str, address: dict[str, str], user: Any, source: str) -> InboundEvent:
    """Store a corrected address (channel field names) to be used when the event is re-processed."""
    if which not in ADDRESS_FIELDS:
        raise InvalidInput(
            gettext("Only %(fields)s can be corrected") % {"fields": ", ".join(ADDRESS_FIELDS)},
            field="which",
        )
    event = InboundEvent.objects.select_for_update().get(pk=event_id)
    if event.status != EventStatus.EXCEPTION:
        raise Conflict(
            gettext("Event %(event)s is %(status)s; only an exception can be corrected")
            % {"event": event.pk, "status": event.status},
            status=event.status,
        )
    cleaned = {key: str(address.get(key) or "").strip() for key in ADDRESS_KEYS}
    cleaned["country_code"] = cleaned["country_code"].upper()
    event.fixes = {**event.fixes, which: cleaned}
    event.save(update_fields=["fixes"])
    # The audit row names what was corrected, not the customer's address itself.
    record_audit(user=user, source=source, action="inbound_event.fixed", obj=event, data={"field": which})
    return event


@transaction.atomic
def accept_channel_total(*, event_id: int, user: Any, source: str) -> InboundEvent:
    """Store a parked order whose total differs from the channel's as we read it, because a person
    checked it (e.g. a fee the channel charged that our order has no line for).

    The acceptance names the channel total it was given for: a later message of the order with a
    different total is checked again. Audited with both totals.
    """
    event = InboundEvent.objects.select_for_update().get(pk=event_id)
    if event.status != EventStatus.EXCEPTION or event.error_code != "total-mismatch":
        raise Conflict(f"Event {event.pk} is not waiting on a total that differs", status=event.status)
    event.fixes = {**event.fixes, ACCEPTED_TOTAL: event.error_data["channel_total"]}
    event.save(update_fields=["fixes"])
    totals = {key: event.error_data.get(key) for key in ("computed", "channel_total", "currency")}
    record_audit(user=user, source=source, action="inbound_event.total_accepted", obj=event, data=totals)
    return event
