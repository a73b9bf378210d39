from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _


class BoardFilterForm(forms.Form):
    warehouse = forms.ChoiceField(required=False, label=_("Warehouse"))
    hours = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        label=_("Throughput over"),
        choices=[(4, _("4 hours")), (8, _("8 hours")), (24, _("24 hours")), (168, _("7 days"))],
    )

    def __init__(self, *args: Any, warehouses: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("All warehouses")), *[(code, code) for code in warehouses]]
        cast(forms.ChoiceField, self.fields["warehouse"]).choices = choices
