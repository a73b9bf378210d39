"""What a parcel is and where it goes: the plain data labels and carriers both read.

Addresses are as the warehouse prints them: a country is an ISO 3166-1 alpha-2 code, the weight is
in grams and the dimensions in millimetres, so no float ever reaches a carrier's API.
"""

from dataclasses import dataclass

# What a label needs to be delivered at all; a carrier may require more (a phone number, a district).
LABEL_FIELDS = ("name", "line1", "city", "postal_code", "country")


@dataclass(frozen=True)
class Address:
    name: str = ""
    company: str = ""
    line1: str = ""
    line2: str = ""
    district: str = ""  # ilçe in Turkey; many carriers there route by it
    city: str = ""
    region: str = ""  # state or province code
    postal_code: str = ""
    country: str = ""  # ISO 3166-1 alpha-2
    phone: str = ""
    email: str = ""


def missing_fields(address: Address, required: tuple[str, ...] = LABEL_FIELDS) -> list[str]:
    """The required fields of `address` that are empty (blank counts as empty), in `required`'s order."""
    return [name for name in required if not str(getattr(address, name)).strip()]


@dataclass(frozen=True)
class Parcel:
    weight_g: int
    length_mm: int = 0
    width_mm: int = 0
    height_mm: int = 0
