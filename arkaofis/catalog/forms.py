"""Forms of the catalog screens. The import form only checks the upload itself (present, not too
large); every cell is judged by the import service, which reports each problem by line. The new
product form likewise leaves every rule to the product service."""

from decimal import Decimal

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from arkaofis.catalog.domain import IMAGE_URL_MAX_LENGTH
from arkaofis.catalog.models import UnitOfMeasure, validate_image_url
from arkaofis.catalog.services.product_rows import MAX_SIZE
from arkaofis.catalog.services.products import NewProduct
from arkaofis.core.widgets import code_input

# A product file of 100,000 rows (the importer's own limit) is a few MB; past this something is wrong.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
ACCEPTED_TYPES = ",".join(
    [".csv", ".xlsx", "text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]
)


class ProductImportForm(forms.Form):
    file = forms.FileField(
        label=_("Product file"),
        help_text=_("CSV (UTF-8) or XLSX with the columns of the export, up to 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_TYPES}),
    )
    dry_run = forms.BooleanField(
        label=_("Check only (dry run)"),
        required=False,
        help_text=_("Every row is checked and the result shown, but nothing is written."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s; the limit is %(limit)s. Split it into smaller files."),
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_UPLOAD_BYTES)},
            )
        return upload


class ProductForm(forms.Form):
    """A new product typed on the screen. Only the shape of each value is checked here; the
    product service judges it with the import's rules (taken SKU or barcode, GTIN check digit,
    currency) and its refusals are shown beside the fields."""

    sku = forms.CharField(label=_("SKU"), max_length=64, widget=code_input(_("e.g. TEA-500")))
    name = forms.CharField(label=_("Name"), max_length=200)
    barcode = forms.CharField(
        label=_("Barcode"), max_length=14, required=False, help_text=_("GTIN-8, 12, 13 or 14, with its check digit."),
        widget=code_input(inputmode="numeric"),
    )  # fmt: skip
    uom = forms.ModelChoiceField(
        label=_("Unit"), queryset=UnitOfMeasure.objects.order_by("code"), to_field_name="code", empty_label=None
    )
    category = forms.CharField(label=_("Category"), max_length=100, required=False)
    sale_price = forms.DecimalField(
        label=_("Sale price"), min_value=Decimal(0), max_digits=14, decimal_places=4, initial=Decimal(0),
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
    )  # fmt: skip
    standard_cost = forms.DecimalField(
        label=_("Standard cost"), min_value=Decimal(0), max_digits=14, decimal_places=4, initial=Decimal(0),
        help_text=_("Per unit; stock received later is valued at its own cost."),
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
    )  # fmt: skip
    currency = forms.CharField(
        label=_("Currency"), max_length=3, initial="TRY", widget=code_input(_("e.g. TRY"), maxlength="3")
    )
    weight_g = forms.IntegerField(
        label=_("Weight (g)"), min_value=0, max_value=MAX_SIZE, required=False,
        help_text=_("Of one unit as packed; used for cartons and bin space."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1, "min": 0}),
    )  # fmt: skip
    volume_ml = forms.IntegerField(
        label=_("Volume (ml = cm³)"), min_value=0, max_value=MAX_SIZE, required=False,
        help_text=_("Of one unit as packed: length × width × height in cm."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1, "min": 0}),
    )  # fmt: skip
    image_url = forms.URLField(
        label=_("Image URL"), max_length=IMAGE_URL_MAX_LENGTH, required=False, assume_scheme="https",
        validators=[validate_image_url],
        help_text=_("An https:// address of the product's photo (from your web store); shown to pickers and packers."),
        widget=forms.URLInput(attrs={"placeholder": "https://", "autocapitalize": "off", "spellcheck": "false"}),
    )  # fmt: skip
    description = forms.CharField(
        label=_("Description"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and UnitOfMeasure.objects.filter(code="pcs").exists():
            self.initial.setdefault("uom", "pcs")

    def clean_sku(self) -> str:
        return self.cleaned_data["sku"].strip()

    def clean_currency(self) -> str:
        return self.cleaned_data["currency"].strip().upper()

    def new_product(self) -> NewProduct:
        data = {**self.cleaned_data, "uom": self.cleaned_data["uom"].code}
        return NewProduct(**{**data, "barcode": data["barcode"].strip() or None})
