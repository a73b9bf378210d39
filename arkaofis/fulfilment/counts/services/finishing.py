"""Finish a count: the variance of each line against the ledger now, posted at once when every line is
within the tolerance (domain.py), else the count waits for a manager (a `count_approval` task).

What the counter did not scan in a bin they counted is not there (blind counting): counted 0. A line
whose bin or product moved after it was counted would show a false variance, so finishing refuses and
names it to count again; a bin with open pick stops is refused as in recording.
"""

from typing import Any

from django.db import transaction
from django.utils import timezone

from arkaofis.fulfilment.counts import domain
from arkaofis.fulfilment.counts.exceptions import CountIncomplete, RecountNeeded
from arkaofis.fulfilment.counts.models import COUNTING_STATUSES, CountDoc, CountStatus
from arkaofis.fulfilment.counts.services._common import (
    audit,
    capture,
    check_not_picked,
    lock_count,
    moved_since,
    on_hand,
    person,
    post_variances,
    tolerance,
    unit_cost,
)
from arkaofis.work.models import TaskKind
from arkaofis.work.services.closing import close_task
from arkaofis.work.services.opening import open_task


def finish_count(*, count_id: int, user: Any, source: str) -> CountDoc:
    """Compute the variances now; post them (status posted) or ask a manager (awaiting_approval).

    Raises UnknownCount, CountClosed, CountIncomplete (bins not counted), BinBeingPicked, RecountNeeded.
    """
    with transaction.atomic():
        count = lock_count(count_id, allowed=COUNTING_STATUSES, action="finish")
        unvisited = [b.location.code for b in count.bins.filter(visited_at=None).select_related("location")]
        if unvisited:
            raise CountIncomplete(unvisited)
        check_not_picked(list(count.bins.values_list("location_id", flat=True)))
        lines = list(count.lines.select_related("product", "location"))
        stale = [f"{line.location.code} · {line.product.sku}" for line in lines if moved_since(line)]
        if stale:
            raise RecountNeeded(stale)
        limits = tolerance()
        for line in lines:
            if line.counted is None:
                capture(line, counted=0, user=user)
            assert line.counted is not None
            line.variance = line.counted - on_hand(line.product_id, line.location_id, line.lot_id)
            line.needs_approval = domain.needs_approval(
                variance=line.variance,
                expected=line.expected or 0,
                unit_cost=unit_cost(line.product_id, line.product.standard_cost),
                tolerance=limits,
            )
            line.save()
        count.finished_at, count.finished_by = timezone.now(), person(user)
        close_task(kind=TaskKind.COUNT, document_ref=count.number, user=user, source=source)
        if any(line.needs_approval for line in lines):
            _await_approval(count, lines=sum(line.needs_approval for line in lines), user=user, source=source)
        else:
            posted = post_variances(count, user=user, source=source)
            count.status, count.posted_at = CountStatus.POSTED, timezone.now()
            count.save(update_fields=["status", "posted_at", "finished_at", "finished_by"])
            audit(count, action="posted", user=user, source=source, adjustments=posted)
        return count


def _await_approval(count: CountDoc, *, lines: int, user: Any, source: str) -> None:
    count.status = CountStatus.AWAITING_APPROVAL
    count.save(update_fields=["status", "finished_at", "finished_by"])
    open_task(
        kind=TaskKind.COUNT_APPROVAL,
        document_ref=count.number,
        warehouse=count.warehouse,
        detail={"lines": lines},
        user=user,
        source=source,
    )
    audit(count, action="awaiting_approval", user=user, source=source, lines=lines)
