"""What a shipping label prints, as plain data: the renderers (PDF, ZPL) read only this.

The caller (a service) builds a LabelData per parcel from its shipment, carrier and warehouse; nothing here
touches the database, so labels render the same in a request, a worker or a benchmark.
"""

import re
from dataclasses import dataclass
from datetime import date

from arkaofis.fulfilment.domain.parcels import Address, missing_fields
from arkaofis.fulfilment.labels.exceptions import LabelAddressIncomplete, LabelFieldInvalid
from arkaofis.fulfilment.labels.sscc import check_sscc

# Carriers' tracking numbers are letters and digits (UPS 1Z…, DHL, Yurtiçi, Aras); allowing only these and a
# few separators keeps the Code 128 symbol and the ZPL field free of characters either would read as commands.
TRACKING_NUMBER = re.compile(r"[0-9A-Za-z][0-9A-Za-z./-]{0,39}")


@dataclass(frozen=True)
class LabelData:
    ship_from: Address
    ship_to: Address
    carrier: str  # the carrier's name as printed ("Yurtiçi Kargo", "UPS")
    service: str  # the carrier's service ("Standart", "Express Saver")
    tracking_number: str
    sscc: str  # 18 digits (sscc18()); printed as GS1-128 after AI (00)
    shipment_number: str
    order_number: str
    weight_g: int
    parcel_index: int = 1  # this parcel is parcel_index of parcel_count
    parcel_count: int = 1
    ship_date: date | None = None
    # The GS1 company prefix's length, to print the SSCC grouped as "(00) 1 0614141 123456789 7"; unknown: ungrouped.
    sscc_prefix_length: int | None = None


def check_label(label: LabelData) -> LabelData:
    """`label` when it can be printed and delivered; otherwise a typed error naming what is missing or wrong.

    Ship-to is checked first: it is the address a customer gave and the one a clerk can fix on the order.
    """
    for side, address in (("ship_to", label.ship_to), ("ship_from", label.ship_from)):
        missing = missing_fields(address)
        if missing:
            raise LabelAddressIncomplete(side, missing)
    if not TRACKING_NUMBER.fullmatch(label.tracking_number):
        raise LabelFieldInvalid("tracking_number", label.tracking_number)
    check_sscc(label.sscc)
    if isinstance(label.weight_g, bool) or not isinstance(label.weight_g, int) or label.weight_g <= 0:
        raise LabelFieldInvalid("weight_g", label.weight_g)
    if not 1 <= label.parcel_index <= label.parcel_count:
        raise LabelFieldInvalid("parcel", f"{label.parcel_index}/{label.parcel_count}")
    return label


def format_weight(weight_g: int) -> str:
    """Grams as the kilograms a label prints, with three decimals ("1.250 kg"): carriers bill by the kilogram."""
    return f"{weight_g // 1000}.{weight_g % 1000:03d} kg"


def printable(text: str) -> str:
    """`text` on one line: control characters (a newline pasted into a street) become spaces."""
    return " ".join("".join(char if char.isprintable() else " " for char in text).split())


def address_lines(address: Address) -> list[str]:
    """The lines of an address as printed, blank parts left out: name, company, street, district, city, country."""
    locality = " / ".join(part for part in (address.district, address.city) if part.strip())  # "Şişli / İstanbul"
    place = " ".join(part for part in (address.postal_code, locality, address.region) if part.strip())
    lines = [address.company, address.line1, address.line2, place, address.country]
    return [printable(line) for line in lines if printable(line)]
