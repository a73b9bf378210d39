"""The distance table's form: it parses; services/distances.py decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from arkaofis.inventory.models import Warehouse

NUMBER = {"inputmode": "numeric", "step": 1, "min": 0}


class RouteDistanceForm(forms.Form):
    distance_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    warehouse = forms.ModelChoiceField(
        label=_("Warehouse"), queryset=Warehouse.objects.filter(active=True), to_field_name="code",
        empty_label=_("Choose a warehouse"),
    )  # fmt: skip
    country = forms.CharField(
        label=_("Country"), max_length=2, min_length=2,
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "placeholder": "TR", "size": 3}),
        help_text=_("Two-letter ISO code of the ship-to country."),
    )  # fmt: skip
    postal_prefix = forms.CharField(
        label=_("Postal code prefix"), max_length=16, required=False,
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "placeholder": "34"}),
        help_text=_("Leave empty for the whole country; the longest prefix matching an address wins."),
    )  # fmt: skip
    distance_km = forms.IntegerField(
        label=_("Distance (km)"), min_value=0, max_value=1_000_000, widget=forms.NumberInput(attrs=NUMBER),
        help_text=_("Nearer warehouses ship first; any rank works as well as kilometres."),
    )  # fmt: skip
