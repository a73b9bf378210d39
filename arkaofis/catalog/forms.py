"""Forms of the catalog screens. The import form only checks the upload itself (present, not too
large); every cell is judged by the import service, which reports each problem by line."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

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
