"""Exception queue: channel events that could not become orders, with their reason and raw payload;
map a channel SKU to ours (for good) and re-process an event."""

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from arkaofis.channels import selectors
from arkaofis.channels.adapters import webhook_adapter
from arkaofis.channels.domain import pretty_body
from arkaofis.channels.exceptions import told
from arkaofis.channels.forms import AddressFixForm, MapSkuForm, QueueFilterForm
from arkaofis.channels.models import EventStatus, InboundEvent
from arkaofis.channels.services.fixes import ADDRESS_FIELDS, ADDRESS_KEYS, accept_channel_total, fix_event_address
from arkaofis.channels.services.processing import process_event
from arkaofis.channels.services.sku_maps import map_channel_sku, reprocess_waiting_for
from arkaofis.core.exceptions import DomainError
from arkaofis.core.models import Source
from arkaofis.core.views import error_message, staff_view

KEEP = ("channel", "status", "page")

# The stored reason is English detail (for logs and support); the screen leads with a translated title and
# says the reason in the reader's language where the event kept its message id.
REASON_TITLES = {
    "malformed-payload": gettext_lazy("Unreadable message"),
    "bad-order-payload": gettext_lazy("Order data refused"),
    "bad-address": gettext_lazy("Address refused"),
    "invalid-input": gettext_lazy("Order refused"),
    "internal-error": gettext_lazy("Unexpected error"),
    "edit-would-oversell": gettext_lazy("Channel change needs stock that is not free; re-process when it arrives"),
    "total-mismatch": gettext_lazy("Order total differs from the channel's"),
}


def _reason(event: InboundEvent) -> str:
    if event.error_code == "unmapped-skus":
        skus = ", ".join(str(sku) for sku in event.error_data.get("skus", []))
        return _("No product of ours for the channel SKU(s): %(skus)s") % {"skus": skus}
    if event.error_code == "total-mismatch":  # both totals are shown beside it, in the reader's language
        return str(REASON_TITLES[event.error_code])
    title = REASON_TITLES.get(event.error_code)
    return f"{title}: {_told(event)}" if title else _told(event)


def _told(event: InboundEvent) -> str:
    """The stored reason in the reader's language when the event kept its message id (channels/exceptions.py)."""
    message_id = event.error_data.get("message_id")
    return told(gettext(message_id), event.error_data) if message_id else event.error


def _rows(events: list[InboundEvent]) -> list[dict]:
    return [
        {
            "event": event,
            "body": pretty_body(bytes(event.raw_body)),
            "reason": _reason(event),
            "address_form": _address_form(event),
            "totals": event.error_data if event.error_code == "total-mismatch" else None,
            "skus": [str(sku) for sku in event.error_data.get("skus", [])]
            if event.error_code == "unmapped-skus"
            else [],
        }
        for event in events
    ]


def _address_form(event: InboundEvent) -> AddressFixForm | None:
    """For a refused address: a form holding the address as it stands (the channel's, or our last fix)."""
    which = event.error_data.get("which") if event.error_code == "bad-address" else None
    if which not in ADDRESS_FIELDS:
        return None
    try:
        payload = {**json.loads(bytes(event.raw_body)), **event.fixes}
    except ValueError:
        return None
    adapter = webhook_adapter(event.channel.kind)
    if which not in event.fixes and adapter is not None and hasattr(adapter, "address_for_fix"):
        current = adapter.address_for_fix(payload, which)  # the channel's own field names
    else:
        current = payload.get(which) if isinstance(payload.get(which), dict) else {}
    initial = {key: current.get(key) or "" for key in ADDRESS_KEYS}
    if not initial["name"]:
        initial["name"] = " ".join(str(current.get(k) or "") for k in ("first_name", "last_name")).strip()
    return AddressFixForm(initial={**initial, "which": which}, auto_id=f"id_event{event.pk}_%s")


def _back(request: HttpRequest) -> str:
    query = {key: request.POST[key] for key in KEEP if request.POST.get(key)}
    return reverse("channels:exceptions") + (f"?{urlencode(query)}" if query else "")


