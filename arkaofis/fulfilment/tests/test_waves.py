"""Wave rules: soonest cut-off first, then priority; carrier, zone and single-line shipments kept apart."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arkaofis.fulfilment.domain.waves import WaveError, WaveRules, WaveShipment, plan_waves

NOON = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
FOUR = datetime(2026, 12, 7, 16, 0, tzinfo=UTC)


def shipment(key, *, carrier="aras", cutoff=FOUR, priority=0, zone="A", lines=2, volume=1.0):
    return WaveShipment(key, carrier, cutoff, priority, zone, lines, volume)


def test_the_soonest_carrier_cut_off_goes_first():
    waves = plan_waves([shipment("late", cutoff=FOUR), shipment("early", cutoff=NOON, carrier="ups")])
    assert [wave.shipment_ids for wave in waves] == [("early",), ("late",)]
    assert waves[0].key.cutoff == NOON and waves[0].key.carrier == "ups"


def test_higher_priority_goes_first_within_a_cut_off():
    waves = plan_waves([shipment("normal"), shipment("rush", priority=5)])
    assert [wave.shipment_ids for wave in waves] == [("rush",), ("normal",)]
    assert [wave.key.priority for wave in waves] == [5, 0]


def test_single_line_shipments_form_their_own_wave_first():
    waves = plan_waves([shipment("multi", lines=3), shipment("single", lines=1), shipment("single2", lines=1)])
    assert [(wave.key.single_line, wave.shipment_ids) for wave in waves] == [
        (True, ("single", "single2")),
        (False, ("multi",)),
    ]


def test_zones_and_carriers_are_not_mixed_unless_the_rules_say_so():
    shipments = [shipment(1, zone="A"), shipment(2, zone="B"), shipment(3, zone="A", carrier="mng")]
    assert len(plan_waves(shipments)) == 3
    relaxed = WaveRules(by_zone=False, by_carrier=False)
    (wave,) = plan_waves(shipments, relaxed)
    assert wave.shipment_ids == (1, 2, 3)
    assert wave.key.zone is None and wave.key.carrier is None


def test_without_grouping_by_cut_off_a_wave_is_ranked_by_its_earliest_one():
    rules = WaveRules(by_cutoff=False)
    waves = plan_waves([shipment("a", cutoff=FOUR), shipment("b", cutoff=NOON), shipment("c", zone="Z")], rules)
    assert waves[0].shipment_ids == ("b", "a")  # soonest cut-off first inside the wave too
    assert waves[0].key.cutoff == NOON


def test_cut_offs_in_other_time_zones_compare_by_the_instant():
    istanbul = timezone(timedelta(hours=3))
    waves = plan_waves(
        [shipment("utc", cutoff=NOON), shipment("ist", cutoff=datetime(2026, 12, 7, 14, 0, tzinfo=istanbul))]
    )
    assert [wave.shipment_ids for wave in waves] == [("ist",), ("utc",)]


def test_a_large_group_is_split_by_count_and_volume():
    shipments = [shipment(number, volume=10.0) for number in range(5)]
    by_count = plan_waves(shipments, WaveRules(max_shipments=2))
    assert [(wave.shipment_ids, wave.part, wave.parts) for wave in by_count] == [
        ((0, 1), 1, 3),
        ((2, 3), 2, 3),
        ((4,), 3, 3),
    ]
    by_volume = plan_waves(shipments + [shipment("huge", volume=100.0)], WaveRules(max_volume=25.0))
    assert [wave.shipment_ids for wave in by_volume] == [(0, 1), (2, 3), (4,), ("huge",)]
    assert [wave.volume for wave in by_volume] == [20.0, 20.0, 10.0, 100.0]


def test_bad_shipments_are_refused():
    with pytest.raises(WaveError):
        plan_waves([shipment(1, cutoff=datetime(2026, 12, 7, 16, 0))])
    with pytest.raises(WaveError):
        plan_waves([shipment(1, lines=0)])
    with pytest.raises(WaveError):
        plan_waves([shipment(1), shipment(1)])
    with pytest.raises(WaveError):
        plan_waves([shipment(1, volume=-1.0)])
    with pytest.raises(ValueError):
        WaveRules(max_shipments=0)


def test_no_shipments_no_waves():
    assert plan_waves([]) == []


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["aras", "mng", "ups"]),
            st.integers(0, 3),
            st.integers(0, 2),
            st.sampled_from("AB"),
            st.integers(1, 4),
            st.integers(0, 30),
        ),
        max_size=30,
    ),
    st.integers(1, 6),
    st.integers(30, 100),
)
def test_every_shipment_is_in_exactly_one_wave_in_cut_off_order(raw, max_shipments, max_volume):
    shipments = [
        WaveShipment(key, carrier, NOON + timedelta(hours=hours), priority, zone, lines, float(volume))
        for key, (carrier, hours, priority, zone, lines, volume) in enumerate(raw)
    ]
    waves = plan_waves(shipments, WaveRules(max_shipments=max_shipments, max_volume=float(max_volume)))
    assert sorted(key for wave in waves for key in wave.shipment_ids) == list(range(len(shipments)))
    by_id = {item.id: item for item in shipments}
    ranks = [(wave.key.cutoff, -(wave.key.priority or 0)) for wave in waves]
    assert ranks == sorted(ranks)
    for wave in waves:
        members = [by_id[key] for key in wave.shipment_ids]
        assert len(members) <= max_shipments
        assert wave.volume <= max_volume or len(members) == 1
        assert len({(s.cutoff, s.carrier, s.priority, s.zone, s.line_count == 1) for s in members}) == 1
