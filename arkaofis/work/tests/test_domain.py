from datetime import UTC, datetime, timedelta

import pytest

from arkaofis.work import domain


def test_every_kind_has_a_service_level_and_a_permission():
    from arkaofis.work.models import TaskKind

    assert set(domain.DEFAULT_SLA_MINUTES) == set(TaskKind.values) == set(domain.KIND_PERMISSION)


def test_the_due_time_is_the_kinds_service_level_after_opening_unless_overridden():
    opened = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    assert domain.due_time("pack", opened_at=opened) == opened + timedelta(minutes=60)
    assert domain.due_time("pack", opened_at=opened, overrides={"pack": 15}) == opened + timedelta(minutes=15)
    assert domain.due_time("pick", opened_at=opened, overrides={"pack": 15}) == opened + timedelta(minutes=120)


def test_the_environment_table_reads_kind_equals_minutes():
    assert domain.parse_sla_minutes(" pick=90, count=720 ,") == {"pick": 90, "count": 720}
    assert domain.parse_sla_minutes("") == {}
    with pytest.raises(ValueError, match="'pick:90'"):
        domain.parse_sla_minutes("pick:90")


def test_bad_overrides_are_named():
    assert domain.bad_sla_overrides({"pick": 30}) == []
    problems = domain.bad_sla_overrides({"picking": 30, "pack": 0})
    assert problems == ["unknown task kind 'picking'", "pack: 0 is not a positive number of minutes"]


def test_a_person_is_handed_only_the_kinds_their_permissions_cover():
    floor = domain.kinds_workable(lambda permission: permission == "work.claim_task")
    assert "pick" in floor and "hold_review" not in floor and "order_exception" not in floor
    assert "count_approval" not in floor
    assert domain.kinds_workable(lambda permission: False) == []


def test_throughput_per_hour_has_one_decimal():
    assert domain.per_hour(10, 8) == 1.2
    assert domain.per_hour(3, 0) == 0.0
