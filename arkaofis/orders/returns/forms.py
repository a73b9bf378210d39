"""Forms of the return screens: one field per line, built from the order or the return.
They parse; the services decide what is allowed (and say why when they refuse)."""

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from arkaofis.orders.models import ReturnStatus, SalesReturn
from arkaofis.orders.returns.selectors import ReturnableLine

ANY = [("", _("Any"))]
RETURN_STATUSES: dict[str, Promise] = {
    ReturnStatus.OPEN: _("Open"),
    ReturnStatus.RECEIVED: _("Received"),
    ReturnStatus.CLOSED: _("Closed"),
    ReturnStatus.CANCELLED: _("Cancelled"),
}
DECISIONS = [("restock", _("Restock")), ("quarantine", _("Quarantine")), ("scrap", _("Scrap"))]


class ReturnFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=ANY + list(RETURN_STATUSES.items()))
    order = forms.CharField(label=_("Order"), required=False, max_length=64)


class OpenReturnForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the return"), max_length=500)

    def __init__(self, *args, lines: list[ReturnableLine], **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = [row for row in lines if row.returnable > 0]
        for row in self.lines:
            self.fields[f"qty_{row.line.pk}"] = forms.IntegerField(
                label=_("%(sku)s: units back (at most %(max)s)") % {"sku": row.line.sku, "max": row.returnable},
                min_value=0,
                max_value=row.returnable,
                initial=0,
            )
            self.fields[f"why_{row.line.pk}"] = forms.CharField(
                label=_("Why (%(sku)s)") % {"sku": row.line.sku}, max_length=200, required=False
            )

    def wanted(self) -> list[tuple[int, int, str]]:
        data = self.cleaned_data
        return [
            (row.line.pk, data[f"qty_{row.line.pk}"], data.get(f"why_{row.line.pk}", ""))
            for row in self.lines
            if data.get(f"qty_{row.line.pk}")
        ]


class CancelReturnForm(forms.Form):
    reason = forms.CharField(label=_("Why cancel it"), max_length=500)


class ReceiveForm(forms.Form):
    def __init__(self, *args, sales_return: SalesReturn, **kwargs):
        super().__init__(*args, **kwargs)
        for line in sales_return.lines.all():
            self.fields[f"received_{line.pk}"] = forms.IntegerField(
                label=_("%(sku)s: units that arrived (of %(count)s)")
                % {"sku": line.order_line.sku, "count": line.quantity},
                min_value=0,
                max_value=line.quantity,
                initial=line.quantity,
            )

    def received(self) -> dict[int, int]:
        return {int(name.split("_", 1)[1]): units for name, units in self.cleaned_data.items()}


class InspectForm(forms.Form):
    def __init__(self, *args, sales_return: SalesReturn, **kwargs):
        super().__init__(*args, **kwargs)
        for line in sales_return.lines.all():
            if line.received_quantity > 0:
                self.fields[f"decision_{line.pk}"] = forms.ChoiceField(
                    label=_("%(sku)s × %(count)s") % {"sku": line.order_line.sku, "count": line.received_quantity},
                    choices=DECISIONS,
                    widget=forms.RadioSelect,
                )

    def decisions(self) -> dict[int, str]:
        return {int(name.split("_", 1)[1]): value for name, value in self.cleaned_data.items()}
