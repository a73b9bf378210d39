"""The dynamic programme against an independent exact solver (an integer programme on the layout's graph),
on random floors and pick lists: equal lengths, baselines never shorter, orders that walk the route length."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arkaofis.fulfilment.domain.exact_route import exact_route_length
from arkaofis.fulfilment.domain.layout import Layout, PickPoint
from arkaofis.fulfilment.domain.pickpath import largest_gap_route, optimal_route, s_shape_route


@st.composite
def floors(draw, max_picks=10):
    aisles = draw(st.integers(1, 6))
    gaps = draw(st.lists(st.integers(1, 6), min_size=aisles - 1, max_size=aisles - 1))
    xs = [0.0]
    for gap in gaps:
        xs.append(xs[-1] + gap)
    length = float(draw(st.integers(4, 30)))
    # The depot anywhere on the front, half-metre steps, a little beyond the outer aisles too.
    depot = draw(st.integers(-4, int(2 * xs[-1]) + 4)) / 2
    layout = Layout(aisle_x=tuple(xs), aisle_length=length, depot_x=depot)
    picks = draw(
        st.lists(
            st.builds(PickPoint, st.integers(0, aisles - 1), st.integers(0, int(2 * length)).map(lambda y: y / 2)),
            min_size=1,
            max_size=max_picks,
        )
    )
    return layout, picks


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(floors())
def test_the_dynamic_programme_is_as_short_as_the_exact_solver(floor):
    layout, picks = floor
    assert optimal_route(layout, picks).length == pytest.approx(exact_route_length(layout, picks), abs=1e-6)


@settings(max_examples=300, deadline=None)
@given(floors(max_picks=40))
def test_the_baselines_are_never_shorter_and_every_order_walks_its_length(floor):
    layout, picks = floor
    best = optimal_route(layout, picks)
    assert sorted(best.order) == list(range(len(picks)))
    assert layout.walk(best.stops) == pytest.approx(best.length, abs=1e-6)
    for baseline in (s_shape_route(layout, picks), largest_gap_route(layout, picks)):
        assert sorted(baseline.order) == list(range(len(picks)))
        assert best.length <= baseline.length + 1e-6
        # Walking the baseline's order by the shortest ways is never longer than the baseline's own walk.
        assert layout.walk(baseline.stops) <= baseline.length + 1e-6


def test_the_exact_solver_agrees_on_a_realistic_forty_pick_list():
    layout = Layout.regular(aisles=10, spacing=3.0, length=25.0)
    picks = [PickPoint((index * 7) % 10, round((index * 5.3) % 25, 1)) for index in range(40)]
    assert optimal_route(layout, picks).length == pytest.approx(exact_route_length(layout, picks), abs=1e-6)
