"""Batching orders onto carts: within both capacities, every order once, never a longer total walk."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arkaofis.fulfilment.domain.batching import Cart, PickOrder, batch_orders, one_order_per_trip
from arkaofis.fulfilment.domain.layout import Layout, PickPoint
from arkaofis.fulfilment.domain.pickpath import optimal_route

LAYOUT = Layout.regular(aisles=10, spacing=3.0, length=25.0)


def order(key, *picks, volume=1.0):
    return PickOrder(id=key, picks=tuple(PickPoint(aisle, y) for aisle, y in picks), volume=volume)


def test_orders_at_the_same_bins_share_a_cart():
    orders = [order("a", (9, 20.0)), order("b", (9, 20.0)), order("c", (9, 21.0))]
    batching = batch_orders(LAYOUT, orders, Cart(max_orders=8, max_volume=50))
    assert [sorted(batch.order_ids) for batch in batching.batches] == [["a", "b", "c"]]
    assert batching.total_length == pytest.approx(optimal_route(LAYOUT, [PickPoint(9, 21.0)]).length)
    # Alone: to aisle 9 (13.5 m along the front) and 20 or 21 m in, there and back, three times.
    assert one_order_per_trip(LAYOUT, orders) == pytest.approx(2 * (27 + 40) + (27 + 42))


def test_a_cart_of_one_order_means_one_trip_per_order():
    orders = [order(1, (0, 5.0)), order(2, (9, 5.0))]
    batching = batch_orders(LAYOUT, orders, Cart(max_orders=1, max_volume=50))
    assert sorted(batch.order_ids for batch in batching.batches) == [(1,), (2,)]
    assert batching.total_length == pytest.approx(one_order_per_trip(LAYOUT, orders))


def test_the_cart_volume_splits_orders_that_would_share_a_walk():
    orders = [order(key, (5, 10.0), volume=30.0) for key in "abc"]
    batching = batch_orders(LAYOUT, orders, Cart(max_orders=8, max_volume=60))
    assert sorted(len(batch.order_ids) for batch in batching.batches) == [1, 2]


def test_an_order_bigger_than_the_cart_rides_alone_and_is_marked():
    orders = [order("big", (1, 1.0), volume=80.0), order("small", (1, 1.0), volume=5.0)]
    batching = batch_orders(LAYOUT, orders, Cart(max_orders=8, max_volume=60))
    flagged = {batch.order_ids: batch.oversize for batch in batching.batches}
    assert flagged == {("big",): True, ("small",): False}


def test_the_visits_name_each_orders_picks_in_walking_order():
    orders = [order("a", (0, 24.0), (9, 1.0)), order("b", (0, 2.0))]
    (batch,) = batch_orders(LAYOUT, orders, Cart(max_orders=2, max_volume=10)).batches
    assert sorted(batch.visits) == [("a", 0), ("a", 1), ("b", 0)]
    by_key = {item.id: item for item in orders}
    stops = [by_key[key].picks[number] for key, number in batch.visits]
    assert LAYOUT.walk(stops) == pytest.approx(batch.length)


def test_duplicate_order_ids_are_refused():
    with pytest.raises(ValueError):
        batch_orders(LAYOUT, [order(1, (0, 1.0)), order(1, (0, 2.0))], Cart(max_orders=2, max_volume=10))


def test_a_cart_must_hold_something():
    with pytest.raises(ValueError):
        Cart(max_orders=0, max_volume=10)


orders_strategy = st.lists(
    st.tuples(
        st.lists(st.tuples(st.integers(0, 9), st.integers(0, 25)), min_size=1, max_size=4),
        st.integers(1, 20),
    ),
    min_size=1,
    max_size=14,
)


@settings(max_examples=40, deadline=None)
@given(orders_strategy, st.integers(1, 5), st.integers(5, 60), st.sampled_from([0, 300]))
def test_batches_respect_both_capacities_and_never_walk_further(raw, max_orders, max_volume, improve_routes):
    orders = [
        PickOrder(id=key, picks=tuple(PickPoint(a, float(y)) for a, y in picks), volume=float(volume))
        for key, (picks, volume) in enumerate(raw)
    ]
    cart = Cart(max_orders=max_orders, max_volume=float(max_volume))
    batching = batch_orders(LAYOUT, orders, cart, improve_routes=improve_routes)
    seen = [key for batch in batching.batches for key in batch.order_ids]
    assert sorted(seen) == list(range(len(orders)))
    for batch in batching.batches:
        volume = sum(orders[key].volume for key in batch.order_ids)
        if batch.oversize:
            assert len(batch.order_ids) == 1 and volume > cart.max_volume
        else:
            assert len(batch.order_ids) <= cart.max_orders and volume <= cart.max_volume
        picks = [pick for key in batch.order_ids for pick in orders[key].picks]
        assert batch.length == pytest.approx(optimal_route(LAYOUT, picks).length)
        assert len(batch.visits) == len(picks)
    assert batching.total_length <= one_order_per_trip(LAYOUT, orders) + 1e-6


def test_orders_on_a_two_block_floor_are_batched_too():
    floor = Layout.regular(aisles=6, spacing=3.0, length=30.0, blocks=2)
    orders = [order(1, (0, 14.0)), order(2, (5, 14.0)), order(3, (2, 16.0))]
    batching = batch_orders(floor, orders, Cart(max_orders=3, max_volume=10))
    assert [sorted(batch.order_ids) for batch in batching.batches] == [[1, 2, 3]]
    assert batching.total_length < one_order_per_trip(floor, orders)
