"""The floor-plan and fill rules, without a database."""

from decimal import Decimal as D

from arkaofis.inventory.layout import domain
from arkaofis.inventory.layout.domain import Capacity, Contents, Fill, area_fill


def codes(problems):
    return [(p.field, p.code) for p in problems]


def test_a_single_block_with_a_depot_on_the_front_cross_aisle_is_right():
    assert domain.floor_problems(kind="single_block", aisle_length=D("14.4"), middle_cross_aisles=[],
                                 depot_x=D("15.5"), depot_y=D(0)) == []  # fmt: skip


def test_a_depot_behind_the_front_cross_aisle_or_half_given_is_refused():
    problems = domain.floor_problems(
        kind="single_block", aisle_length=D(10), middle_cross_aisles=[], depot_x=D(1), depot_y=D("0.5")
    )
    assert codes(problems) == [("depot_y", "depot-at-front")]
    problems = domain.floor_problems(
        kind="single_block", aisle_length=D(10), middle_cross_aisles=[], depot_x=D(1), depot_y=None
    )
    assert codes(problems) == [("depot_y", "depot-x-with-y")]


def test_middle_cross_aisles_belong_to_multi_block_floors_and_lie_inside_the_aisles():
    def check(kind, middles):
        return codes(domain.floor_problems(kind=kind, aisle_length=D(20), middle_cross_aisles=middles,
                                           depot_x=None, depot_y=None))  # fmt: skip

    assert check("single_block", [D(10)]) == [("middle_cross_aisles", "single-block-has-no-middle-aisles")]
    assert check("multi_block", []) == [("middle_cross_aisles", "multi-block-needs-middle-aisles")]
    assert check("multi_block", [D(20)]) == [("middle_cross_aisles", "middle-aisle-outside")]
    assert check("multi_block", [D(10)]) == []
    assert check("round", []) == [("layout_kind", "unknown-layout-kind")]


def test_a_bins_y_must_lie_along_the_aisle():
    def check(**place):
        return codes(domain.place_problems(is_bin=True, aisle_length=D("14.4"), **place))

    assert check(aisle=1, x=D(2), y=D("14.4")) == []
    assert check(aisle=1, x=D(2), y=D(0)) == []
    assert check(aisle=1, x=D(2), y=D("14.41")) == [("y", "y-outside-aisle")]
    assert check(aisle=1, x=D(2), y=None) == [("y", "aisle-with-x-y")]
    assert check(aisle=None, x=D(2), y=D(1)) == [("aisle", "aisle-with-x-y")]
    assert check(aisle=None, x=None, y=None) == []


def test_only_bins_are_placed_and_only_in_a_warehouse_with_an_aisle_length():
    assert codes(domain.place_problems(is_bin=False, aisle=1, x=D(1), y=D(1), aisle_length=D(5))) == [
        ("aisle", "only-bins-have-a-place")
    ]
    assert codes(domain.place_problems(is_bin=True, aisle=1, x=D(1), y=D(1), aisle_length=None)) == [
        ("y", "length-needed")
    ]


def test_a_bin_is_as_full_as_its_tightest_limit():
    fill = Fill(
        Contents(units=30, volume_ml=180_000, weight_g=20_000), Capacity(units=100, volume_l=200, weight_kg=100)
    )
    assert (fill.units, fill.volume, fill.weight) == (0.3, 0.9, 0.2)
    assert fill.ratio == 0.9 and fill.percent == 90 and fill.band == domain.HIGH


def test_a_bin_without_limits_has_no_fill_ratio_but_says_it_holds_stock():
    fill = Fill(Contents(units=5, volume_ml=1000), Capacity())
    assert fill.ratio is None and fill.percent is None and fill.band == domain.NO_LIMIT
    assert Fill(Contents(), Capacity()).band == domain.EMPTY
    assert Fill(Contents(), Capacity(units=10)).band == domain.EMPTY


def test_bands_from_low_to_over_capacity():
    def band(units):
        return Fill(Contents(units=units), Capacity(units=100)).band

    assert [band(n) for n in (10, 60, 85, 100, 101)] == ["low", "medium", "high", "full", "over"]


def test_an_areas_fill_counts_each_limit_only_over_the_bins_that_have_it():
    limited = Fill(Contents(units=50, volume_ml=100_000), Capacity(volume_l=200))
    unlimited = Fill(Contents(units=1000, volume_ml=900_000), Capacity())
    empty = Fill(Contents(), Capacity(volume_l=200, units=10))
    area = area_fill([limited, unlimited, empty])
    assert (area.bins, area.occupied, round(area.occupied_ratio, 2)) == (3, 2, 0.67)
    assert area.volume == 100_000 / 400_000  # the unlimited bin's volume is not set against the others' room
    assert area.units == 0.0 and area.weight is None
    assert area.contents.units == 1050
    assert area_fill([]).ratio is None
