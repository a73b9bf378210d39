"""The count screens' forms: what a scanner or a thumb types; the services check what the codes name."""

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from arkaofis.fulfilment.floor.forms import SCAN

_SEPARATORS = re.compile(r"[\s,;]+")


def _scan_field(label: Any, *, required: bool = True) -> forms.CharField:
    return forms.CharField(label=label, max_length=128, required=required, widget=forms.TextInput(attrs=dict(SCAN)))


class RequestCountForm(forms.Form):
    warehouse = forms.ChoiceField(label=_("Warehouse"))
    bins = forms.CharField(
        label=_("Bins"),
        required=False,
        max_length=5000,
        help_text=_("Bin codes, separated by spaces or commas. Leave empty to count a product across its bins."),
        widget=forms.Textarea(attrs={"rows": 2, **SCAN}),
    )
    sku = forms.CharField(label=_("Product (SKU or barcode)"), required=False, max_length=128)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=200)

    def __init__(self, *args, warehouses: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["warehouse"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(code, code) for code in warehouses]

    def clean_bins(self) -> list[str]:
        return [code for code in _SEPARATORS.split(self.cleaned_data["bins"] or "") if code]


class RecordForm(forms.Form):
    bin = _scan_field(_("Scan the bin"))
    item = _scan_field(_("Scan the item"))
    lot = _scan_field(_("Lot (if kept by lot)"), required=False)
    quantity = forms.IntegerField(label=_("Quantity in the bin"), min_value=0, max_value=1_000_000_000)


class EmptyBinForm(forms.Form):
    bin = _scan_field(_("Scan the bin"))


class DecisionForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=200)
