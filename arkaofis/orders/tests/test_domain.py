"""The lifecycle rules, without a database."""

from decimal import Decimal

import pytest

from arkaofis.orders import domain
from arkaofis.orders.domain import OrderStatus as S
from arkaofis.orders.exceptions import IllegalTransition, OrderOnHold

HAPPY_PATH = [S.DRAFT, S.CONFIRMED, S.RESERVED, S.RELEASED, S.PARTIALLY_SHIPPED, S.SHIPPED, S.DELIVERED]


def test_the_happy_path_is_allowed_step_by_step():
    for before, after in zip(HAPPY_PATH, HAPPY_PATH[1:], strict=False):
        assert domain.check_transition(before, after) == after


def test_a_backordered_order_can_be_reserved_when_stock_arrives():
    assert domain.check_transition(S.CONFIRMED, S.BACKORDERED) == S.BACKORDERED
    assert domain.check_transition(S.BACKORDERED, S.RESERVED) == S.RESERVED


@pytest.mark.parametrize("status", [S.DRAFT, S.CONFIRMED, S.RESERVED, S.BACKORDERED, S.RELEASED])
def test_an_order_can_be_cancelled_before_anything_ships(status):
    assert domain.check_transition(status, S.CANCELLED) == S.CANCELLED


@pytest.mark.parametrize("status", [S.PARTIALLY_SHIPPED, S.SHIPPED, S.DELIVERED, S.CANCELLED])
def test_cancelling_after_shipping_or_twice_is_an_illegal_transition_with_both_statuses(status):
    with pytest.raises(IllegalTransition) as refused:
        domain.check_transition(status, S.CANCELLED)
    assert refused.value.data == {"from_status": status.value, "to_status": "cancelled"}
    assert refused.value.status == 409


@pytest.mark.parametrize(
    ("before", "after"), [(S.CONFIRMED, S.SHIPPED), (S.DELIVERED, S.CONFIRMED), (S.DRAFT, S.RELEASED)]
)
def test_skipping_or_going_back_is_refused(before, after):
    assert not domain.can_transition(before, after)
    with pytest.raises(IllegalTransition):
        domain.check_transition(before, after)


def test_terminal_statuses_have_no_next_status():
    assert domain.next_statuses(S.DELIVERED) == frozenset()
    assert domain.next_statuses(S.CANCELLED) == frozenset()


def test_any_short_line_backorders_the_order():
    assert domain.status_after_reserving(lines_short=0) == S.RESERVED
    assert domain.status_after_reserving(lines_short=1) == S.BACKORDERED


def test_a_hold_blocks_release_and_names_its_kinds():
    with pytest.raises(OrderOnHold) as refused:
        domain.check_release(number="SO-000001", status=S.RESERVED, active_hold_kinds=["payment", "fraud", "payment"])
    assert refused.value.data["holds"] == ["fraud", "payment"]


def test_only_a_reserved_order_is_released():
    domain.check_release(number="SO-000001", status=S.RESERVED, active_hold_kinds=[])
    with pytest.raises(IllegalTransition):
        domain.check_release(number="SO-000001", status=S.BACKORDERED, active_hold_kinds=[])


def test_order_numbers_round_trip_and_junk_is_not_a_number():
    assert domain.format_number(123) == "SO-000123"
    assert domain.parse_number("so-000123 ") == 123
    assert domain.parse_number("SO-1234567") == 1234567
    assert domain.parse_number("123") is None
    assert domain.parse_number("SO-12a") is None


def test_demand_refs_name_the_line_and_the_kit_component():
    assert domain.line_demand_ref("SO-000007", 2) == "SO-000007/L2"
    assert domain.component_demand_ref("SO-000007", 2, "BOLT-1") == "SO-000007/L2/BOLT-1"


def test_totals_subtract_discounts_and_add_tax_and_shipping():
    totals = domain.order_totals(
        [(2, Decimal("10.00"), Decimal("1.00"), Decimal("3.80")), (1, Decimal("5"), Decimal("0"), Decimal("1"))],
        Decimal("7.50"),
    )
    assert totals == {
        "subtotal": Decimal("25.00"),
        "discount_total": Decimal("1.00"),
        "tax_total": Decimal("4.80"),
        "grand_total": Decimal("36.30"),
    }
