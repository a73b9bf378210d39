"""Channel settings (with a connection test, stock sync status and listing ids) and our webhook
subscriptions. The same permissions as the API; secrets are write-only on every screen."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from arkaofis.channels import selectors, stock
from arkaofis.channels.forms_settings import ChannelSettingsForm, ListingRefForm, SubscriptionForm
from arkaofis.channels.models import Channel, ChannelSkuMap, PushStatus, WebhookSubscription
from arkaofis.channels.services import subscriptions
from arkaofis.channels.services.channel_settings import (
    set_listing_ref,
    test_channel_connection,
    update_channel_settings,
)
from arkaofis.channels.services.listing_refs import can_find_listing_refs, find_listing_refs
from arkaofis.channels.services.stock_sync import PUSH_TOPIC, sync_channel_stock
from arkaofis.core.exceptions import DomainError
from arkaofis.core.http import HtmxHttpRequest
from arkaofis.core.models import OutboxEvent, Source
from arkaofis.core.views import error_message, staff_view

LEVELS_SHOWN = 200
PUSHES_SHOWN = 50


@staff_view("channels.change_channel")
def channel_list(request: HttpRequest) -> HttpResponse:
    channels = Channel.objects.order_by("code")
    return render(request, "channels/settings_list.html", {"channels": channels})


@staff_view("channels.change_channel")
def channel_settings(request: HttpRequest, code: str) -> HttpResponse:
    channel = get_object_or_404(Channel, code=code)
    if request.method == "POST":
        form = ChannelSettingsForm(request.POST, channel=channel)
        if form.is_valid():
            try:
                update_channel_settings(
                    channel_id=channel.pk, settings=form.settings(), user=request.user, source=Source.UI
                )
            except DomainError as error:
                form.add_error(None, error_message(error))
            else:
                messages.success(request, _("Settings of %(channel)s saved.") % {"channel": channel.code})
                return redirect("channels:settings", code=channel.code)
    else:
        form = ChannelSettingsForm(channel=channel)
    return render(request, "channels/settings.html", _context(channel, form))


def _context(channel: Channel, form: ChannelSettingsForm) -> dict:
    levels = stock.pushed_levels(channel)
    waiting = (
        OutboxEvent.objects.filter(topic=PUSH_TOPIC, delivered_at__isnull=True, payload__channel_id=channel.pk)
        .order_by("id")
        .first()
    )
    pushes = selectors.shipment_pushes(channel)
    maps = ChannelSkuMap.objects.filter(channel=channel).select_related("product").order_by("external_sku")
    return {
        "channel": channel,
        "form": form,
        "levels": levels[:LEVELS_SHOWN],
        "level_count": levels.count(),
        "refused_count": levels.exclude(refused="").count(),
        "waiting_push": waiting,
        "listings": [(mapping, ListingRefForm(initial={"listing_ref": mapping.listing_ref})) for mapping in maps],
        "can_find_refs": can_find_listing_refs(channel),
        "has_credentials": bool(channel.credentials_sealed),
        "shipment_pushes": pushes[:PUSHES_SHOWN],
        "refused_pushes": pushes.filter(status=PushStatus.REFUSED).count(),
        "has_webhook_secret": bool(channel.webhook_secret_sealed),
    }


@staff_view("channels.change_channel")
def connection_test(request: HtmxHttpRequest, code: str) -> HttpResponse:
    channel = get_object_or_404(Channel, code=code)
    if request.method != "POST":
        return redirect("channels:settings", code=channel.code)
    result = test_channel_connection(channel_id=channel.pk)
    if request.htmx:
        return render(request, "channels/_connection_result.html", {"result": result})
    if result.ok:
        messages.success(request, _("Connected: %(answer)s") % {"answer": result.message})
    else:
        messages.error(request, _("Connection failed: %(reason)s") % {"reason": result.message})
    return redirect("channels:settings", code=channel.code)


@staff_view("channels.change_channel")
def sync_now(request: HttpRequest, code: str) -> HttpResponse:
    channel = get_object_or_404(Channel, code=code)
    if request.method == "POST":
        result = sync_channel_stock(channel_id=channel.pk)
        if result.skipped:
            messages.info(request, _("Nothing queued: %(reason)s.") % {"reason": result.skipped})
        else:
            values = {"changed": result.changed, "checked": result.checked}
            text = ngettext(
                "%(changed)s of %(checked)s listing queued for a push.",
                "%(changed)s of %(checked)s listings queued for a push.",
                result.checked,
            )
            messages.success(request, text % values)
    return redirect("channels:settings", code=channel.code)


@staff_view("channels.change_channelskumap")
def find_refs(request: HttpRequest, code: str) -> HttpResponse:
    channel = get_object_or_404(Channel, code=code)
    if request.method == "POST":
        try:
            found = find_listing_refs(channel_id=channel.pk, user=request.user, source=Source.UI)
        except DomainError as error:
            messages.error(request, _("Nothing was changed.") + " " + error_message(error))
        else:
            values = {"found": found.found, "asked": found.asked}
            text = ngettext(
                "Found the listing id of %(found)s of %(asked)s listing without one.",
                "Found the listing id of %(found)s of %(asked)s listings without one.",
                found.asked,
            )
            messages.success(request, text % values)
            if found.missing:
                missing = ", ".join(found.missing)
                messages.warning(request, _("Not listed in the channel: %(skus)s") % {"skus": missing})
    return redirect("channels:settings", code=channel.code)


@staff_view("channels.change_channelskumap")
def listing_ref(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    mapping = get_object_or_404(ChannelSkuMap, pk=pk, channel__code=code)
    form = ListingRefForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            set_listing_ref(
                map_id=mapping.pk, listing_ref=form.cleaned_data["listing_ref"], user=request.user, source=Source.UI
            )  # fmt: skip
        except DomainError as error:
            messages.error(request, _("Nothing was changed.") + " " + error_message(error))
        else:
            messages.success(request, _("Listing id of %(sku)s saved.") % {"sku": mapping.external_sku})
    return redirect("channels:settings", code=code)


@staff_view("channels.view_webhooksubscription")
def subscription_list(request: HttpRequest) -> HttpResponse:
    return _subscriptions_page(request, SubscriptionForm())


def _subscriptions_page(request: HttpRequest, form: SubscriptionForm, **extra: object) -> HttpResponse:
    context = {"subscriptions": WebhookSubscription.objects.order_by("name"), "form": form, **extra}
    return render(request, "channels/subscriptions.html", context)


@staff_view("channels.add_webhooksubscription")
def subscription_create(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("channels:subscriptions")
    form = SubscriptionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            created, secret = subscriptions.create_subscription(
                name=data["name"], url=data["url"], topics=data["topics"], user=request.user, source=Source.UI
            )
        except DomainError as error:
            form.add_error(None, error_message(error))
        else:
            # Shown in this answer only: never put in a flash message (it would travel in the session).
            return _subscriptions_page(request, SubscriptionForm(), created=created, secret=secret)
    return _subscriptions_page(request, form)


@staff_view("channels.change_webhooksubscription")
def subscription_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    subscription = get_object_or_404(WebhookSubscription, pk=pk)
    if request.method == "POST":
        active = not subscription.active
        subscriptions.update_subscription(subscription_id=pk, active=active, user=request.user, source=Source.UI)
        done = _("%(name)s resumed.") if active else _("%(name)s paused.")
        messages.success(request, done % {"name": subscription.name})
    return redirect("channels:subscriptions")


@staff_view("channels.delete_webhooksubscription")
def subscription_delete(request: HttpRequest, pk: int) -> HttpResponse:
    subscription = get_object_or_404(WebhookSubscription, pk=pk)
    if request.method == "POST":
        subscriptions.delete_subscription(subscription_id=pk, user=request.user, source=Source.UI)
        messages.success(request, _("%(name)s deleted.") % {"name": subscription.name})
    return redirect("channels:subscriptions")
