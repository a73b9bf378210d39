"""The own-fleet carrier: tracking numbers from a configured range, flat rates, nothing remote."""

import itertools
from decimal import Decimal

import pytest
from django.utils import translation

from arkaofis.fulfilment.carriers import (
    AddressIncomplete,
    ParcelTooHeavy,
    TrackingRangeExhausted,
    TrackingStatus,
    UnknownService,
)
from arkaofis.fulfilment.carriers.manual import ManualCarrier, TrackingRange, gs1_check_digit, manual_from_config
from arkaofis.fulfilment.carriers.rates import RateTable, chargeable_g, volumetric_kg
from arkaofis.fulfilment.domain.parcels import Address, Parcel

DEPOT = Address(name="Depo", line1="Sanayi Cd. 1", city="İstanbul", postal_code="34944", country="TR")
CUSTOMER = Address(name="Ayşe Yılmaz", line1="Gül Sk. 5", city="Ankara", postal_code="06690", country="TR")
RATES = {
    "currency": "TRY",
    "services": [
        {"code": "standard", "name": "Standart", "days": 2, "bands": [[5000, "60.00"], [30000, "150.00"]]},
        {"code": "same_day", "name": "Aynı gün", "days": 0, "bands": [[5000, "120.00"]]},
    ],
}
CONFIG = {"kind": "manual", "prefix": "AO", "first": 1, "last": 999, "width": 6, "check_digit": True, "rates": RATES}


def counter(start: int = 1):
    serials = itertools.count(start)
    return lambda: next(serials)


def own_fleet(start: int = 1, **config) -> ManualCarrier:
    return manual_from_config("own", CONFIG | config, next_serial=counter(start))


def test_gs1_check_digit_matches_the_published_example():
    # GS1 General Specifications, check digit calculation: 629104150021 → 3.
    assert gs1_check_digit("629104150021") == 3
    assert gs1_check_digit("0") == 0


def test_numbers_are_prefix_zero_padded_serial_and_check_digit():
    issued = TrackingRange(prefix="AO", first=1, last=999, width=6, check_digit=True)
    assert issued.number(42) == "AO000042" + str(gs1_check_digit("000042"))
    plain = TrackingRange(prefix="X-", first=10, last=99999)
    assert plain.number(10) == "X-00010"


def test_a_range_knows_its_own_numbers_and_catches_a_mistyped_digit():
    issued = TrackingRange(prefix="AO", first=1, last=999, width=6, check_digit=True)
    number = issued.number(42)
    assert issued.owns(number)
    typo = number[:-2] + str((int(number[-2]) + 1) % 10) + number[-1]
    assert not issued.owns(typo)
    assert not issued.owns("ZZ0000420")


def test_buy_label_takes_the_next_serial_and_prices_from_the_table():
    carrier = own_fleet(start=7, tracking_url="https://shop.example/track/{number}")
    first = carrier.buy_label(
        ship_from=DEPOT, ship_to=CUSTOMER, parcel=Parcel(weight_g=1200), service="standard", reference="SHP-1"
    )
    second = carrier.buy_label(
        ship_from=DEPOT, ship_to=CUSTOMER, parcel=Parcel(weight_g=1200), service="standard", reference="SHP-2"
    )
    assert first.tracking_number.startswith("AO000007") and second.tracking_number.startswith("AO000008")
    assert (first.label, first.label_format) == (None, None)  # we print our own label
    assert (first.cost, first.currency) == (Decimal("60.00"), "TRY")
    assert first.tracking_url == f"https://shop.example/track/{first.tracking_number}"


def test_a_used_up_range_refuses_instead_of_wrapping_around():
    carrier = own_fleet(start=999)
    carrier.buy_label(ship_from=DEPOT, ship_to=CUSTOMER, parcel=Parcel(weight_g=100), service="standard", reference="a")
    with pytest.raises(TrackingRangeExhausted) as exhausted:
        carrier.buy_label(
            ship_from=DEPOT, ship_to=CUSTOMER, parcel=Parcel(weight_g=100), service="standard", reference="b"
        )
    assert exhausted.value.serial == 1000
    with translation.override("tr"):
        assert "999" in exhausted.value.localized() and "takip numarası" in exhausted.value.localized()


def test_rates_list_the_services_that_take_the_parcel_cheapest_first():
    carrier = own_fleet()
    light = carrier.rates(ship_from=DEPOT, ship_to=CUSTOMER, parcel=Parcel(weight_g=4000))
    assert [(r.service, r.amount, r.estimated_days) for r in light] == [
        ("standard", Decimal("60.00"), 2),
        ("same_day", Decimal("120.00"), 0),
    ]
    heavy = carrier.rates(ship_from=DEPOT, ship_to=CUSTOMER, parcel=Parcel(weight_g=6000))
    assert [r.service for r in heavy] == ["standard"]


def test_buying_a_service_too_small_for_the_parcel_names_the_limit():
    with pytest.raises(ParcelTooHeavy) as refused:
        own_fleet().buy_label(
            ship_from=DEPOT, ship_to=CUSTOMER, parcel=Parcel(weight_g=6000), service="same_day", reference="x"
        )
    assert refused.value.data == {"carrier": "Own fleet", "service": "same_day", "weight_g": 6000, "max_g": 5000}


def test_an_unknown_service_lists_the_ones_offered():
    with pytest.raises(UnknownService) as refused:
        own_fleet().buy_label(
            ship_from=DEPOT, ship_to=CUSTOMER, parcel=Parcel(weight_g=10), service="express", reference="x"
        )
    assert refused.value.data["known"] == ["standard", "same_day"]


def test_volumetric_weight_bills_a_big_light_box_by_its_size():
    box = Parcel(weight_g=800, length_mm=400, width_mm=300, height_mm=200)  # 24000 cm³
    assert volumetric_kg(box, 3000) == Decimal("8.00")  # 8 desi
    assert chargeable_g(box, 3000) == 8000
    assert chargeable_g(box, None) == 800
    table = RateTable.from_config("own", RATES | {"volumetric_divisor": 3000})
    assert table.rates(carrier="own", parcel=box)[0].amount == Decimal("150.00")


def test_an_incomplete_delivery_address_is_named_field_by_field():
    with pytest.raises(AddressIncomplete) as refused:
        own_fleet().buy_label(
            ship_from=DEPOT, ship_to=Address(name="Ayşe"), parcel=Parcel(weight_g=10), service="standard", reference="x"
        )
    assert refused.value.fields == ["line1", "city", "postal_code", "country"]
    with translation.override("tr"):
        assert "açık adres, şehir, posta kodu, ülke" in refused.value.localized()


def test_track_knows_nothing_remote():
    tracking = own_fleet(tracking_url="https://shop.example/track/{number}").track("AO0000421")
    assert (tracking.status, tracking.events) == (TrackingStatus.UNKNOWN, ())
    assert tracking.url == "https://shop.example/track/AO0000421"
