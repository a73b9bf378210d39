"""Corrections staff make to a parked event before re-processing it (the raw body stays as sent)."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from arkaofis.channels.models import EventStatus, InboundEvent
from arkaofis.core.exceptions import Conflict, InvalidInput
from arkaofis.core.services.audit import record_audit

ADDRESS_KEYS = ("name", "company", "address1", "address2", "city", "province_code", "zip", "country_code", "phone")
ADDRESS_FIELDS = ("shipping_address", "billing_address")


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
