"""Forms of the shipment screens: they parse; the services decide what is allowed."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from arkaofis.fulfilment.models import ShipmentStatus

ANY = [("", _("Any"))]
# Every stage a shipment can be in, as the model names them (one list: domain/stages.py and the model).
STATUSES = dict(ShipmentStatus.choices)


class ShipmentFilterForm(forms.Form):
    warehouse = forms.ChoiceField(label=_("Warehouse"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=ANY + list(STATUSES.items()))

    def __init__(self, *args, warehouses: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["warehouse"]).choices = ANY + [(code, code) for code in warehouses]


class ShipForm(forms.Form):
    carrier = forms.CharField(label=_("Carrier"), max_length=64)
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=100, required=False)
