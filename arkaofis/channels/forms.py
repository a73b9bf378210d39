from django import forms
from django.utils.translation import gettext_lazy as _

from arkaofis.channels.models import Channel, EventStatus


class QueueFilterForm(forms.Form):
    channel = forms.ModelChoiceField(
        Channel.objects.all(), required=False, to_field_name="code", label=_("Channel"), empty_label=_("All channels")
    )
    status = forms.ChoiceField(
        required=False,
        label=_("Status"),
        choices=[
            ("", _("All")),
            (EventStatus.EXCEPTION, _("Exception")),
            (EventStatus.DEAD, _("Dead letter")),
        ],
    )


class MapSkuForm(forms.Form):
    prefix = "map"  # its channel field must not clash with the list filter of the same name

    channel = forms.ModelChoiceField(Channel.objects.all(), to_field_name="code", label=_("Channel"))
    external_sku = forms.CharField(max_length=255, label=_("Channel SKU"))
    sku = forms.CharField(max_length=64, label=_("Our SKU"))


class AddressFixForm(forms.Form):
    """A corrected address in the channel's own field names (Shopify's today)."""

    prefix = "addr"

    which = forms.ChoiceField(
        choices=[("shipping_address", _("Shipping address")), ("billing_address", _("Billing address"))],
        widget=forms.HiddenInput,
    )
    name = forms.CharField(max_length=200, required=False, label=_("Name"))
    company = forms.CharField(max_length=200, required=False, label=_("Company"))
    address1 = forms.CharField(max_length=200, label=_("Address line 1"))
    address2 = forms.CharField(max_length=200, required=False, label=_("Address line 2"))
    city = forms.CharField(max_length=100, label=_("City"))
    province_code = forms.CharField(max_length=100, required=False, label=_("Province / state"))
    zip = forms.CharField(max_length=32, required=False, label=_("Postal code"))
    country_code = forms.RegexField(
        regex=r"^[A-Za-z]{2}$",
        label=_("Country code (2 letters)"),
        error_messages={"invalid": _("Two letters, e.g. TR or US.")},
    )
    phone = forms.CharField(max_length=50, required=False, label=_("Phone"))
