"""Pure rules of the task queue: service levels per kind and who may work which kind. No Django."""

from collections.abc import Mapping
from datetime import datetime, timedelta

# Minutes from a task's opening to its due time, per kind, unless the flow gives a due time
# (a carrier cut-off) or settings.ARKAOFIS_TASK_SLA_MINUTES overrides the kind.
DEFAULT_SLA_MINUTES: Mapping[str, int] = {
    "pick": 120,
    "pack": 60,
    "put_away": 240,
    "count": 24 * 60,
    "count_approval": 8 * 60,
    "transfer": 8 * 60,
    "kitting": 8 * 60,
    "return_inspection": 24 * 60,
    "order_exception": 60,  # an order that did not arrive is a customer waiting for nothing
    "hold_review": 4 * 60,
}

# The permission a person needs to be handed (or assigned) a task of each kind: a picker's
# "next task" never offers an order exception they could not resolve.
FLOOR = "work.claim_task"
KIND_PERMISSION: Mapping[str, str] = {
    "pick": FLOOR,
    "pack": FLOOR,
    "put_away": FLOOR,
    "count": FLOOR,
    "transfer": FLOOR,
    "kitting": FLOOR,
    "return_inspection": FLOOR,
    "count_approval": "work.manage_task",  # a variance above the threshold waits for a manager
    "order_exception": "channels.reprocess_inboundevent",
    "hold_review": "orders.manage_salesorder",
}


def sla_minutes(kind: str, overrides: Mapping[str, int] | None = None) -> int:
    """The service level of `kind` in minutes: the override when one is set, else the default."""
    if overrides and kind in overrides:
        return int(overrides[kind])
    return DEFAULT_SLA_MINUTES[kind]


def due_time(kind: str, *, opened_at: datetime, overrides: Mapping[str, int] | None = None) -> datetime:
    return opened_at + timedelta(minutes=sla_minutes(kind, overrides))


def bad_sla_overrides(overrides: Mapping[str, object]) -> list[str]:
    """What is wrong with an SLA override table (unknown kinds, minutes not a positive whole number)."""
    problems = [f"unknown task kind {kind!r}" for kind in overrides if kind not in DEFAULT_SLA_MINUTES]
    for kind, minutes in overrides.items():
        if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes <= 0:
            problems.append(f"{kind}: {minutes!r} is not a positive number of minutes")
    return problems


def parse_sla_minutes(text: str) -> dict[str, int]:
    """ "pick=90, count=720" → {"pick": 90, "count": 720}; ValueError naming the bad part."""
    table: dict[str, int] = {}
    for part in (piece.strip() for piece in text.split(",")):
        if not part:
            continue
        kind, sep, minutes = part.partition("=")
        if not sep or not minutes.strip().isdigit():
            raise ValueError(f"ARKAOFIS_TASK_SLA_MINUTES: {part!r} is not kind=minutes")
        table[kind.strip()] = int(minutes)
    return table


def kinds_workable(has_perm) -> list[str]:  # noqa: ANN001 - any callable(permission) -> bool
    """The kinds a person holding the permissions `has_perm` answers for may be handed."""
    return [kind for kind, permission in KIND_PERMISSION.items() if has_perm(permission)]


def per_hour(done: int, hours: float) -> float:
    """Tasks per hour over a window of `hours`, one decimal."""
    return round(done / hours, 1) if hours > 0 else 0.0
