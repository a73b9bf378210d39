"""GS1 check digits and the SSCC-18 (Serial Shipping Container Code), the number on every parcel's label.

An SSCC is 18 digits: an extension digit the shipper chooses, its GS1 company prefix (7 to 10 digits, from
its GS1 member organisation), a serial reference that fills the rest to 17 digits, then a mod-10 check digit
(GS1 General Specifications, §3.3.1 "Identification of a logistic unit (SSCC): AI (00)", and §7.9 for the
check digit: weights 3 and 1 alternating from the rightmost digit). On a label it is encoded in GS1-128
after Application Identifier (00).
"""

from arkaofis.fulfilment.labels.exceptions import InvalidSSCC

SSCC_LENGTH = 18
PREFIX_LENGTHS = range(7, 11)
AI_SSCC = "00"


def gs1_check_digit(digits: str) -> int:
    """The GS1 mod-10 check digit of `digits` (GTIN, GLN, SSCC…): weight 3 on the rightmost digit, then 1, 3…"""
    if not digits.isascii() or not digits.isdigit():
        raise ValueError(f"GS1 check digits are computed over digits only, not {digits!r}")
    total = sum(int(digit) * (3 if position % 2 == 0 else 1) for position, digit in enumerate(reversed(digits)))
    return (10 - total % 10) % 10


def _digits(value: str | int) -> str:
    text = str(value)
    return text if text.isascii() and text.isdigit() else ""


def sscc18(extension_digit: int | str, company_prefix: str, serial: int | str) -> str:
    """The 18-digit SSCC of a parcel: extension digit, company prefix, serial zero-padded to fill 17, check digit.

    The company prefix is text because its leading zeros are part of it; the serial may be an int (a counter).
    """
    extension = _digits(extension_digit)
    if len(extension) != 1:
        raise InvalidSSCC("extension", str(extension_digit))
    prefix = _digits(company_prefix)
    if len(prefix) not in PREFIX_LENGTHS:
        raise InvalidSSCC("prefix", str(company_prefix))
    limit = SSCC_LENGTH - 2 - len(prefix)
    reference = _digits(serial)
    if not reference or len(reference.lstrip("0") or "0") > limit:
        raise InvalidSSCC("serial", str(serial), limit=limit)
    body = extension + prefix + reference.rjust(limit, "0")[-limit:]
    return body + str(gs1_check_digit(body))


def is_sscc(value: str) -> bool:
    """Whether `value` is 18 digits whose last is the check digit of the first 17."""
    return (
        len(value) == SSCC_LENGTH
        and value.isascii()
        and value.isdigit()
        and gs1_check_digit(value[:-1]) == int(value[-1])
    )


def check_sscc(value: str) -> str:
    """`value` when it is a valid SSCC-18, else InvalidSSCC."""
    if not is_sscc(value):
        raise InvalidSSCC("sscc", value)
    return value


def sscc_human_readable(sscc: str, prefix_length: int | None = None) -> str:
    """The text printed under the barcode: "(00) 1 0614141 123456789 7" when the prefix length is known,
    else "(00) 106141411234567897" (both forms are GS1 human-readable interpretation)."""
    if prefix_length is None or prefix_length not in PREFIX_LENGTHS:
        return f"({AI_SSCC}) {sscc}"
    return f"({AI_SSCC}) {sscc[0]} {sscc[1 : 1 + prefix_length]} {sscc[1 + prefix_length : -1]} {sscc[-1]}"
