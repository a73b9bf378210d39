"""The kitting screens' forms."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from arkaofis.fulfilment.kitting.models import KittingKind
from arkaofis.fulfilment.transfers.forms import scan_field
from arkaofis.inventory.models import MAX_QUANTITY


class KittingForm(forms.Form):
    warehouse = forms.ChoiceField(label=_("Warehouse"))
    kit = forms.CharField(label=_("Kit SKU"), max_length=64)
    quantity = forms.IntegerField(label=_("Kits"), min_value=1, max_value=MAX_QUANTITY)
    kind = forms.ChoiceField(label=_("Work"), choices=KittingKind.choices, initial=KittingKind.ASSEMBLE)

    def __init__(self, *args, warehouses: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["warehouse"]).choices = [(code, code) for code in warehouses]


class CompleteForm(forms.Form):
    bin = scan_field(_("Scan the bin to put them on"))
    quantity = forms.IntegerField(label=_("Kits done"), min_value=1, max_value=MAX_QUANTITY)
