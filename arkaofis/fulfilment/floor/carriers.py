"""The carriers screen (managers): the list, and a carrier added or changed.

Credentials are not typed here: they come from the environment by the carrier's code (README,
carriers/registry.py), so no secret is stored in the database or shown on a page.
"""

import re
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arkaofis.core.models import Source
from arkaofis.core.views import staff_view
from arkaofis.fulfilment.carriers.exceptions import CarrierNotConfigured
from arkaofis.fulfilment.carriers.rates import RateTable
from arkaofis.fulfilment.models import CarrierAccount
from arkaofis.fulfilment.services.carrier_accounts import save_carrier_account

SEE, CHANGE = "fulfilment.view_carrieraccount", "fulfilment.change_carrieraccount"
CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")


class CarrierForm(forms.ModelForm):
    options = forms.JSONField(
        label=gettext_lazy("Options (JSON: rates, URL, label format)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
    )

    class Meta:
        model = CarrierAccount
        fields = [
            "code", "name", "kind", "default_service", "cutoff_time", "shipping_methods", "tracking_prefix",
            "tracking_first", "tracking_last", "tracking_check_digit", "tracking_url_template", "is_default",
            "active", "options",
        ]  # fmt: skip
        widgets = {"cutoff_time": forms.TimeInput(attrs={"type": "time"})}
        labels = {
            "code": gettext_lazy("Code"),
            "name": gettext_lazy("Name"),
            "kind": gettext_lazy("Kind"),
            "default_service": gettext_lazy("Default service"),
            "cutoff_time": gettext_lazy("Last pick-up of the day"),
            "shipping_methods": gettext_lazy("Order shipping methods it serves (comma-separated)"),
            "tracking_prefix": gettext_lazy("Tracking number prefix"),
            "tracking_first": gettext_lazy("First tracking number"),
            "tracking_last": gettext_lazy("Last tracking number"),
            "tracking_check_digit": gettext_lazy("Check digit on tracking numbers"),
            "tracking_url_template": gettext_lazy("Tracking page address"),
            "is_default": gettext_lazy("Default carrier"),
            "active": gettext_lazy("Active"),
        }

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().lower()
        if not CODE.match(code):
            raise forms.ValidationError(
                _("1–32 lowercase letters, digits, '-' or '_', starting with a letter or digit")
            )
        return code

    def clean_options(self) -> dict[str, Any]:
        options = self.cleaned_data.get("options") or {}
        if not isinstance(options, dict):
            raise forms.ValidationError(_('Options are a JSON object: {"rates": …}'))
        if "rates" in options:
            try:
                if not isinstance(options["rates"], dict):
                    raise CarrierNotConfigured("", "rates")
                RateTable.from_config(self.data.get("code", ""), options["rates"])
            except CarrierNotConfigured as error:
                raise forms.ValidationError(
                    _("The rates table cannot be read at %(setting)s") % {"setting": error.data.get("setting", "rates")}
                ) from None
        return options

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("tracking_first"), data.get("tracking_last")
        if first is not None and last is not None and first > last:
            self.add_error("tracking_last", _("The range ends before it starts"))
        template = data.get("tracking_url_template") or ""
        if template and (not template.startswith("https://") or "{number}" not in template):
            self.add_error("tracking_url_template", _("An https:// address with {number} where the number goes"))
        return data


@staff_view(SEE)
def carriers(request: HttpRequest) -> HttpResponse:
    return render(request, "fulfilment/floor/carriers.html", {"carriers": CarrierAccount.objects.all()})


@staff_view(CHANGE)
def carrier(request: HttpRequest, code: str = "") -> HttpResponse:
    account = CarrierAccount.objects.filter(code=code).first() if code else None
    if code and account is None:
        raise Http404(code)
    form = CarrierForm(request.POST or None, instance=account)
    if request.method == "POST" and form.is_valid():
        saved = save_carrier_account(account=form.save(commit=False), user=request.user, source=Source.UI)
        messages.success(request, _("Carrier %(code)s saved.") % {"code": saved.code})
        return redirect("floor:carriers")
    return render(request, "fulfilment/floor/carrier_form.html", {"form": form, "account": account})
