from django import forms
from django.utils.translation import gettext_lazy as _


class BoardFilterForm(forms.Form):
    warehouse = forms.ChoiceField(required=False, label=_("Warehouse"))
    hours = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=8,
        label=_("Throughput over"),
        choices=[(4, _("4 hours")), (8, _("8 hours")), (24, _("24 hours")), (168, _("7 days"))],
    )

    def __init__(self, *args, warehouses: list[str], **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["warehouse"].choices = [("", _("All warehouses")), *[(code, code) for code in warehouses]]
