"""Typed errors of labels: each names what is wrong so a screen or the API can say it (422, problem+json)."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from arkaofis.core.exceptions import InvalidInput


class InvalidSSCC(InvalidInput):
    """The parts of an SSCC-18 do not make one: a non-digit, a wrong length, or a bad check digit."""

    code = "invalid-sscc"
    title = _("Invalid SSCC")
    messages = {
        "extension": _("The SSCC extension digit must be one digit from 0 to 9, not %(value)s."),
        "prefix": _("The GS1 company prefix must be 7 to 10 digits, not %(value)s."),
        "serial": _(
            "The SSCC serial reference must be at most %(limit)s digits for this company prefix, not %(value)s."
        ),
        "sscc": _("%(value)s is not an SSCC: it must be 18 digits ending in the right check digit."),
    }

    def __init__(self, part: str, value: str, limit: int = 0) -> None:
        super().__init__(f"invalid SSCC {part}: {value!r}", action=part, value=value, limit=limit)


# Address fields (domain.parcels.Address) as a reader names them; the problem's data keeps the field names.
ADDRESS_FIELDS = {
    "name": pgettext_lazy("address field", "name"),
    "company": pgettext_lazy("address field", "company"),
    "line1": pgettext_lazy("address field", "address line 1"),
    "line2": pgettext_lazy("address field", "address line 2"),
    "district": pgettext_lazy("address field", "district"),
    "city": pgettext_lazy("address field", "city"),
    "region": pgettext_lazy("address field", "region"),
    "postal_code": pgettext_lazy("address field", "postal code"),
    "country": pgettext_lazy("address field", "country"),
    "phone": pgettext_lazy("address field", "phone"),
    "email": pgettext_lazy("address field", "email"),
}


class LabelAddressIncomplete(InvalidInput):
    """A label cannot be printed for an address missing what a carrier needs to deliver it."""

    code = "label-address-incomplete"
    title = _("Address incomplete for a label")
    messages = {
        "ship_to": _("The ship-to address is missing: %(fields)s."),
        "ship_from": _("The ship-from address is missing: %(fields)s."),
    }

    def __init__(self, side: str, fields: list[str]) -> None:
        super().__init__(f"{side} address missing {', '.join(fields)}", action=side, fields=fields)

    def message_data(self) -> Mapping[str, Any]:
        data = dict(super().message_data())
        data["fields"] = ", ".join(str(ADDRESS_FIELDS.get(name, name)) for name in self.data["fields"])
        return data


class LabelFieldInvalid(InvalidInput):
    """A value a label prints as a barcode or a figure that cannot be printed as one."""

    code = "label-field-invalid"
    title = _("Label field not printable")
    messages = {
        "tracking_number": _(
            "The tracking number %(value)s cannot be printed as a barcode: use 1 to 40 letters, digits, '-', '.' or "
            "'/'."
        ),
        "weight_g": _("The parcel weight must be a whole number of grams above zero, not %(value)s."),
        "parcel": _("Parcel %(value)s is not a parcel of this shipment."),
    }

    def __init__(self, field: str, value: object) -> None:
        super().__init__(f"label field {field} not printable: {value!r}", action=field, value=str(value))


class NothingToPrint(InvalidInput):
    """A document asked for with nothing in it (a PDF without a page is not a PDF)."""

    code = "nothing-to-print"
    title = _("Nothing to print")
    messages = {
        "labels": _("There are no labels to print."),
        "slips": _("There are no packing slips to print."),
    }

    def __init__(self, document: str) -> None:
        super().__init__(f"no {document} to print", action=document)
