"""Forms of the order screens: they parse; the services decide what is allowed."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from arkaofis.orders import labels

ANY = [("", _("Any"))]


class QueueFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Number, external id, email, name or SKU")}),
    )  # fmt: skip
    status = forms.ChoiceField(label=_("Status"), required=False, choices=ANY + list(labels.STATUSES.items()))
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    hold = forms.ChoiceField(
        label=_("Hold"), required=False, choices=ANY + [("yes", _("On hold")), ("no", _("Not on hold"))]
    )
    warehouse = forms.ChoiceField(label=_("Warehouse"), required=False)
    placed_from = forms.DateField(
        label=_("Placed from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    placed_to = forms.DateField(label=_("Placed to"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, channels: list[str], warehouses: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["channel"]).choices = ANY + [(channel, channel) for channel in channels]
        cast(forms.ChoiceField, self.fields["warehouse"]).choices = ANY + [(code, code) for code in warehouses]


class HoldForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=list(labels.HOLD_KINDS.items()), initial="manual")
    reason = forms.CharField(label=_("Reason"), max_length=500)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


BULK_ACTIONS = {"reserve": _("Reserve"), "release": _("Release to warehouse"), "hold": _("Hold"), "cancel": _("Cancel")}


class BulkForm(forms.Form):
    action = forms.ChoiceField(choices=list(BULK_ACTIONS.items()))
    orders = forms.TypedMultipleChoiceField(coerce=int, choices=[])
    reason = forms.CharField(max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any ids may be posted; the services refuse those that do not exist.
        self.fields["orders"].choices = [(value, value) for value in self.data.getlist("orders")]

    def clean(self):
        data = super().clean()
        if data.get("action") == "hold" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("A hold needs a reason."))
        return data
