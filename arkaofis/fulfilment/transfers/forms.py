"""The transfer screens' forms. Scans are free text (the services check them); lines are "SKU quantity" rows."""

from typing import TYPE_CHECKING, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from arkaofis.fulfilment.floor.forms import SCAN
from arkaofis.fulfilment.transfers.services._common import MAX_LINES
from arkaofis.inventory.models import MAX_QUANTITY

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise


def parse_lines(text: str) -> list[tuple[str, int]]:
    """Rows of "SKU quantity" (a space, tab, comma or semicolon between) → [(sku, quantity)]."""
    rows = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        parts = raw.replace(",", " ").replace(";", " ").split()
        if not parts:
            continue
        if len(parts) != 2 or not parts[1].isdigit() or not 0 < int(parts[1]) <= MAX_QUANTITY:
            raise ValidationError(gettext("Row %(row)s: write a SKU and a quantity, e.g. TEA-1 12.") % {"row": number})
        rows.append((parts[0], int(parts[1])))
    if not rows or len(rows) > MAX_LINES:
        raise ValidationError(gettext("Give 1 to %(max)s rows.") % {"max": MAX_LINES})
    return rows


def scan_field(label: "StrOrPromise") -> forms.CharField:
    """A free-text field a scanner types into (the services say what the code names)."""
    return forms.CharField(label=label, max_length=128, widget=forms.TextInput(attrs=dict(SCAN)))


class TransferForm(forms.Form):
    from_warehouse = forms.ChoiceField(label=_("From warehouse"))
    to_warehouse = forms.ChoiceField(label=_("To warehouse"))
    lines = forms.CharField(
        label=_("Lines (SKU and quantity, one per row)"), max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
    )  # fmt: skip
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, warehouses: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [(code, code) for code in warehouses]
        cast(forms.ChoiceField, self.fields["from_warehouse"]).choices = choices
        cast(forms.ChoiceField, self.fields["to_warehouse"]).choices = choices

    def clean_lines(self) -> list[tuple[str, int]]:
        return parse_lines(self.cleaned_data["lines"])


class PickForm(forms.Form):
    line = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_LINES)
    bin = scan_field(_("Scan the bin"))
    item = scan_field(_("Scan the item"))
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=MAX_QUANTITY)


class ReceiveForm(forms.Form):
    item = scan_field(_("Scan the item"))
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=MAX_QUANTITY)


class PutAwayForm(forms.Form):
    item = scan_field(_("Scan the item"))
    bin = scan_field(_("Scan the bin to put it on"))
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=MAX_QUANTITY)
