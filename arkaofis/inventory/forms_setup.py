"""Forms of the set-up screens (locations, reorder rules) and the reservation screen. They parse
and look up codes; the services decide whether the change is allowed."""

from django import forms
from django.core.validators import RegexValidator
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from arkaofis.catalog.models import Product
from arkaofis.inventory.forms import code_input, product_from_input
from arkaofis.inventory.models import RemovalStrategy, ReservationStatus, Warehouse

# One step of a location's path: the full code is the path, so no "/" and no spaces.
segment = RegexValidator(r"^[^/\s]+$", _("Use letters, digits and dashes; no “/” or spaces."))
NUMBER = {"inputmode": "numeric", "step": 1, "min": 0}

REMOVAL_STRATEGIES = {
    RemovalStrategy.FIFO: _("First in, first out (FIFO)"),
    RemovalStrategy.FEFO: _("First expiry, first out (FEFO)"),
}
STATUSES: dict[str, Promise] = {
    ReservationStatus.ACTIVE: _("Active"),
    ReservationStatus.RELEASED: _("Released"),
    ReservationStatus.CONSUMED: _("Consumed"),
}


class WarehouseForm(forms.Form):
    code = forms.CharField(
        label=_("Code"), max_length=16, validators=[segment], widget=code_input(_("e.g. IST")),
        help_text=_("Short and unique; it starts the code of every location inside."),
    )  # fmt: skip
    name = forms.CharField(label=_("Name"), max_length=100)
    country = forms.CharField(label=_("Country"), max_length=2, initial="TR", widget=code_input("TR"))
    postal_code = forms.CharField(label=_("Postal code"), max_length=16, required=False)

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().upper()
        if Warehouse.objects.filter(code__iexact=code).exists():
            raise forms.ValidationError(_("The code %(code)s is already in use."), params={"code": code})
        return code

    def clean_country(self) -> str:
        country = self.cleaned_data["country"].strip().upper()
        if len(country) != 2 or not country.isalpha():
            raise forms.ValidationError(_("Two letters, e.g. TR."))
        return country


class ChildLocationForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=16, validators=[segment], widget=code_input(_("e.g. A-01")))
    name = forms.CharField(label=_("Name"), max_length=100, required=False)


class RemovalStrategyForm(forms.Form):
    strategy = forms.ChoiceField(label=_("Removal strategy"), choices=list(REMOVAL_STRATEGIES.items()))


class ReorderRuleForm(forms.Form):
    sku = forms.CharField(label=_("SKU"), max_length=64, widget=code_input(_("Scan or type the SKU")))
    warehouse = forms.ModelChoiceField(
        label=_("Warehouse"), queryset=Warehouse.objects.filter(active=True), to_field_name="code",
        empty_label=_("Choose a warehouse"),
    )  # fmt: skip
    min_quantity = forms.IntegerField(
        label=_("Minimum"), min_value=0, max_value=1_000_000_000, widget=forms.NumberInput(attrs=NUMBER),
        help_text=_("Alert when available stock in the warehouse falls below this."),
    )  # fmt: skip
    reorder_quantity = forms.IntegerField(
        label=_("Reorder quantity"), min_value=0, max_value=1_000_000_000, initial=0,
        widget=forms.NumberInput(attrs=NUMBER), help_text=_("How much to order when it does."),
    )  # fmt: skip

    def clean_sku(self) -> Product:
        return product_from_input(self.cleaned_data["sku"])


class ReserveForm(forms.Form):
    sku = forms.CharField(label=_("SKU"), max_length=64, widget=code_input(_("Scan or type the SKU")))
    quantity = forms.IntegerField(
        label=_("Quantity"), min_value=1, max_value=1_000_000_000,
        widget=forms.NumberInput(attrs={**NUMBER, "min": 1}),
    )  # fmt: skip
    demand_ref = forms.CharField(
        label=_("Demand reference"), max_length=100, help_text=_("What the stock is held for, e.g. an order number."),
    )  # fmt: skip
    warehouse = forms.ModelChoiceField(
        label=_("Warehouse"), queryset=Warehouse.objects.filter(active=True), to_field_name="code", required=False,
        empty_label=_("Any warehouse"),
    )  # fmt: skip

    def clean_sku(self) -> Product:
        product = product_from_input(self.cleaned_data["sku"])
        if product.is_kit:
            raise forms.ValidationError(_("%(sku)s is a kit: reserve its components."), params={"sku": product.sku})
        return product

    def clean_demand_ref(self) -> str:
        return self.cleaned_data["demand_ref"].strip()


class ReservationFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All statuses")), *STATUSES.items()])
    sku = forms.CharField(label=_("SKU"), required=False)
    demand_ref = forms.CharField(label=_("Demand reference"), required=False)
