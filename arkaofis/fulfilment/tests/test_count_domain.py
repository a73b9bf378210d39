"""Pure rules of counting: the tolerance, ABC classes, when a product is due. No database."""

from datetime import date
from decimal import Decimal

from arkaofis.fulfilment.counts import domain

TOLERANCE = domain.Tolerance(units=2, percent=Decimal("5"), value=Decimal("100"))


def test_a_small_variance_in_units_or_in_percent_passes_and_a_large_one_needs_a_manager():
    assert not domain.needs_approval(variance=0, expected=10, unit_cost=Decimal("1"), tolerance=TOLERANCE)
    assert not domain.needs_approval(variance=-2, expected=10, unit_cost=Decimal("1"), tolerance=TOLERANCE)
    assert not domain.needs_approval(variance=5, expected=100, unit_cost=Decimal("1"), tolerance=TOLERANCE)
    assert domain.needs_approval(variance=6, expected=100, unit_cost=Decimal("1"), tolerance=TOLERANCE)
    assert domain.needs_approval(variance=3, expected=10, unit_cost=Decimal("1"), tolerance=TOLERANCE)


def test_found_stock_passes_only_within_the_units_and_a_costly_variance_needs_a_manager():
    assert not domain.needs_approval(variance=2, expected=0, unit_cost=Decimal("1"), tolerance=TOLERANCE)
    assert domain.needs_approval(variance=3, expected=0, unit_cost=Decimal("1"), tolerance=TOLERANCE)
    assert domain.needs_approval(variance=-1, expected=10, unit_cost=Decimal("150"), tolerance=TOLERANCE)
    no_value_limit = domain.Tolerance(units=2, percent=Decimal("5"))
    assert not domain.needs_approval(variance=-1, expected=10, unit_cost=Decimal("150"), tolerance=no_value_limit)


def test_abc_classes_take_the_top_80_percent_of_units_as_a_the_next_15_as_b_the_rest_as_c():
    shipped = {1: 500, 2: 250, 3: 100, 4: 80, 5: 50, 6: 20, 7: 0}
    # before each: 0 %, 50 %, 75 % (A: still under 80), 85 %, 93 % (B: under 95), 98 % (C); nothing shipped: C
    assert domain.abc_classes(shipped) == {1: "A", 2: "A", 3: "A", 4: "B", 5: "B", 6: "C", 7: "C"}
    assert domain.abc_classes({9: 1}) == {9: "A"}
    assert domain.abc_classes({9: 0, 8: 0}) == {8: "C", 9: "C"}


def test_a_product_is_due_when_never_counted_or_counted_at_least_its_frequency_ago():
    frequencies = domain.DEFAULT_FREQUENCIES
    today = date(2026, 6, 30)
    assert domain.is_due(abc_class="A", last_counted=None, today=today, frequencies=frequencies)
    assert domain.is_due(abc_class="A", last_counted=date(2026, 5, 31), today=today, frequencies=frequencies)
    assert not domain.is_due(abc_class="A", last_counted=date(2026, 6, 1), today=today, frequencies=frequencies)
    assert not domain.is_due(abc_class="C", last_counted=date(2026, 1, 1), today=today, frequencies=frequencies)


def test_the_never_counted_go_first_then_the_oldest_count_then_a_before_c():
    rows = [
        (1, "C", date(2026, 1, 1)),
        (2, "A", None),
        (3, "C", None),
        (4, "A", date(2026, 1, 1)),
        (5, "B", date(2025, 1, 1)),
    ]
    assert domain.due_order(rows) == [2, 3, 5, 4, 1]
    assert domain.bad_frequencies({"A": 0, "D": 3}) == ["unknown class 'D'", "A: 0 is not a positive number of days"]
