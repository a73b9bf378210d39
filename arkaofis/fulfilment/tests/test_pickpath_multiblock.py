"""Multi-block floors: distances through middle cross aisles, and the heuristic against the exact solver."""

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arkaofis.fulfilment.domain.exact_route import exact_route_length
from arkaofis.fulfilment.domain.layout import Layout, LayoutError, PickPoint
from arkaofis.fulfilment.domain.pickpath import optimal_route
from arkaofis.fulfilment.domain.pickpath_multiblock import best_route, multi_block_route

# Three aisles 3 m apart, 20 m long, a middle cross aisle at 10 m; the depot at the front of the first aisle.
TWO_BLOCKS = Layout(aisle_x=(0.0, 3.0, 6.0), aisle_length=20.0, depot_x=0.0, blocks=2)


def test_the_middle_cross_aisle_shortens_the_walk_between_aisles():
    assert TWO_BLOCKS.cross_aisle_y == (0.0, 10.0, 20.0)
    # Both picks 9 m in: over the middle cross aisle, 1 + 3 + 1 m (a single block would need 9 + 3 + 9).
    assert TWO_BLOCKS.distance(PickPoint(0, 9.0), PickPoint(1, 9.0)) == pytest.approx(5.0)
    assert replace(TWO_BLOCKS, blocks=1).distance(PickPoint(0, 9.0), PickPoint(1, 9.0)) == pytest.approx(21.0)
    # In different blocks the walk is straight up and across.
    assert TWO_BLOCKS.distance(PickPoint(0, 4.0), PickPoint(2, 16.0)) == pytest.approx(6.0 + 12.0)


def test_a_loop_through_the_middle_cross_aisle_is_found_and_matches_the_exact_solver():
    picks = [PickPoint(0, 9.0), PickPoint(2, 9.0)]
    # Up aisle 0 to the middle (10), across (6), down aisle 2 (10), home along the front (6): 32 m.
    route = multi_block_route(TWO_BLOCKS, picks)
    assert route.length == pytest.approx(32.0)
    assert exact_route_length(TWO_BLOCKS, picks) == pytest.approx(32.0)
    assert TWO_BLOCKS.walk(route.stops) == pytest.approx(route.length)


def test_the_single_block_programme_refuses_a_multi_block_floor_and_best_route_chooses():
    picks = [PickPoint(1, 12.0)]
    with pytest.raises(LayoutError):
        optimal_route(TWO_BLOCKS, picks)
    assert best_route(TWO_BLOCKS, picks).length == pytest.approx(2 * 3 + 2 * 12)
    single = replace(TWO_BLOCKS, blocks=1)
    assert best_route(single, picks) == optimal_route(single, picks)


def test_no_picks_and_repeated_picks():
    assert multi_block_route(TWO_BLOCKS, []).length == 0.0
    picks = [PickPoint(2, 5.0), PickPoint(2, 5.0), PickPoint(0, 15.0)]
    route = multi_block_route(TWO_BLOCKS, picks)
    assert sorted(route.order) == [0, 1, 2]


def test_a_layout_needs_a_block():
    with pytest.raises(LayoutError):
        Layout(aisle_x=(0.0,), aisle_length=10.0, depot_x=0.0, blocks=0)


@st.composite
def multi_block_floors(draw):
    aisles = draw(st.integers(2, 5))
    blocks = draw(st.integers(2, 3))
    length = float(blocks * draw(st.integers(3, 10)))
    layout = Layout.regular(
        aisles=aisles, spacing=3.0, length=length, blocks=blocks, depot_x=draw(st.sampled_from([0.0, 4.5]))
    )
    point = st.builds(PickPoint, st.integers(0, aisles - 1), st.integers(0, int(length)).map(float))
    return layout, draw(st.lists(point, min_size=1, max_size=8))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(multi_block_floors())
def test_the_heuristic_is_never_shorter_than_the_exact_tour_nor_longer_than_ignoring_the_middle(floor):
    layout, picks = floor
    route = multi_block_route(layout, picks)
    assert sorted(route.order) == list(range(len(picks)))
    assert layout.walk(route.stops) == pytest.approx(route.length, abs=1e-6)
    assert route.length >= exact_route_length(layout, picks) - 1e-6
    assert route.length <= optimal_route(replace(layout, blocks=1), picks).length + 1e-6
