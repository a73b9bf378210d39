"""The built-in carrier: our own fleet, or any carrier we book by hand.

Tracking numbers come from a configured range, prefix + zero-padded serial (+ a GS1 mod-10 check
digit when asked, the same rule as the SSCC on our labels, so a mistyped digit is caught). The
serial comes from `next_serial`, which the caller backs with a counter locked in the database:
two packers never get the same number, and a range, once used up, says so instead of wrapping.
Rates come from a flat table; tracking knows only what we know (nothing remote).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from arkaofis.fulfilment.carriers.base import AddressRules, Purchase, Rate, Tracking, TrackingStatus, check_addresses
from arkaofis.fulfilment.carriers.exceptions import CarrierNotConfigured, TrackingRangeExhausted
from arkaofis.fulfilment.carriers.rates import RateTable
from arkaofis.fulfilment.domain.parcels import Address, Parcel


def gs1_check_digit(digits: str) -> int:
    """GS1 mod-10: weights 3, 1, 3 … from the rightmost digit; the digit that makes the sum a multiple of 10."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits)))
    return (10 - total % 10) % 10


@dataclass(frozen=True)
class TrackingRange:
    prefix: str
    first: int
    last: int
    width: int = 0  # digits of the serial, zero-padded; 0 means as many as `last` has
    check_digit: bool = False

    def __post_init__(self) -> None:
        if self.first < 0 or self.last < self.first:
            raise ValueError(f"empty tracking range {self.first}..{self.last}")
        if self.width and self.width < len(str(self.last)):
            raise ValueError(f"width {self.width} too narrow for serial {self.last}")

    @property
    def digits(self) -> int:
        return self.width or len(str(self.last))

    def number(self, serial: int, *, carrier: str = "") -> str:
        if not self.first <= serial <= self.last:
            raise TrackingRangeExhausted(carrier, serial, self.last)
        body = str(serial).zfill(self.digits)
        return f"{self.prefix}{body}{gs1_check_digit(body) if self.check_digit else ''}"

    def owns(self, number: str) -> bool:
        """Whether `number` is one this range issues (prefix, length, serial bounds, check digit)."""
        if not number.startswith(self.prefix):
            return False
        rest = number[len(self.prefix) :]
        body, check = (rest[:-1], rest[-1:]) if self.check_digit else (rest, "")
        if len(body) != self.digits or not body.isdigit() or not self.first <= int(body) <= self.last:
            return False
        return not self.check_digit or check == str(gs1_check_digit(body))


@dataclass
class ManualCarrier:
    next_serial: Callable[[], int] = field(repr=False)
    tracking_range: TrackingRange
    rate_table: RateTable
    code: str = "manual"
    name: str = "Own fleet"
    tracking_url_template: str = ""  # e.g. "https://shop.example/track/{number}"
    address_rules: AddressRules = field(default_factory=AddressRules)

    def rates(self, *, ship_from: Address, ship_to: Address, parcel: Parcel) -> list[Rate]:
        return self.rate_table.rates(carrier=self.code, parcel=parcel)

    def buy_label(
        self, *, ship_from: Address, ship_to: Address, parcel: Parcel, service: str, reference: str
    ) -> Purchase:
        check_addresses(self, ship_from=ship_from, ship_to=ship_to)
        rate = self.rate_table.rate(carrier=self.code, carrier_name=self.name, service=service, parcel=parcel)
        number = self.tracking_range.number(self.next_serial(), carrier=self.name)
        return Purchase(
            tracking_number=number,
            shipment_id=number,
            label=None,
            label_format=None,
            cost=rate.amount,
            currency=rate.currency,
            tracking_url=self._url(number),
            service=rate.service,
        )

    def track(self, tracking_number: str) -> Tracking:
        # Nothing remote to ask: the shipment's own record (shipped, delivered) is what we know.
        return Tracking(tracking_number=tracking_number, status=TrackingStatus.UNKNOWN, url=self._url(tracking_number))

    def void(self, *, shipment_id: str) -> None:
        """Nothing to cancel remotely; the number stays used (never issued twice)."""

    def _url(self, number: str) -> str:
        return self.tracking_url_template.format(number=number) if self.tracking_url_template else ""


def manual_from_config(code: str, config: Mapping[str, Any], *, next_serial: Callable[[], int]) -> ManualCarrier:
    """{"kind": "manual", "name": "Own fleet", "prefix": "AO", "first": 1, "last": 999999, "width": 9,
    "check_digit": true, "tracking_url": "https://…/{number}", "rates": {…RateTable.from_config…}}"""
    try:
        tracking_range = TrackingRange(
            prefix=str(config.get("prefix", "")),
            first=int(config["first"]),
            last=int(config["last"]),
            width=int(config.get("width", 0)),
            check_digit=bool(config.get("check_digit", False)),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise CarrierNotConfigured(code, "first/last/width") from error
    return ManualCarrier(
        next_serial=next_serial,
        tracking_range=tracking_range,
        rate_table=RateTable.from_config(code, config.get("rates", {})),
        code=code,
        name=str(config.get("name", "Own fleet")),
        tracking_url_template=str(config.get("tracking_url", "")),
    )
