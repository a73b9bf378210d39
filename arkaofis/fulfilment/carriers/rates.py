"""Flat rate tables from configuration: for carriers that quote no price by API (own fleet, a
Turkish carrier on a contract price list).

A service has weight bands: the first band whose ceiling is at least the parcel's chargeable weight
sets the price. Chargeable weight is the larger of the real weight and the volumetric one when a
divisor is configured: Turkish carriers bill by "desi" (length × width × height in cm / 3000, in
kg), international express by cm³ / 5000.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from typing import Any

from arkaofis.core.money import is_currency, round_money
from arkaofis.fulfilment.carriers.base import Rate
from arkaofis.fulfilment.carriers.exceptions import CarrierNotConfigured, ParcelTooHeavy, UnknownService
from arkaofis.fulfilment.domain.parcels import Parcel

DESI_DIVISOR = 3000  # cm³ per kg, the Turkish carriers' desi


def volume_cm3(parcel: Parcel) -> Decimal:
    return Decimal(parcel.length_mm) * parcel.width_mm * parcel.height_mm / 1000


def volumetric_kg(parcel: Parcel, divisor: int) -> Decimal:
    """Volumetric weight in kg (desi when divisor is 3000), rounded up to 0.01 as carriers bill it."""
    return (volume_cm3(parcel) / divisor).quantize(Decimal("0.01"), rounding=ROUND_CEILING)


def chargeable_g(parcel: Parcel, divisor: int | None) -> int:
    if not divisor:
        return parcel.weight_g
    return max(parcel.weight_g, int(volumetric_kg(parcel, divisor) * 1000))


@dataclass(frozen=True)
class FlatService:
    code: str
    name: str
    bands: tuple[tuple[int, Decimal], ...]  # (ceiling in chargeable grams, price), ascending
    days: int | None = None

    def price(self, grams: int) -> Decimal | None:
        for ceiling, amount in self.bands:
            if grams <= ceiling:
                return amount
        return None


@dataclass(frozen=True)
class RateTable:
    currency: str
    services: tuple[FlatService, ...]
    volumetric_divisor: int | None = None

    def rates(self, *, carrier: str, parcel: Parcel) -> list[Rate]:
        """Every service that takes this parcel, cheapest first."""
        grams = chargeable_g(parcel, self.volumetric_divisor)
        found = []
        for service in self.services:
            amount = service.price(grams)
            if amount is not None:
                found.append(self._rate(carrier, service, amount))
        return sorted(found, key=lambda rate: rate.amount)

    def rate(self, *, carrier: str, carrier_name: str, service: str, parcel: Parcel) -> Rate:
        chosen = next((s for s in self.services if s.code == service), None)
        if chosen is None:
            raise UnknownService(carrier_name, service, [s.code for s in self.services])
        grams = chargeable_g(parcel, self.volumetric_divisor)
        amount = chosen.price(grams)
        if amount is None:
            raise ParcelTooHeavy(carrier_name, service, grams, chosen.bands[-1][0])
        return self._rate(carrier, chosen, amount)

    def _rate(self, carrier: str, service: FlatService, amount: Decimal) -> Rate:
        return Rate(
            carrier=carrier,
            service=service.code,
            service_name=service.name,
            amount=round_money(amount, self.currency),
            currency=self.currency,
            estimated_days=service.days,
        )

    @classmethod
    def from_config(cls, carrier: str, config: Mapping[str, Any]) -> "RateTable":
        """{"currency": "TRY", "volumetric_divisor": 3000, "services": [{"code": "standard",
        "name": "Standard", "days": 2, "bands": [[2000, "45.00"], [10000, "80.00"]]}]}"""
        currency = str(config.get("currency", ""))
        if not is_currency(currency):
            raise CarrierNotConfigured(carrier, "rates.currency")
        services = tuple(_service(carrier, raw) for raw in config.get("services", ()))
        divisor = config.get("volumetric_divisor")
        return cls(currency=currency, services=services, volumetric_divisor=int(divisor) if divisor else None)


def _service(carrier: str, raw: Mapping[str, Any]) -> FlatService:
    try:
        bands: Sequence[Sequence[Any]] = raw["bands"]
        parsed = tuple(sorted((int(ceiling), Decimal(str(amount))) for ceiling, amount in bands))
        days = raw.get("days")
        service = FlatService(code=str(raw["code"]), name=str(raw.get("name", raw["code"])), bands=parsed, days=days)
    except (KeyError, TypeError, ValueError, ArithmeticError) as error:
        raise CarrierNotConfigured(carrier, "rates.services") from error
    if not service.bands or any(amount < 0 for _, amount in service.bands):
        raise CarrierNotConfigured(carrier, f"rates.services.{service.code}.bands")
    return service
