"""Forms of the stock screens. They parse and look up (SKU, location and lot codes, as typed or
scanned); the services decide whether the change is allowed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from arkaofis.catalog.models import Product
from arkaofis.core.templatetags.ui import MOVE_REASONS, REASON_CODES
from arkaofis.core.widgets import code_input
from arkaofis.inventory.models import MAX_QUANTITY, Location, Lot
from arkaofis.inventory.services.adjustments import DECREASE_REASONS, INCREASE_REASONS


def reason_choices() -> list:
    return [
        ("", _("Choose a reason")),
        (_("Adds stock"), [(code, REASON_CODES[code]) for code in INCREASE_REASONS]),
        (_("Removes stock"), [(code, REASON_CODES[code]) for code in DECREASE_REASONS]),
    ]


def product_from_input(sku: str) -> Product:
    """The product a typed or scanned SKU names (case does not matter), or a form error."""
    sku = sku.strip()
    product = Product.objects.filter(sku__iexact=sku).first()
    if product is None:
        raise forms.ValidationError(_("There is no product with SKU %(sku)s."), params={"sku": sku})
    return product


class StockFormBase(forms.Form):
    sku = forms.CharField(label=_("SKU"), max_length=64, widget=code_input(_("Scan or type the SKU")))
    lot = forms.CharField(
        label=_("Lot or serial"),
        max_length=64,
        required=False,
        help_text=_("Only for products tracked by lot or serial."),
        widget=code_input(),
    )

    def clean_sku(self) -> Product:
        sku = self.cleaned_data["sku"].strip()
        product = product_from_input(sku)
        if product.is_kit:
            raise forms.ValidationError(_("%(sku)s is a kit: adjust or move its components."), params={"sku": sku})
        return product

    def clean_location_code(self, field: str) -> Location:
        code = self.cleaned_data[field].strip()
        location = Location.objects.filter(code__iexact=code, active=True).first()
        if location is None:
            raise forms.ValidationError(_("There is no location %(code)s."), params={"code": code})
        return location

    def clean(self) -> dict:
        data = super().clean() or {}
        product, code = data.get("sku"), data.get("lot", "").strip()
        data["lot"] = None
        if product is not None and code:
            lot = Lot.objects.filter(product=product, code=code).first()
            if lot is None:
                self.add_error("lot", _("%(sku)s has no lot %(lot)s.") % {"sku": product.sku, "lot": code})
            data["lot"] = lot
        return data


class AdjustForm(StockFormBase):
    location = forms.CharField(label=_("Location"), max_length=64, widget=code_input(_("e.g. IST/A/A-01-02")))
    delta = forms.IntegerField(
        label=_("Change"),
        min_value=-MAX_QUANTITY,
        max_value=MAX_QUANTITY,
        help_text=_("Positive adds stock, negative removes it."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}),
    )
    reason_code = forms.ChoiceField(label=_("Reason"), choices=reason_choices)
    note = forms.CharField(label=_("Note"), max_length=100, required=False)

    field_order = ["sku", "location", "delta", "reason_code", "lot", "note"]

    def clean_location(self) -> Location:
        return self.clean_location_code("location")

    def clean_delta(self) -> int:
        delta = self.cleaned_data["delta"]
        if delta == 0:
            raise forms.ValidationError(_("The change may not be zero."))
        return delta

    def clean(self) -> dict:
        data = super().clean()
        delta, reason = data.get("delta"), data.get("reason_code")
        if delta and reason and (delta > 0) != (reason in INCREASE_REASONS):
            self.add_error(
                "reason_code",
                _("This reason removes stock: enter a negative change.")
                if delta > 0
                else _("This reason adds stock: enter a positive change."),
            )
        return data


class TransferForm(StockFormBase):
    from_location = forms.CharField(label=_("From location"), max_length=64, widget=code_input())
    to_location = forms.CharField(label=_("To location"), max_length=64, widget=code_input())
    quantity = forms.IntegerField(
        label=_("Quantity"),
        min_value=1,
        max_value=MAX_QUANTITY,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}),
    )
    reference = forms.CharField(label=_("Reference"), max_length=100, required=False)

    field_order = ["sku", "from_location", "to_location", "quantity", "lot", "reference"]

    def clean_from_location(self) -> Location:
        return self.clean_location_code("from_location")

    def clean_to_location(self) -> Location:
        return self.clean_location_code("to_location")


class MoveFilterForm(forms.Form):
    sku = forms.CharField(label=_("SKU"), required=False)
    location = forms.CharField(label=_("Location"), required=False)
    reason = forms.ChoiceField(
        label=_("Reason"), required=False, choices=[("", _("All reasons")), *MOVE_REASONS.items()]
    )
