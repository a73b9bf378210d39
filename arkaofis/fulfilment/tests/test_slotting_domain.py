"""Slotting's pure rule on a tiny floor whose walks are worked out by hand.

The floor: two aisles at x = 0 and x = 10, 10 m long, the depot at x = 0 on the front cross aisle.
A bin at (aisle 0, y 1) costs 2 m there and back; one at (aisle 1, y 9) costs 2 × (10 + 9) = 38 m.
"""

import pytest

from arkaofis.fulfilment.domain.layout import Layout, PickPoint
from arkaofis.fulfilment.slotting.domain import Floor, Item, Limits, Load, Slot, plan_slotting, replay, suggest_moves

FLOOR = Floor(Layout(aisle_x=(0.0, 10.0), aisle_length=10.0, depot_x=0.0))
NEAR, FAR = PickPoint(0, 1.0), PickPoint(1, 9.0)


def slot(bin_id, point, limits=None, held=None):
    return Slot(bin_id, f"B{bin_id}", point, limits or Limits(), held or Load())


def item(product, picks, home, units=1, litres=None):
    return Item(product, product, picks, home, Load(units=units), litres)


def test_a_fast_seller_moves_into_an_empty_bin_nearer_the_depot():
    slots = [slot(1, NEAR), slot(2, FAR, held=Load(units=1))]
    moves = suggest_moves(FLOOR, slots, [item("FAST", 10, home=2)])
    assert [(m.sku, m.origin.code, m.target.code, m.partner) for m in moves] == [("FAST", "B2", "B1", None)]
    assert moves[0].metres_nearer == pytest.approx(36.0)
    assert moves[0].estimate == pytest.approx(360.0)


def test_a_fast_seller_swaps_with_a_slow_one_in_the_near_bin():
    slots = [slot(1, NEAR, held=Load(units=1)), slot(2, FAR, held=Load(units=1))]
    moves = suggest_moves(FLOOR, slots, [item("FAST", 10, home=2), item("SLOW", 1, home=1)])
    assert [(m.sku, m.target.code, m.partner.sku if m.partner else None) for m in moves] == [("FAST", "B1", "SLOW")]
    assert moves[0].estimate == pytest.approx((10 - 1) * 36.0)


def test_nothing_is_suggested_when_the_fast_seller_already_stands_nearest():
    slots = [slot(1, NEAR, held=Load(units=1)), slot(2, FAR, held=Load(units=1)), slot(3, PickPoint(1, 9.5))]
    result = plan_slotting(
        FLOOR, slots, [item("FAST", 10, home=1), item("SLOW", 1, home=2)], [["FAST"]] * 10 + [["SLOW"]]
    )
    assert result.ideal and result.moves == ()
    assert result.replay.saving == 0.0


def test_a_bin_too_small_for_the_stock_is_passed_over_for_one_that_holds_it():
    small = slot(1, NEAR, Limits(units=5))
    roomy = slot(3, PickPoint(0, 4.0), Limits(units=20))  # costs 8 m
    slots = [small, roomy, slot(2, FAR, held=Load(units=10))]
    moves = suggest_moves(FLOOR, slots, [item("FAST", 10, home=2, units=10)])
    assert [(m.target.code, m.estimate) for m in moves] == [("B3", pytest.approx(10 * 30.0))]


def test_a_swap_is_refused_when_the_slow_seller_would_not_fit_where_the_fast_one_stood():
    slots = [slot(1, NEAR, held=Load(units=50)), slot(2, FAR, Limits(units=10), held=Load(units=3))]
    items = [item("FAST", 10, home=2, units=3), item("SLOW", 1, home=1, units=50)]
    assert suggest_moves(FLOOR, slots, items) == []


def test_volume_limits_count_only_what_is_known():
    near = slot(1, NEAR, Limits(volume_ml=2000), held=Load(units=4, volume_ml=1500))
    slots = [near, slot(2, FAR, held=Load(units=2, volume_ml=1000))]
    too_big = Item("BIG", "BIG", 10, 2, Load(units=2, volume_ml=1000), 1.0)
    assert suggest_moves(FLOOR, slots, [too_big]) == []
    unknown_size = Item("BIG", "BIG", 10, 2, Load(units=2), None)
    assert [m.target.code for m in suggest_moves(FLOOR, slots, [unknown_size])] == ["B1"]


