"""The cycle-count schedule: ABC classes from what each warehouse shipped, and each day's counts.

`classify_abc` ranks the products a warehouse shipped (or holds) by units shipped over the last `days`:
A the first 80 % of units, B the next 15 %, C the rest (domain.abc_classes). `plan_cycle_counts`
asks for a count of each product whose last posted count is older than its class's frequency (or that
was never counted), most overdue first, at most the daily limit (settings ARKAOFIS_COUNT_DAILY_LIMIT,
20 by default) counts asked by the schedule a day, so the work spreads over the days. The command
`arkaofis plan_cycle_counts` runs both for every active warehouse (daily, from cron or the worker).
"""

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone

from arkaofis.core.exceptions import InvalidInput
from arkaofis.core.models import Source
from arkaofis.fulfilment.counts import domain
from arkaofis.fulfilment.counts.exceptions import NothingToCount
from arkaofis.fulfilment.counts.models import (
    COUNTING_STATUSES,
    CountClass,
    CountDoc,
    CountLine,
    CountOrigin,
    CountStatus,
)
from arkaofis.fulfilment.counts.services.requesting import request_count
from arkaofis.inventory.models import Kind, MoveReason, Quant, StockMove, Usage, Warehouse

DEFAULT_DAILY_LIMIT = 20
NOT_POSTED = [*COUNTING_STATUSES, CountStatus.AWAITING_APPROVAL]


def classify_abc(*, warehouse: Warehouse, days: int = 90, now: datetime | None = None) -> dict[str, int]:
    """Class every product the warehouse shipped in the last `days` or holds in its bins; how many per class."""
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 3660:
        raise InvalidInput("days must be a whole number from 1 to 3660", field="days")
    now = now or timezone.now()
    shipped_rows = (
        StockMove.objects.filter(
            reason=MoveReason.SHIPMENT, from_location__warehouse=warehouse, created_at__gte=now - timedelta(days=days)
        )
        .values("product_id")
        .annotate(units=Sum("quantity"))
    )
    shipped = {row["product_id"]: int(row["units"]) for row in shipped_rows}
    held = Quant.objects.filter(warehouse=warehouse, on_hand__gt=0, location__usage=Usage.INTERNAL)
    for product_id in held.values_list("product_id", flat=True).distinct():
        shipped.setdefault(product_id, 0)
    classes = domain.abc_classes(shipped)
    with transaction.atomic():
        CountClass.objects.filter(warehouse=warehouse).exclude(product_id__in=list(classes)).delete()
        known = {row.product_id: row for row in CountClass.objects.filter(warehouse=warehouse)}
        for product_id, abc in classes.items():
            row = known.get(product_id) or CountClass(warehouse=warehouse, product_id=product_id)
            row.abc_class, row.shipped_units, row.classified_at = abc, shipped[product_id], now
            row.save()
    return {name: sum(1 for abc in classes.values() if abc == name) for name in ("A", "B", "C")}


def plan_cycle_counts(
    *,
    warehouse: Warehouse,
    today: date,
    frequencies: Mapping[str, int] | None = None,
    daily_limit: int | None = None,
    user: Any = None,
    source: str = Source.SYSTEM,
) -> list[CountDoc]:
    """Ask for today's scheduled counts in `warehouse` (product by product); the counts asked.

    Classes the warehouse first when it has no classes yet. Raises InvalidInput for a bad frequency table.
    """
    frequencies = {**domain.DEFAULT_FREQUENCIES, **(frequencies or {})}
    problems = domain.bad_frequencies(frequencies)
    if problems:
        raise InvalidInput("; ".join(problems), field="frequencies")
    limit = (
        daily_limit if daily_limit is not None else getattr(settings, "ARKAOFIS_COUNT_DAILY_LIMIT", DEFAULT_DAILY_LIMIT)
    )
    if not CountClass.objects.filter(warehouse=warehouse).exists():
        classify_abc(warehouse=warehouse)
    left = (
        int(limit)
        - CountDoc.objects.filter(warehouse=warehouse, origin=CountOrigin.SCHEDULE, created_at__date=today).count()
    )
    asked: list[CountDoc] = []
    for product_id in _due(warehouse, today, frequencies):
        if len(asked) >= left:
            break
        row = CountClass.objects.select_related("product").get(warehouse=warehouse, product_id=product_id)
        try:
            count = request_count(
                warehouse=warehouse,
                product=row.product,
                origin=CountOrigin.SCHEDULE,
                reason=f"ABC {row.abc_class}",
                user=user,
                source=source,
            )
        except NothingToCount:  # nothing of it in a bin now: nothing to count
            continue
        asked.append(count)
    return asked


def _due(warehouse: Warehouse, today: date, frequencies: Mapping[str, int]) -> list[int]:
    last = dict(
        CountLine.objects.filter(count__warehouse=warehouse, count__status=CountStatus.POSTED)
        .values("product_id")
        .annotate(last=Max("counted_at"))
        .values_list("product_id", "last")
    )
    busy = set(
        CountLine.objects.filter(count__warehouse=warehouse, count__status__in=NOT_POSTED).values_list(
            "product_id", flat=True
        )
    ) | set(
        CountDoc.objects.filter(warehouse=warehouse, status__in=NOT_POSTED)
        .exclude(product=None)
        .values_list("product_id", flat=True)
    )
    stocked = set(
        Quant.objects.filter(
            warehouse=warehouse, location__kind=Kind.BIN, location__usage=Usage.INTERNAL, on_hand__gt=0
        ).values_list("product_id", flat=True)
    )
    rows = []
    for product_id, abc in CountClass.objects.filter(warehouse=warehouse).values_list("product_id", "abc_class"):
        if product_id in busy or product_id not in stocked:
            continue
        counted = last.get(product_id)
        counted_on = timezone.localdate(counted) if counted is not None else None
        if domain.is_due(abc_class=abc, last_counted=counted_on, today=today, frequencies=frequencies):
            rows.append((product_id, abc, counted_on))
    return domain.due_order(rows)
