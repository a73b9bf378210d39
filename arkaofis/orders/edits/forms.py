"""The order edit form: one quantity and one remove box per line, one line to add by a typed
or scanned SKU (or barcode), the ship-to address, shipping method, notes, tags and priority.

It only parses; `to_edit` turns what was posted into an OrderEdit and editing.edit_order decides
(every value is handed over as it stands, and the service writes only what differs).
"""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from arkaofis.catalog.models import Product
from arkaofis.inventory.forms import code_input, product_from_input
from arkaofis.orders.edits.services.editing import ADDRESS_FIELDS, LineChange, NewLine, OrderEdit
from arkaofis.orders.models import SalesOrder, SalesOrderLine
from arkaofis.orders.services.intake import AddressIn

ADDRESS_LABELS = {
    "name": _("Name"),
    "company": _("Company"),
    "line1": _("Address line 1"),
    "line2": _("Address line 2"),
    "city": _("City"),
    "region": _("Region"),
    "postal_code": _("Postal code"),
    "country": _("Country code"),
    "phone": _("Phone"),
    "email": _("Email"),
}
ADDRESS_LIMITS = {"city": 100, "region": 100, "postal_code": 32, "country": 2, "phone": 50, "email": 254}
MAX_QUANTITY = 10**9


def qty_name(line_no: int) -> str:
    return f"qty_{line_no}"


def remove_name(line_no: int) -> str:
    return f"remove_{line_no}"


class OrderEditForm(forms.Form):
    add_sku = forms.CharField(
        label=_("Add a product"), max_length=64, required=False, widget=code_input(_("Scan or type the SKU"))
    )
    add_quantity = forms.IntegerField(
        label=_("Quantity to add"), min_value=1, max_value=MAX_QUANTITY, required=False, initial=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )  # fmt: skip
    add_unit_price = forms.DecimalField(
        label=_("Unit price"), min_value=Decimal(0), max_digits=14, decimal_places=4, required=False,
        help_text=_("Leave empty for the product's sale price."),
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
    )  # fmt: skip
    shipping_method = forms.CharField(label=_("Shipping method"), max_length=64, required=False)
    notes = forms.CharField(label=_("Notes"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    tags = forms.CharField(label=_("Tags"), max_length=1000, required=False, help_text=_("Separated by commas."))
    priority = forms.IntegerField(label=_("Priority"), min_value=-32768, max_value=32767, initial=0)

    def __init__(self, *args, order: SalesOrder, lines: list[SalesOrderLine], **kwargs):
        super().__init__(*args, **kwargs)
        self.order, self.lines = order, lines
        for line in lines:
            self.fields[qty_name(line.line_no)] = forms.IntegerField(
                label=_("Quantity of line %(line)s") % {"line": line.line_no},
                min_value=1, max_value=MAX_QUANTITY, initial=line.quantity,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "qty"}),
            )  # fmt: skip
            self.fields[remove_name(line.line_no)] = forms.BooleanField(label=_("Remove"), required=False)
        shipping = order.shipping
        for name in ADDRESS_FIELDS:
            self.fields[f"ship_{name}"] = forms.CharField(
                label=ADDRESS_LABELS[name], max_length=ADDRESS_LIMITS.get(name, 200), required=False,
                initial=getattr(shipping, name, "") if shipping else "",
            )  # fmt: skip
        if not self.is_bound:
            self.initial.update(
                shipping_method=order.shipping_method,
                notes=order.notes,
                tags=", ".join(order.tags or []),
                priority=order.priority,
            )

    def line_rows(self) -> list[dict]:
        return [
            {"line": line, "qty": self[qty_name(line.line_no)], "remove": self[remove_name(line.line_no)]}
            for line in self.lines
        ]

    def address_fields(self) -> list:
        return [self[f"ship_{name}"] for name in ADDRESS_FIELDS]

    def clean_add_sku(self) -> Product | None:
        text = self.cleaned_data["add_sku"].strip()
        if not text:
            return None
        try:
            return product_from_input(text)
        except forms.ValidationError:
            by_barcode = Product.objects.filter(barcode=text).first()  # a scanned GTIN
            if by_barcode is None:
                raise
            return by_barcode

    def clean_ship_country(self) -> str:
        return self.cleaned_data["ship_country"].strip().upper()

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("add_sku") and not data.get("add_quantity"):
            self.add_error("add_quantity", _("How many?"))
        return data

    def to_edit(self) -> OrderEdit:
        data = self.cleaned_data
        change, remove = [], []
        for line in self.lines:
            if data.get(remove_name(line.line_no)):
                remove.append(line.line_no)
            elif data[qty_name(line.line_no)] != line.quantity:
                change.append(LineChange(line_no=line.line_no, quantity=data[qty_name(line.line_no)]))
        product = data.get("add_sku")
        add: tuple[NewLine, ...] = ()
        if product is not None:
            add = (NewLine(sku=product.sku, quantity=data["add_quantity"], unit_price=data.get("add_unit_price")),)
        address = AddressIn(**{name: data[f"ship_{name}"].strip() for name in ADDRESS_FIELDS})
        keep_address = self.order.shipping is None and not any(vars(address).values())
        return OrderEdit(
            change=tuple(change),
            remove=tuple(remove),
            add=add,
            shipping=None if keep_address else address,
            shipping_method=data["shipping_method"].strip(),
            notes=self._notes(),
            tags=tuple(tag.strip() for tag in data["tags"].split(",") if tag.strip()),
            priority=data["priority"],
        )

    def _notes(self) -> str | None:
        """The notes as typed, or None when only line endings or edge spaces differ (a browser
        posts CRLF and the field strips), so saving the form unchanged changes nothing."""
        notes = self.cleaned_data["notes"].replace("\r\n", "\n")
        return None if notes.strip() == (self.order.notes or "").strip() else notes