def test_products_are_offered_the_near_bins_in_order_of_picks_per_litre():
    slots = [slot(1, NEAR), slot(2, FAR, held=Load(units=2)), slot(3, PickPoint(1, 8.0), held=Load(units=1))]
    bulky = Item("BULKY", "BULKY", 12, 2, Load(units=1), 10.0)  # 1.2 picks a litre
    small = Item("SMALL", "SMALL", 8, 3, Load(units=1), 1.0)  # 8 picks a litre: first to the only free near bin
    moves = suggest_moves(FLOOR, slots, [bulky, small])
    assert [(m.sku, m.target.code) for m in moves] == [("SMALL", "B1"), ("BULKY", "B3")]  # BULKY: the place SMALL left


def test_the_replay_walks_each_trip_by_the_optimal_route_on_both_slottings():
    now = {"FAST": FAR, "SLOW": NEAR}
    after = {"FAST": NEAR, "SLOW": FAR}
    trips = [["FAST"]] * 10 + [["SLOW"], ["FAST", "SLOW"], ["GONE"]]
    # Now: 10 × 38 (FAST far) + 2 (SLOW near) + 40 (both: aisle 0 to 1 and back, then 10 + 9 + 9 + 10).
    # After: 10 × 2 + 38 + 40 (the same two stops). The product with no place is left out of both.
    result = replay(FLOOR, trips, now, after)
    assert (result.trips, result.picks, result.off_plan) == (13, 13, 1)
    assert result.metres_now == pytest.approx(10 * 38 + 2 + 40)
    assert result.metres_after == pytest.approx(10 * 2 + 38 + 40)
    assert result.saving == pytest.approx(324.0)
    assert result.saving_pct == pytest.approx(100 * 324 / 422)


def test_the_plan_replays_its_swap_and_each_move_carries_its_own_saving():
    slots = [slot(1, NEAR, held=Load(units=1)), slot(2, FAR, held=Load(units=1))]
    trips = [["FAST"]] * 10 + [["SLOW"], ["FAST", "SLOW"]]
    result = plan_slotting(FLOOR, slots, [item("FAST", 11, home=2), item("SLOW", 2, home=1)], trips)
    (move,) = result.moves
    assert move.saving == pytest.approx(324.0) == result.replay.saving
    assert result.replay.metres_now == pytest.approx(422.0)


def test_a_move_that_saves_no_walking_on_the_real_trips_is_withdrawn():
    # FAST is always picked with G at the back of aisle 1: bringing it to aisle 0 adds a detour, not a saving.
    slots = [slot(1, PickPoint(0, 0.5)), slot(2, FAR, held=Load(units=1)), slot(3, PickPoint(1, 9.5), held=Load(1))]
    items = [item("FAST", 10, home=2), item("G", 10, home=3)]
    assert suggest_moves(FLOOR, slots, items)  # the estimate alone would move one
    result = plan_slotting(FLOOR, slots, items, [["FAST", "G"]] * 10)
    assert result.moves == ()
    assert result.replay.metres_now == pytest.approx(10 * 39.0) == result.replay.metres_after


def test_the_depot_step_is_walked_once_each_way_per_trip():
    floor = Floor(FLOOR.layout, depot_step=3.0)
    result = replay(floor, [["A"], []], {"A": NEAR}, {})
    assert result.metres_now == pytest.approx(2 + 6) == result.metres_after


def test_no_more_moves_than_asked():
    slots = [slot(n, PickPoint(0, float(n))) for n in range(1, 4)]
    slots += [slot(n, PickPoint(1, float(n - 3)), held=Load(units=1)) for n in range(4, 7)]
    items = [item(f"P{n}", 10 + n, home=n) for n in range(4, 7)]
    assert len(suggest_moves(FLOOR, slots, items)) == 3
    assert len(suggest_moves(FLOOR, slots, items, max_moves=2)) == 2
