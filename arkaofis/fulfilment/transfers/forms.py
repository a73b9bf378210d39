"""The transfer screens' forms. Scans are free text (the services check them); lines are "SKU quantity" rows."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from arkaofis.fulfilment.floor.forms import _scan_field
from arkaofis.fulfilment.transfers.services._common import MAX_LINES
from arkaofis.inventory.models import MAX_QUANTITY

QUANTITY = {"min_value": 1, "max_value": MAX_QUANTITY}


def parse_lines(text: str) -> list[tuple[str, int]]:
    """Rows of "SKU quantity" (a space, tab, comma or semicolon between) → [(sku, quantity)]."""
    rows = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        parts = raw.replace(",", " ").replace(";", " ").split()
        if not parts:
            continue
        if len(parts) != 2 or not parts[1].isdigit() or not 0 < int(parts[1]) <= MAX_QUANTITY:
            raise ValidationError(
                gettext("Row %(row)s: write a SKU and a quantity, e.g. TEA-1 12.") % {"row": number}
            )
        rows.append((parts[0], int(parts[1])))
    if not rows or len(rows) > MAX_LINES:
        raise ValidationError(gettext("Give 1 to %(max)s rows.") % {"max": MAX_LINES})
    return rows


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
        self.fields["from_warehouse"].choices = choices
        self.fields["to_warehouse"].choices = choices

    def clean_lines(self) -> list[tuple[str, int]]:
        return parse_lines(self.cleaned_data["lines"])


class PickForm(forms.Form):
    line = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_LINES)
    bin = _scan_field(_("Scan the bin"))
    item = _scan_field(_("Scan the item"))
    quantity = forms.IntegerField(label=_("Quantity"), **QUANTITY)


class ReceiveForm(forms.Form):
    item = _scan_field(_("Scan the item"))
    quantity = forms.IntegerField(label=_("Quantity"), **QUANTITY)


class PutAwayForm(forms.Form):
    item = _scan_field(_("Scan the item"))
    bin = _scan_field(_("Scan the bin to put it on"))
    quantity = forms.IntegerField(label=_("Quantity"), **QUANTITY)
