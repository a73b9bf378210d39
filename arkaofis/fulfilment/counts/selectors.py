"""Reads for the count screens and API: a count by number, the lists, what the counter and the manager see.

The counter of a blind count never sees what the ledger expects; `show_expected` says who may.
"""

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from arkaofis.core.money import round_money
from arkaofis.core.roles import SEE_COSTS, may_see
from arkaofis.fulfilment.counts.exceptions import UnknownCount
from arkaofis.fulfilment.counts.models import COUNTING_STATUSES, CountDoc, CountLine, CountStatus
from arkaofis.fulfilment.counts.services._common import moved_since, unit_cost

_NUMBER = re.compile(r"^CC-(\d{1,18})$", re.IGNORECASE)
APPROVE = "fulfilment.approve_count"


def count_by_number(number: str) -> CountDoc:
    match = _NUMBER.match((number or "").strip())
    count = (
        CountDoc.objects.select_related("warehouse", "product").filter(pk=int(match.group(1))).first()
        if match
        else None
    )
    if count is None:
        raise UnknownCount(number)
    return count


def counts(*, warehouse_code: str = "", status: str = "", limit: int | None = 100) -> QuerySet[CountDoc]:
    """Counts newest first, each with its number of bins and of bins counted."""
    rows = CountDoc.objects.select_related("warehouse", "product").annotate(
        bin_total=Count("bins", distinct=True),
        bin_done=Count("bins", filter=Q(bins__visited_at__isnull=False), distinct=True),
    )
    if warehouse_code:
        rows = rows.filter(warehouse__code=warehouse_code)
    if status:
        rows = rows.filter(status=status)
    rows = rows.order_by("-id")
    return rows[:limit] if limit is not None else rows


def to_count(limit: int = 50) -> QuerySet[CountDoc]:
    """Counts still being counted, oldest first."""
    rows = CountDoc.objects.filter(status__in=COUNTING_STATUSES).select_related("warehouse", "product")
    return rows.annotate(
        bin_total=Count("bins", distinct=True),
        bin_done=Count("bins", filter=Q(bins__visited_at__isnull=False), distinct=True),
    ).order_by("id")[:limit]


def awaiting_approval(limit: int = 50) -> QuerySet[CountDoc]:
    rows = CountDoc.objects.filter(status=CountStatus.AWAITING_APPROVAL).select_related("warehouse", "product")
    return rows.order_by("finished_at", "id")[:limit]


def show_expected(count: CountDoc, user: Any) -> bool:
    """Whether `user` may see what the ledger expected: not on a blind count being counted, except a manager."""
    return not count.blind or count.status in (CountStatus.POSTED, CountStatus.CANCELLED) or may_see(user, APPROVE)


@dataclass(frozen=True)
class BinRow:
    code: str
    visited: bool
    lines: list[CountLine]


def counter_view(count: CountDoc) -> list[BinRow]:
    """The count's bins in walking order (by code) with what has been counted in each (no expected)."""
    lines: dict[int, list[CountLine]] = {}
    for line in count.lines.filter(counted__isnull=False).select_related("product", "lot"):
        lines.setdefault(line.location_id, []).append(line)
    return [
        BinRow(code=b.location.code, visited=b.visited_at is not None, lines=lines.get(b.location_id, []))
        for b in count.bins.select_related("location").order_by("location__code")
    ]


def lines(count: CountDoc) -> list[CountLine]:
    return list(
        count.lines.select_related("product", "location", "lot", "counted_by").order_by(
            "location__code", "product__sku", "id"
        )
    )


@dataclass(frozen=True)
class ReviewRow:
    line: CountLine
    stale: bool  # stock moved after it was counted: finishing will ask to count it again
    value: Decimal | None  # the variance's value, for those who may see costs


def review(count: CountDoc, user: Any) -> list[ReviewRow]:
    """Every line for the manager's screen: variance, whether it moved since counting, and its value."""
    costs = may_see(user, SEE_COSTS)
    rows = []
    for line in lines(count):
        value = None
        if costs and line.variance:
            cost = unit_cost(line.product_id, line.product.standard_cost)
            value = round_money(cost * line.variance, line.product.currency)
        rows.append(ReviewRow(line=line, stale=line.counted is not None and moved_since(line), value=value))
    return rows
