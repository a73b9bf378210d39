"""The order import form: only the upload itself is checked here (present, not too large); every
cell is judged by the import service, which reports each problem by line and column."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from arkaofis.catalog.forms import ACCEPTED_TYPES

# 100,000 rows (the reader's own limit) of order lines with addresses is about 20 MB.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class OrderImportForm(forms.Form):
    file = forms.FileField(
        label=_("Order file"),
        help_text=_("CSV (UTF-8) or XLSX, one row per order line, up to 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_TYPES}),
    )
    reserve = forms.BooleanField(
        label=_("Reserve stock for new orders"),
        required=False,
        initial=True,
        help_text=_(
            "Each new order claims its stock at once, so no channel sells those units again; "
            "lines short of stock are backordered."
        ),  # fmt: skip
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
