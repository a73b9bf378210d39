"""core.money: each currency's minor unit from CLDR (babel), one rounding rule, one currency list."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from arkaofis.core.money import (
    ROUNDING,
    UNIT_QUANTUM,
    CurrencyCode,
    allocate,
    currencies,
    is_currency,
    minor_unit,
    minor_units,
    round_money,
    round_unit,
)


def test_each_currency_knows_its_minor_unit():
    assert {code: minor_units(code) for code in ("JPY", "TRY", "USD", "KWD", "BHD")} == {
        "JPY": 0, "TRY": 2, "USD": 2, "KWD": 3, "BHD": 3,
    }  # fmt: skip
    assert (minor_unit("JPY"), minor_unit("EUR"), minor_unit("KWD")) == (Decimal(1), Decimal("0.01"), Decimal("0.001"))


def test_amounts_shown_are_rounded_half_up_to_the_currencys_minor_unit():
    assert ROUNDING == "ROUND_HALF_UP"
    assert round_money(Decimal("1234.5"), "JPY") == Decimal("1235")
    assert round_money(Decimal("10.005"), "TRY") == Decimal("10.01")
    assert round_money(Decimal("2.0025"), "KWD") == Decimal("2.003")
    assert round_money(Decimal("-10.005"), "EUR") == Decimal("-10.01")  # half away from zero, refunds too


def test_unit_costs_keep_four_decimals_on_purpose():
    assert Decimal("0.0001") == UNIT_QUANTUM
    assert round_unit(Decimal("10") / 3) == Decimal("3.3333")


def test_the_currency_list_holds_the_codes_in_use_and_refuses_retired_ones_and_typos():
    assert {"TRY", "EUR", "USD", "JPY", "KWD", "GBP"} <= currencies()
    assert not {"TRL", "DEM", "XXX", "TRU", "try"} & currencies()
    assert is_currency("TRY") and not is_currency("TRL") and not is_currency(None)


class Priced(BaseModel):
    currency: CurrencyCode


def test_a_currency_field_validates_against_the_list_and_its_schema_names_it_as_an_enum():
    assert Priced(currency="JPY").currency == "JPY"
    with pytest.raises(ValidationError):
        Priced(currency="TRL")
    enum = Priced.model_json_schema()["properties"]["currency"]["enum"]
    assert enum == sorted(currencies()) and "TRL" not in enum


@given(
    amount=st.decimals(min_value=0, max_value=100000, places=2),
    weights=st.lists(st.decimals(min_value=0, max_value=10000, places=2), min_size=1, max_size=8),
)
def test_an_allocation_adds_up_exactly_in_whole_minor_units(amount, weights):
    parts = allocate(amount, weights, "USD")
    assert sum(parts) == amount and all(part == part.quantize(Decimal("0.01")) for part in parts)


def test_an_allocation_follows_the_weights_and_gives_the_odd_unit_to_the_largest_remainder():
    assert allocate(Decimal("10"), [Decimal(1), Decimal(1), Decimal(1)], "EUR") == [
        Decimal("3.34"), Decimal("3.33"), Decimal("3.33"),
    ]  # fmt: skip
    assert allocate(Decimal("100"), [Decimal(1), Decimal(2)], "JPY") == [Decimal(33), Decimal(67)]
    assert allocate(Decimal("0.93"), [Decimal("20.00"), Decimal("27.50")], "EUR") == [Decimal("0.39"), Decimal("0.54")]
    assert allocate(Decimal("5.6125"), [Decimal(1), Decimal(1)], "USD") == [Decimal("2.8063"), Decimal("2.8062")]
