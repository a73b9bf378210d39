"""The new order form: a customer, the ship-to address, lines by SKU with quantity and
unit price, the currency. An order taken by phone or at the counter.

It only parses: `order_in` turns what was posted into the OrderIn that the API and the importers
hand to the intake service, which judges it. The page's token makes a second click (or a reload
of the posted page) return the order the first one made instead of a twin.
"""

import uuid
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from arkaofis.core.widgets import code_input
from arkaofis.inventory.forms import product_from_input
from arkaofis.orders.edits.forms import ADDRESS_LABELS, ADDRESS_LIMITS, MAX_QUANTITY
from arkaofis.orders.edits.services.editing import ADDRESS_FIELDS
from arkaofis.orders.services.intake import AddressIn, OrderIn, OrderLineIn

CHANNEL = "manual"  # orders typed on the screen; with the reference it identifies the order once
FIRST_ROWS, MAX_ROWS = 3, 50
SHIP_TO_REQUIRED = ("name", "line1", "city", "country")  # what a parcel cannot leave without


def row_fields(row: int) -> tuple[str, str, str]:
    return f"sku_{row}", f"qty_{row}", f"price_{row}"


class NewOrderForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=32)
    rows = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_ROWS)
    reference = forms.CharField(
        label=_("Your reference"), max_length=64, required=False,
        help_text=_("e.g. the number of a phone order; an order is created once per reference."),
    )  # fmt: skip
    currency = forms.CharField(
        label=_("Currency"), max_length=3, initial="TRY", widget=code_input(_("e.g. TRY"), maxlength="3")
    )
    customer_email = forms.EmailField(label=_("Customer email"), max_length=254, required=False)
    shipping_method = forms.CharField(label=_("Shipping method"), max_length=64, required=False)
    notes = forms.CharField(label=_("Notes"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    reserve = forms.BooleanField(
        label=_("Reserve the stock now"), required=False, initial=True,
        help_text=_("Lines without stock are backordered and served when it arrives."),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rows = str((self.data if self.is_bound else self.initial).get("rows", ""))
        self.row_count = min(int(rows), MAX_ROWS) if rows.isdigit() and int(rows) else FIRST_ROWS
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4().hex)
            self.initial["rows"] = self.row_count
        for row in range(1, self.row_count + 1):
            sku, qty, price = row_fields(row)
            self.fields[sku] = forms.CharField(
                label=_("SKU"), max_length=64, required=False, widget=code_input(_("Scan or type the SKU"))
            )
            self.fields[qty] = forms.IntegerField(
                label=_("Quantity"), min_value=1, max_value=MAX_QUANTITY, required=False,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "qty"}),
            )  # fmt: skip
            self.fields[price] = forms.DecimalField(
                label=_("Unit price"), min_value=Decimal(0), max_digits=14, decimal_places=4, required=False,
                widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
            )  # fmt: skip
        for name in ADDRESS_FIELDS:
            self.fields[f"ship_{name}"] = forms.CharField(
                label=ADDRESS_LABELS[name], max_length=ADDRESS_LIMITS.get(name, 200),
                required=name in SHIP_TO_REQUIRED,
                widget=code_input(maxlength="2") if name == "country" else None,
            )  # fmt: skip

    def line_rows(self) -> list[tuple[forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [tuple(self[name] for name in row_fields(row)) for row in range(1, self.row_count + 1)]  # type: ignore[misc]

    @classmethod
    def with_one_more_row(cls, posted) -> "NewOrderForm":
        """The page again as typed, one line row longer; nothing is checked or written yet."""
        values = {**posted.dict(), "reserve": "reserve" in posted}
        rows = str(values.get("rows", ""))
        values["rows"] = (int(rows) if rows.isdigit() else FIRST_ROWS) + 1
        return cls(initial=values)

    def address_fields(self) -> list[forms.BoundField]:
        return [self[f"ship_{name}"] for name in ADDRESS_FIELDS]

    def clean_currency(self) -> str:
        return self.cleaned_data["currency"].strip().upper()

    def clean_ship_country(self) -> str:
        return self.cleaned_data["ship_country"].strip().upper()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.lines: list[OrderLineIn] = []
        for row in range(1, self.row_count + 1):
            sku, qty, price = row_fields(row)
            if not (data.get(sku) or "").strip() and data.get(qty) is None and data.get(price) is None:
                continue  # an empty row
            try:
                product = product_from_input(data.get(sku) or "")
            except forms.ValidationError as error:
                self.add_error(sku, error)
                continue
            for name, message in ((qty, _("Give a quantity.")), (price, _("Give a unit price."))):
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, message)
            if data.get(qty) is not None and data.get(price) is not None:
                self.lines.append(OrderLineIn(sku=product.sku, quantity=data[qty], unit_price=data[price]))
        if not self.lines and not self.errors:
            self.add_error(None, _("Add at least one line: a SKU, a quantity and a unit price."))
        return data

    def order_in(self) -> OrderIn:
        data = self.cleaned_data
        return OrderIn(
            channel=CHANNEL,
            external_id=data["reference"].strip() or f"screen-{data['token']}",
            currency=data["currency"],
            lines=tuple(self.lines),
            customer_email=data["customer_email"],
            shipping=AddressIn(**{name: data[f"ship_{name}"].strip() for name in ADDRESS_FIELDS}),
            shipping_method=data["shipping_method"].strip(),
            notes=data["notes"],
        )
