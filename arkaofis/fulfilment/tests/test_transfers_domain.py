"""A transfer's stage from its lines' counters: pure, no database."""

from arkaofis.fulfilment.transfers.domain import LineCounts, may, stage


def test_a_transfer_walks_its_stages_as_its_lines_move():
    assert stage("requested", [LineCounts(5)]) == "requested"
    assert stage("requested", [LineCounts(5, shipped=2)]) == "picking"
    assert stage("picking", [LineCounts(5, shipped=5), LineCounts(2, short=2)]) == "in_transit"
    assert stage("in_transit", [LineCounts(5, shipped=5, received=1)]) == "partially_received"
    assert stage("partially_received", [LineCounts(5, shipped=5, received=4, lost=1)]) == "received"
    assert stage("received", [LineCounts(5, shipped=5, received=4, lost=1, put_away=4)]) == "closed"


def test_a_transfer_nothing_was_found_for_closes_and_a_cancelled_one_stays_cancelled():
    assert stage("picking", [LineCounts(3, short=3)]) == "closed"
    assert stage("cancelled", [LineCounts(3)]) == "cancelled"


def test_each_step_runs_only_at_its_stages():
    assert may("pick", "requested") and may("pick", "picking") and not may("pick", "in_transit")
    assert may("receive", "partially_received") and not may("receive", "received")
    assert may("put_away", "received") and not may("put_away", "closed")
    assert may("cancel", "requested") and not may("cancel", "picking")
    assert may("close", "in_transit") and not may("close", "received")
