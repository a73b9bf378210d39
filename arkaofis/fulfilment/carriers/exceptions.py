"""Typed carrier errors: what went wrong with a carrier, in words a packer can act on.

Each carries its data as attributes (and in `data` for the problem body) and tells itself in the
reader's language through `localized()` (core/exceptions.py). Carrier names are proper nouns and
stay as they are; the carrier's own refusal is quoted as the carrier said it.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from arkaofis.core.exceptions import Conflict, DomainError, InvalidInput, NotFound

# Address fields by name (parcels.Address), as a screen calls them.
FIELD_LABELS: Mapping[str, Promise] = {
    "name": _("name"),
    "company": _("company"),
    "line1": _("street address"),
    "line2": _("address line 2"),
    "district": _("district"),
    "city": _("city"),
    "region": _("state or province"),
    "postal_code": _("postal code"),
    "country": _("country"),
    "phone": _("phone"),
    "email": _("email"),
}

SIDE_LABELS: Mapping[str, Promise] = {"ship_to": _("delivery"), "ship_from": _("sender")}


class CarrierUnavailable(DomainError):
    """The carrier did not answer usefully (timeout, 5xx, no connection): nothing was bought; try again."""

    status = 502
    code = "carrier-unavailable"
    title = _("Carrier unavailable")
    messages = {
        "timeout": _("%(carrier)s did not answer in time; nothing was booked. Try again in a few minutes."),
        "server-error": _("%(carrier)s had an error on its side; nothing was booked. Try again in a few minutes."),
        "connection": _("%(carrier)s could not be reached; nothing was booked. Try again in a few minutes."),
    }

    def __init__(self, carrier: str, reason: str) -> None:
        super().__init__(f"{carrier} unavailable: {reason}", carrier=carrier, action=reason)
        self.carrier = carrier
        self.reason = reason


class CarrierRefused(DomainError):
    """The carrier answered and said no (a 4xx or its own error code), with its reason."""

    status = 422
    code = "carrier-refused"
    title = _("Carrier refused")
    message = _("%(carrier)s refused: %(carrier_message)s")

    def __init__(self, carrier: str, carrier_message: str, *, carrier_code: str = "") -> None:
        super().__init__(
            f"{carrier} refused: {carrier_message}",
            carrier=carrier,
            carrier_message=carrier_message,
            carrier_code=carrier_code,
        )
        self.carrier = carrier
        self.carrier_message = carrier_message
        self.carrier_code = carrier_code


class AddressIncomplete(InvalidInput):
    """An address lacks fields the carrier needs (each carrier declares its own, e.g. a phone)."""

    code = "address-incomplete"
    title = _("Address incomplete")
    message = _("The %(side)s address lacks what %(carrier)s needs: %(fields)s.")

    def __init__(self, carrier: str, side: str, fields: Sequence[str]) -> None:
        super().__init__(
            f"{side} address lacks {', '.join(fields)} for {carrier}", carrier=carrier, side=side, fields=list(fields)
        )
        self.carrier = carrier
        self.side = side
        self.fields = list(fields)

    def message_data(self) -> Mapping[str, Any]:
        data = dict(super().message_data())
        data["side"] = SIDE_LABELS.get(self.side, self.side)
        data["fields"] = ", ".join(str(FIELD_LABELS.get(name, name)) for name in self.fields)
        return data


class DestinationNotServed(InvalidInput):
    code = "destination-not-served"
    title = _("Destination not served")
    message = _("%(carrier)s does not deliver to %(country)s.")

    def __init__(self, carrier: str, country: str) -> None:
        super().__init__(f"{carrier} does not deliver to {country!r}", carrier=carrier, country=country)


class UnknownService(InvalidInput):
    code = "unknown-service"
    title = _("Unknown carrier service")
    message = _("%(carrier)s offers no service %(service)s here; it offers: %(known)s.")

    def __init__(self, carrier: str, service: str, known: Sequence[str]) -> None:
        super().__init__(
            f"{carrier} has no service {service!r} (offers {', '.join(known)})",
            carrier=carrier,
            service=service,
            known=list(known),
        )
        self.service = service


class ParcelTooHeavy(InvalidInput):
    code = "parcel-too-heavy"
    title = _("Parcel too heavy")
    message = _("%(carrier)s %(service)s takes at most %(max_g)s g (chargeable); this parcel is %(weight_g)s g.")

    def __init__(self, carrier: str, service: str, weight_g: int, max_g: int) -> None:
        super().__init__(
            f"{carrier} {service}: {weight_g} g over {max_g} g",
            carrier=carrier,
            service=service,
            weight_g=weight_g,
            max_g=max_g,
        )


class ReferenceUnusable(InvalidInput):
    code = "carrier-reference-unusable"
    title = _("Reference unusable for this carrier")
    message = _("%(carrier)s takes references of at most %(max_length)s letters and digits; %(reference)s is not one.")

    def __init__(self, carrier: str, reference: str, max_length: int) -> None:
        super().__init__(
            f"{carrier}: reference {reference!r} unusable (max {max_length} letters/digits)",
            carrier=carrier,
            reference=reference,
            max_length=max_length,
        )


class TrackingRangeExhausted(Conflict):
    code = "tracking-range-exhausted"
    title = _("Tracking numbers used up")
    message = _(
        "The tracking number range of %(carrier)s is used up (its last serial is %(last)s); configure a new range."
    )

    def __init__(self, carrier: str, serial: int, last: int) -> None:
        super().__init__(f"{carrier}: serial {serial} past the range's last {last}", carrier=carrier, last=last)
        self.serial = serial


class UnknownCarrier(NotFound):
    code = "unknown-carrier"
    title = _("Unknown carrier")
    message = _("There is no configured carrier %(carrier)s.")

    def __init__(self, code: str) -> None:
        super().__init__(f"No configured carrier {code!r}", carrier=code)


class CarrierNotConfigured(InvalidInput):
    """A setting the carrier needs is missing or malformed (never says a secret's value)."""

    code = "carrier-not-configured"
    title = _("Carrier not configured")
    message = _("Carrier %(carrier)s lacks the setting %(setting)s.")

    def __init__(self, carrier: str, setting: str) -> None:
        super().__init__(f"Carrier {carrier!r} lacks setting {setting!r}", carrier=carrier, setting=setting)
