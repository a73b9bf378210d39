"""The floor's forms: what a scanner or a thumb types. Codes are free text (the services check them)."""

from typing import TYPE_CHECKING, cast

from django import forms
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

SCAN = {"autocomplete": "off", "autocapitalize": "off", "spellcheck": "false", "enterkeyhint": "go"}


def _scan_field(label: "str | _StrPromise") -> forms.CharField:
    return forms.CharField(label=label, max_length=128, widget=forms.TextInput(attrs=dict(SCAN)))


class WaveForm(forms.Form):
    warehouse = forms.ChoiceField(label=_("Warehouse"))
    cart_orders = forms.IntegerField(label=_("Orders per cart"), min_value=1, max_value=50, initial=8)

    def __init__(self, *args, warehouses: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["warehouse"]).choices = [(code, code) for code in warehouses]


class PickForm(forms.Form):
    bin = _scan_field(_("Scan the bin"))
    item = _scan_field(_("Scan the item"))
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=1_000_000)


class ShortForm(forms.Form):
    bin = _scan_field(_("Scan the bin"))
    found = forms.IntegerField(label=_("Found in the bin"), min_value=0, max_value=1_000_000)


class PackFindForm(forms.Form):
    shipment = _scan_field(_("Scan the shipment or order"))


class PackScanForm(forms.Form):
    item = _scan_field(_("Scan an item into the box"))


class CloseBoxForm(forms.Form):
    box = forms.ChoiceField(label=_("Box"), required=False)
    weight_g = forms.IntegerField(label=_("Weight (g)"), min_value=1, max_value=70_000)

    def __init__(self, *args, boxes: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["box"]).choices = [("", _("No box (as it is)")), *boxes]


class ManifestForm(forms.Form):
    carrier = forms.ChoiceField(label=_("Carrier"))
    warehouse = forms.ChoiceField(label=_("Warehouse"))
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    format = forms.ChoiceField(label=_("Format"), choices=[("pdf", "PDF"), ("csv", "CSV")])

    def __init__(self, *args, carriers: list[tuple[str, str]], warehouses: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["carrier"]).choices = carriers
        cast(forms.ChoiceField, self.fields["warehouse"]).choices = [(code, code) for code in warehouses]


class PutAwayForm(forms.Form):
    """A cancelled shipment's units back from packing: the item picked up there, the bin it goes on."""

    item = _scan_field(_("Scan the item"))
    bin = _scan_field(_("Scan the bin to put it on"))
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=1_000_000)
