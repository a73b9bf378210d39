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
