"""The slotting screen's form: which warehouse, and how many days of picks to replay."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from arkaofis.fulfilment.slotting.selectors import DAYS, MOST_DAYS


class SlottingForm(forms.Form):
    warehouse = forms.ChoiceField(label=_("Warehouse"))
    days = forms.IntegerField(label=_("Days of picks"), min_value=1, max_value=MOST_DAYS, initial=DAYS)

    def __init__(self, *args, warehouses: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["warehouse"]).choices = [(code, code) for code in warehouses]
