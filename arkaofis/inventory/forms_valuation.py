"""Filter of the stock valuation screen: the day to value the stock at, and one warehouse or all."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from arkaofis.inventory.models import Warehouse


class ValuationFilterForm(forms.Form):
    as_of = forms.DateField(
        label=_("As of"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    warehouse = forms.ModelChoiceField(
        label=_("Warehouse"),
        queryset=Warehouse.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("All warehouses"),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["as_of"].widget.attrs["max"] = timezone.localdate().isoformat()
