"""The routing rules alone: no database, plain numbers."""

from arkaofis.orders.routing import (
    BACKORDER,
    SPLIT,
    Candidate,
    DistanceRow,
    LineNeed,
    match_distance,
    plan_route,
)

IST = Candidate(1, "IST", priority=10, distance_km=12, zone="TR-34")
ANK = Candidate(2, "ANK", priority=20, distance_km=450, zone="TR")
IZM = Candidate(3, "IZM", priority=30, distance_km=None)
A, B, C = 101, 102, 103  # product ids


def line(no, product, quantity, **kw):
    return LineNeed(no, quantity, {product: quantity}, **kw)


def test_route_prefers_the_nearest_warehouse_that_ships_everything():
    stock = {(1, A): 5, (1, B): 5, (2, A): 5, (2, B): 5}
    plan = plan_route(lines=[line(1, A, 2), line(2, B, 1)], candidates=[ANK, IST], stock=stock)
    assert plan.warehouse_by_line == {1: 1, 2: 1}
    assert plan.single_warehouse == 1
    assert plan.backordered == []
    assert plan.reason == "IST ships all 2 lines; nearest to TR-34 (12 km)"


def test_route_breaks_a_distance_tie_by_priority():
    near_ank = Candidate(2, "ANK", priority=5, distance_km=12)
    stock = {(1, A): 5, (2, A): 5}
    plan = plan_route(lines=[line(1, A, 1)], candidates=[IST, near_ank], stock=stock)
    assert plan.single_warehouse == 2
    assert "best priority (5)" in plan.reason


def test_route_ranks_an_unknown_distance_after_every_known_one():
    stock = {(2, A): 5, (3, A): 5}
    plan = plan_route(lines=[line(1, A, 1)], candidates=[IZM, ANK], stock=stock)
    assert plan.single_warehouse == 2


def test_a_warehouse_ships_everything_only_when_its_stock_covers_the_summed_demand():
    # Two lines of the same product: IST has 3, the order needs 4 in total.
    stock = {(1, A): 3, (2, A): 4}
    plan = plan_route(lines=[line(1, A, 2), line(2, A, 2)], candidates=[IST, ANK], stock=stock)
    assert plan.single_warehouse == 2


def test_split_uses_the_fewest_shipments():
    # IST has A only; ANK has B and C; IZM has each of them but never two together.
    stock = {(1, A): 1, (2, B): 1, (2, C): 1, (3, A): 1, (3, B): 1}
    lines = [line(1, A, 1), line(2, B, 1), line(3, C, 1)]
    plan = plan_route(lines=lines, candidates=[IST, ANK, IZM], stock=stock, policy=SPLIT)
    assert plan.warehouse_by_line == {1: 1, 2: 2, 3: 2}
    assert plan.single_warehouse is None
    assert plan.reason == "No warehouse ships all 3 lines; split into 2 shipments: ANK (L2, L3), IST (L1)"


def test_split_backorders_a_line_no_warehouse_can_ship_with_a_shipment_of_the_order():
    stock = {(1, A): 1, (2, B): 1}
    lines = [line(1, A, 1), line(2, B, 5)]
    plan = plan_route(lines=lines, candidates=[IST, ANK], stock=stock, policy=SPLIT)
    assert plan.warehouse_by_line == {1: 1, 2: 1}
    assert plan.backordered == [2]
    assert plan.reason.endswith("L2 backordered in IST")


def test_a_line_nowhere_in_stock_waits_where_most_of_its_stock_is():
    stock = {(2, A): 3}
    plan = plan_route(lines=[line(1, A, 5)], candidates=[IST, ANK], stock=stock, policy=SPLIT)
    assert plan.warehouse_by_line == {1: 2}
    assert plan.backordered == [1]


def test_ship_complete_waits_in_the_warehouse_that_ships_the_most_lines_then_units():
    stock = {(1, A): 1, (2, B): 9, (2, C): 9}
    lines = [line(1, A, 1), line(2, B, 1), line(3, C, 1)]
    plan = plan_route(lines=lines, candidates=[IST, ANK], stock=stock, policy=BACKORDER)
    assert plan.warehouse_by_line == {1: 2, 2: 2, 3: 2}
    assert plan.single_warehouse == 2
    assert plan.backordered == [1]
    assert "ANK ships the most (2 of 3)" in plan.reason


def test_ship_complete_compares_units_when_lines_tie():
    stock = {(1, A): 1, (2, B): 4}
    lines = [line(1, A, 1), line(2, B, 4)]
    plan = plan_route(lines=lines, candidates=[IST, ANK], stock=stock, policy=BACKORDER)
    assert plan.single_warehouse == 2


def test_a_kit_line_needs_every_component_in_one_warehouse():
    kit = LineNeed(1, 2, {A: 2, B: 6})
    stock = {(1, A): 2, (1, B): 5, (2, A): 2, (2, B): 6}
    plan = plan_route(lines=[kit], candidates=[IST, ANK], stock=stock)
    assert plan.single_warehouse == 2


def test_lines_already_reserved_pull_the_rest_to_their_warehouse():
    stock = {(1, B): 1, (2, B): 1}
    lines = [line(1, A, 1, fixed_warehouse=2), line(2, B, 1)]
    plan = plan_route(lines=lines, candidates=[IST, ANK], stock=stock)
    assert plan.warehouse_by_line == {1: 2, 2: 2}
    assert plan.single_warehouse == 2


def test_no_candidate_routes_nothing_and_says_why():
    plan = plan_route(lines=[line(1, A, 1)], candidates=[], stock={})
    assert plan.warehouse_by_line == {}
    assert "No active warehouse" in plan.reason


def test_facts_say_which_lines_each_candidate_can_ship_its_distance_and_priority():
    stock = {(1, A): 1, (2, A): 1, (2, B): 1}
    plan = plan_route(lines=[line(1, A, 1), line(2, B, 1)], candidates=[IST, ANK], stock=stock)
    rows = {row["warehouse"]: row for row in plan.facts["candidates"]}
    assert rows["IST"]["can_ship"] == [1]
    assert rows["ANK"]["can_ship"] == [1, 2]
    assert rows["ANK"]["ships_all"] is True
    assert (rows["IST"]["distance_km"], rows["IST"]["priority"]) == (12, 10)
    assert rows["ANK"]["lines"] == [1, 2]


def test_the_longest_matching_postal_prefix_wins_and_an_empty_one_covers_the_country():
    rows = [
        DistanceRow(1, "TR", "", 500),
        DistanceRow(1, "TR", "34", 40),
        DistanceRow(1, "TR", "347", 12),
        DistanceRow(2, "TR", "", 450),
        DistanceRow(2, "DE", "", 2000),
        DistanceRow(3, "TR", "06", 10),
    ]
    assert match_distance(rows, country="TR", postal_code="34710") == {1: (12, "TR-347"), 2: (450, "TR")}
    assert match_distance(rows, country="DE", postal_code="10115") == {2: (2000, "DE")}


def test_the_reason_names_nearer_warehouses_that_were_short():
    stock = {(2, A): 5, (3, A): 5}
    far_izm = Candidate(3, "IZM", priority=30, distance_km=900)
    plan = plan_route(lines=[line(1, A, 1)], candidates=[IST, ANK, far_izm], stock=stock)
    assert plan.reason == "ANK ships all 1 line; nearest to TR (450 km); IST nearer but short of stock"
