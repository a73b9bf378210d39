from datetime import date, datetime, timedelta

from arkaofis.inventory.domain import QuantView, is_flow_allowed, kit_availability, plan_removal

T0 = datetime(2026, 1, 1)


def test_fifo_takes_oldest_arrival_first():
    quants = [QuantView(1, 5, T0 + timedelta(days=2)), QuantView(2, 5, T0)]
    assert plan_removal(quants, 7, "fifo") == [(2, 5), (1, 2)]


def test_fefo_takes_earliest_expiry_first_and_undated_last():
    quants = [
        QuantView(1, 5, T0, None),
        QuantView(2, 5, T0 + timedelta(days=9), date(2026, 3, 1)),
        QuantView(3, 5, T0 + timedelta(days=1), date(2026, 6, 1)),
    ]
    assert plan_removal(quants, 12, "fefo") == [(2, 5), (3, 5), (1, 2)]


def test_plan_is_short_when_stock_is_short():
    assert plan_removal([QuantView(1, 3, T0)], 5, "fifo") == [(1, 3)]


def test_transfer_into_customer_location_is_not_allowed():
    assert is_flow_allowed("transfer", "internal", "internal")
    assert not is_flow_allowed("transfer", "internal", "customer")
    assert not is_flow_allowed("transfer", "internal", "supplier")


def test_kit_availability_is_limited_by_scarcest_component():
    assert kit_availability({1: 10, 2: 7}, {1: 2, 2: 1}) == 5
    assert kit_availability({1: 10}, {1: 2, 2: 1}) == 0
