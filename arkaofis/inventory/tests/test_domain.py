from datetime import date, datetime, timedelta

from arkaofis.inventory.domain import (
    Demand,
    Plan,
    QuantView,
    Shortfall,
    Take,
    is_flow_allowed,
    kit_availability,
    plan_takes,
)

T0 = datetime(2026, 1, 1)
P, K = 1, 2  # two products


def quant(qid, available, days=0, expires=None, strategy="fifo", product=P, warehouse=10):
    return QuantView(qid, available, T0 + timedelta(days=days), expires, strategy, product, warehouse)


def takes(plan: Plan) -> list[list[tuple[int, int]]]:
    return [[(take.quant_id, take.quantity) for take in demand] for demand in plan.takes]


def test_fifo_takes_oldest_arrival_first():
    quants = [quant(1, 5, days=2), quant(2, 5)]
    assert takes(plan_takes(quants, [Demand(P, 7)])) == [[(2, 5), (1, 2)]]


def test_fefo_takes_earliest_expiry_first_and_undated_last():
    quants = [
        quant(1, 5, expires=None, strategy="fefo"),
        quant(2, 5, days=9, expires=date(2026, 3, 1), strategy="fefo"),
        quant(3, 5, days=1, expires=date(2026, 6, 1), strategy="fefo"),
    ]
    assert takes(plan_takes(quants, [Demand(P, 12)])) == [[(2, 5), (3, 5), (1, 2)]]


def test_fefo_takes_the_lot_expiring_first_even_when_an_older_arrival_could_cover_it():
    next_year = quant(1, 5, days=0, expires=date(2027, 1, 1), strategy="fefo")
    next_month = quant(2, 5, days=3, expires=date(2026, 2, 1), strategy="fefo")
    assert takes(plan_takes([next_year, next_month], [Demand(P, 3)])) == [[(2, 3)]]


def test_fifo_location_ignores_expiry_dates():
    older = quant(1, 5, days=0, expires=date(2027, 1, 1))
    newer = quant(2, 5, days=3, expires=date(2026, 2, 1))
    assert takes(plan_takes([older, newer], [Demand(P, 3)])) == [[(1, 3)]]


def test_fefo_quants_with_an_expiry_go_before_fifo_quants_of_other_locations():
    fifo_old = quant(1, 5, days=0)
    fefo_dated = quant(2, 5, days=5, expires=date(2030, 1, 1), strategy="fefo")
    assert takes(plan_takes([fifo_old, fefo_dated], [Demand(P, 6)])) == [[(2, 5), (1, 1)]]


def test_short_demand_takes_nothing_and_says_what_was_there():
    assert plan_takes([quant(1, 3)], [Demand(P, 5)]) == Plan(short=Shortfall(P, 5, 3))


def test_warehouse_restriction_only_takes_from_that_warehouse():
    quants = [quant(1, 5, warehouse=10), quant(2, 5, days=1, warehouse=20)]
    assert takes(plan_takes(quants, [Demand(P, 4, warehouse_id=20)])) == [[(2, 4)]]
    assert plan_takes(quants, [Demand(P, 6, warehouse_id=20)]).short == Shortfall(P, 6, 5)


def test_kit_components_are_held_all_or_none():
    quants = [quant(1, 10, product=P), quant(2, 1, product=K)]
    assert plan_takes(quants, [Demand(P, 2), Demand(K, 2)]) == Plan(short=Shortfall(K, 2, 1))
    assert takes(plan_takes(quants, [Demand(P, 2), Demand(K, 1)])) == [[(1, 2)], [(2, 1)]]


def test_demands_of_one_plan_share_free_units():
    plan = plan_takes([quant(1, 5)], [Demand(P, 3), Demand(P, 3)])
    assert plan.short == Shortfall(P, 3, 2)


def test_quants_without_free_units_are_passed_over():
    quants = [quant(1, 0), quant(2, -2, days=1), quant(3, 4, days=2)]
    assert plan_takes(quants, [Demand(P, 4)]).takes == ((Take(3, 4),),)


def test_transfer_into_customer_location_is_not_allowed():
    assert is_flow_allowed("transfer", "internal", "internal")
    assert not is_flow_allowed("transfer", "internal", "customer")
    assert not is_flow_allowed("transfer", "internal", "supplier")


def test_kit_availability_is_limited_by_scarcest_component():
    assert kit_availability({1: 10, 2: 7}, {1: 2, 2: 1}) == 5
    assert kit_availability({1: 10}, {1: 2, 2: 1}) == 0
