"""Forms of the channel settings and webhook subscription screens.

Secret fields are PasswordInputs that never render a value: the page can't leak what is stored,
and a blank field means "keep the stored one".
"""

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from arkaofis.channels.models import Channel, SplitPolicy
from arkaofis.channels.services.channel_settings import CREDENTIAL_KEYS, MAX_BUFFER, ChannelSettings
from arkaofis.channels.services.subscriptions import KNOWN_TOPICS
from arkaofis.inventory.models import Warehouse

KEEP = _("Leave blank to keep the stored value. Never shown again once saved.")


class ChannelSettingsForm(forms.Form):
    name = forms.CharField(max_length=100, label=_("Name"))
    active = forms.BooleanField(required=False, label=_("Active (accept its orders and call its API)"))
    api_base_url = forms.URLField(
        max_length=300, required=False, label=_("API base URL"), assume_scheme="https",
        help_text=_("For example https://your-shop.myshopify.com"),
    )  # fmt: skip
    webhook_secret = forms.CharField(
        max_length=500, required=False, label=_("Webhook secret"), strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}), help_text=KEEP,
    )  # fmt: skip
    options = forms.CharField(
        required=False, label=_("Options (JSON)"), widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        help_text=_('Channel settings that are not secret, e.g. {"location_id": 905684977}'),
    )  # fmt: skip
    split_policy = forms.ChoiceField(
        choices=[
            (SplitPolicy.SPLIT, _("Split into shipments")),
            (SplitPolicy.BACKORDER, _("Backorder, ship complete")),
        ],
        label=_("When one warehouse can't ship it all"),
    )
    warehouses = forms.ModelMultipleChoiceField(
        Warehouse.objects.filter(active=True).order_by("code"), required=False, label=_("Warehouses"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Warehouses that ship this channel's orders and whose stock it sells; none ticked = all."),
    )  # fmt: skip
    sync_stock = forms.BooleanField(required=False, label=_("Sync stock to the channel"))
    stock_buffer = forms.IntegerField(
        min_value=0, max_value=MAX_BUFFER, label=_("Stock buffer"),
        help_text=_("Units held back from what the channel may sell."),
    )  # fmt: skip

    def __init__(self, *args, channel: Channel, **kwargs) -> None:
        kwargs.setdefault("initial", _initial(channel))
        super().__init__(*args, **kwargs)
        self.credential_keys = CREDENTIAL_KEYS.get(channel.kind, ())
        for key in self.credential_keys:
            self.fields[f"credential_{key}"] = forms.CharField(
                max_length=2000, required=False, strip=True, label=_("Credential: %(key)s") % {"key": key},
                widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}), help_text=KEEP,
            )  # fmt: skip

    def clean_options(self) -> dict:
        text = (self.cleaned_data.get("options") or "").strip()
        if not text:
            return {}
        try:
            value = json.loads(text)
        except ValueError as error:
            raise forms.ValidationError(_("Not valid JSON: %(error)s") % {"error": error}) from None
        if not isinstance(value, dict):
            raise forms.ValidationError(_("Give a JSON object, e.g. {}."))
        return value

    def settings(self) -> ChannelSettings:
        data = self.cleaned_data
        return ChannelSettings(
            name=data["name"],
            active=data["active"],
            api_base_url=data["api_base_url"] or "",
            options=data["options"],
            split_policy=data["split_policy"],
            warehouse_ids=[warehouse.pk for warehouse in data["warehouses"]],
            sync_stock=data["sync_stock"],
            stock_buffer=data["stock_buffer"],
            credentials={key: data.get(f"credential_{key}") or "" for key in self.credential_keys},
            webhook_secret=data.get("webhook_secret") or "",
        )


def _initial(channel: Channel) -> dict:
    """What the form shows of the channel: everything but its secrets."""
    return {
        "name": channel.name,
        "active": channel.active,
        "api_base_url": channel.api_base_url,
        "options": json.dumps(channel.options or {}, indent=2, ensure_ascii=False),
        "split_policy": channel.split_policy,
        "warehouses": list(channel.warehouses.values_list("pk", flat=True)) if channel.pk else [],
        "sync_stock": channel.sync_stock,
        "stock_buffer": channel.stock_buffer,
    }


class SubscriptionForm(forms.Form):
    name = forms.CharField(max_length=100, label=_("Name"))
    url = forms.URLField(max_length=500, label=_("URL"), assume_scheme="https")
    topics = forms.MultipleChoiceField(
        choices=[("*", _("Every event")), *((topic, topic) for topic in KNOWN_TOPICS)],
        widget=forms.CheckboxSelectMultiple, label=_("Events"),
    )  # fmt: skip


class ListingRefForm(forms.Form):
    listing_ref = forms.CharField(max_length=100, required=False, label=_("Channel listing id"))
