"""Forms of the layout screens: they parse numbers; the layout services judge the plan."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from arkaofis.inventory.layout.domain import MAX_METRES
from arkaofis.inventory.layout.services import BinPlace
from arkaofis.inventory.models import LayoutKind

METRES = {"inputmode": "decimal", "step": "0.01"}
WHOLE = {"inputmode": "numeric", "step": 1, "min": 0}


def metres(label, help_text="", *, minimum: Decimal | None = Decimal(0)) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=False, max_digits=7, decimal_places=2, min_value=minimum, max_value=MAX_METRES,
        help_text=help_text, widget=forms.NumberInput(attrs=METRES),
    )  # fmt: skip


def whole(label, help_text="", *, most: int = 2_000_000_000, least: int = 0) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, required=False, min_value=least, max_value=most, help_text=help_text,
        widget=forms.NumberInput(attrs={**WHOLE, "min": least}),
    )  # fmt: skip


class WarehouseLayoutForm(forms.Form):
    layout_kind = forms.ChoiceField(label=_("Layout kind"), choices=LayoutKind.choices)
    aisle_length = metres(_("Aisle length (m)"), _("From the front cross aisle (y = 0) to the back one."))
    middle_cross_aisles = forms.CharField(
        label=_("Middle cross aisles (y, m)"), required=False, max_length=200,
        help_text=_("Multi block only: where each cross aisle between blocks crosses, e.g. 12.5 25"),
    )  # fmt: skip
    depot_x = metres(_("Depot x (m)"), _("Where carts start and end, across the aisles."))
    depot_y = metres(_("Depot y (m)"), _("0 on the front cross aisle; below 0 in front of it."), minimum=-MAX_METRES)

    def clean_middle_cross_aisles(self) -> list[Decimal]:
        text = self.cleaned_data["middle_cross_aisles"].replace(";", " ").replace(",", " ")
        try:
            return [Decimal(part) for part in text.split()]
        except InvalidOperation:
            raise forms.ValidationError(_("Write metres separated by spaces, e.g. 12.5 25")) from None


class BinPlaceForm(forms.Form):
    aisle = whole(_("Aisle"), most=32767, least=1)
    bay = whole(_("Bay"), most=32767, least=1)
    level = whole(_("Level"), _("1 on the floor."), most=32767, least=1)
    x = metres(_("x (m)"), _("Across the aisles: the aisle's centre line."))
    y = metres(_("y (m)"), _("Along the aisle, from the front cross aisle."))
    pick_sequence = whole(_("Pick sequence"), _("Walk order where the warehouse has no coordinates."))
    capacity_units = whole(_("Capacity (units)"), _("Empty: no limit."), least=1)
    capacity_volume_l = whole(_("Capacity (litres)"), _("Empty: no limit."), least=1)
    capacity_weight_kg = whole(_("Capacity (kg)"), _("Empty: no limit."), least=1)

    def place(self) -> BinPlace:
        return BinPlace(**self.cleaned_data)