@staff_view("channels.view_inboundevent")
def exception_queue(request: HttpRequest) -> HttpResponse:
    filters = QueueFilterForm(request.GET)
    data = filters.cleaned_data if filters.is_valid() else {}
    channel = data.get("channel")
    events = selectors.events_needing_attention(
        channel_code=channel.code if channel else "", status=data.get("status", "")
    )
    page = Paginator(events, 20).get_page(request.GET.get("page"))
    context = {
        "filters": filters,
        "page": page,
        "rows": _rows(list(page.object_list)),
        "keep": {key: request.GET[key] for key in KEEP if request.GET.get(key)},
        "sku_maps": selectors.channel_sku_maps().order_by("-created_at")[:20],
    }
    return render(request, "channels/exceptions.html", context)


@staff_view("channels.add_channelskumap")
def map_sku(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("channels:exceptions")
    form = MapSkuForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the channel SKU and one of our SKUs."))
        return redirect(_back(request))
    data = form.cleaned_data
    try:
        map_channel_sku(
            channel_id=data["channel"].pk, external_sku=data["external_sku"], sku=data["sku"],
            user=request.user, source=Source.UI,
        )  # fmt: skip
    except DomainError as error:
        messages.error(request, _("Nothing was changed.") + " " + error_message(error))
    else:
        done, still = reprocess_waiting_for(
            channel_id=data["channel"].pk, external_sku=data["external_sku"], user=request.user, source=Source.UI
        )
        text = ngettext(
            "%(channel)s SKU %(external)s now means our %(sku)s: %(done)s waiting order created.",
            "%(channel)s SKU %(external)s now means our %(sku)s: %(done)s waiting orders created.",
            done,
        )
        values = {"channel": data["channel"].code, "external": data["external_sku"], "sku": data["sku"], "done": done}
        messages.success(request, text % values)
        if still:
            waits = ngettext(
                "%(still)s still waits for another SKU to be mapped.",
                "%(still)s still wait for another SKU to be mapped.",
                still,
            )
            messages.warning(request, waits % {"still": still})
    return redirect(_back(request))


@staff_view("channels.reprocess_inboundevent")
def reprocess(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(InboundEvent, pk=pk)
    if request.method != "POST":
        return redirect("channels:exceptions")
    event = process_event(event_id=event.pk, user=request.user, source=Source.UI)
    if event.status == EventStatus.PROCESSED:
        if event.order_id:
            messages.success(request, _("Processed: order %(order)s.") % {"order": event.order})
        else:
            messages.success(request, _("Processed. %(note)s") % {"note": event.note})
    else:
        messages.error(request, _("Still not processed: %(reason)s") % {"reason": _told(event)})
    return redirect(_back(request))


@staff_view("channels.reprocess_inboundevent")
def fix_address(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the corrected address, then re-process the event with it at once."""
    event = get_object_or_404(InboundEvent, pk=pk)
    if request.method != "POST":
        return redirect("channels:exceptions")
    form = AddressFixForm(request.POST)
    if not form.is_valid():
        problems = "; ".join(
            f"{form.fields[name].label}: {' '.join(map(str, errors))}" for name, errors in form.errors.items()
        )
        messages.error(request, _("Nothing was changed.") + " " + problems)
        return redirect(_back(request))
    data = form.cleaned_data
    try:
        fix_event_address(
            event_id=event.pk, which=data["which"], address=data, user=request.user, source=Source.UI
        )  # fmt: skip
    except DomainError as error:
        messages.error(request, _("Nothing was changed.") + " " + error_message(error))
        return redirect(_back(request))
    return reprocess(request, pk)


@staff_view("channels.reprocess_inboundevent")
def accept_total(request: HttpRequest, pk: int) -> HttpResponse:
    """A person checked an order whose total differs from the channel's: store it as read, at once."""
    event = get_object_or_404(InboundEvent, pk=pk)
    if request.method != "POST":
        return redirect("channels:exceptions")
    try:
        accept_channel_total(event_id=event.pk, user=request.user, source=Source.UI)
    except DomainError as error:
        messages.error(request, _("Nothing was changed.") + " " + error_message(error))
        return redirect(_back(request))
    return reprocess(request, pk)
