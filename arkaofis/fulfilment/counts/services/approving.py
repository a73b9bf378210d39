"""A manager decides a count whose variance is beyond the tolerance: approving posts the adjustments
computed at finish (count_gain / count_loss, named after the count); rejecting asks for a recount of
the lines that differed (they open again, with the count's task). Cancelling drops a count not posted."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from arkaofis.core.exceptions import InvalidInput
from arkaofis.fulfilment.counts.models import COUNTING_STATUSES, CountDoc, CountStatus
from arkaofis.fulfilment.counts.services._common import audit, lock_count, person, post_variances
from arkaofis.fulfilment.counts.services.requesting import open_count_task
from arkaofis.work.models import TaskKind
from arkaofis.work.services.closing import cancel_tasks, close_task

AWAITING = (CountStatus.AWAITING_APPROVAL,)


def approve_count(*, count_id: int, user: Any, source: str) -> CountDoc:
    """Post the variances of a count awaiting approval. Raises UnknownCount, CountClosed."""
    with transaction.atomic():
        count = lock_count(count_id, allowed=AWAITING, action="approve")
        posted = post_variances(count, user=user, source=source)
        now = timezone.now()
        count.status, count.posted_at, count.decided_at, count.decided_by = CountStatus.POSTED, now, now, person(user)
        count.save(update_fields=["status", "posted_at", "decided_at", "decided_by"])
        close_task(kind=TaskKind.COUNT_APPROVAL, document_ref=count.number, user=user, source=source)
        audit(count, action="approved", user=user, source=source, adjustments=posted)
        return count


def reject_count(*, count_id: int, reason: str = "", user: Any, source: str) -> CountDoc:
    """Ask for a recount: the lines that differed open again (their bins too) and the count task reopens.
    Raises UnknownCount, CountClosed, InvalidInput (a reason over 500 characters)."""
    reason = _reason(reason)
    with transaction.atomic():
        count = lock_count(count_id, allowed=AWAITING, action="approve")
        differed = count.lines.exclude(variance=0)
        location_ids = list(differed.values_list("location_id", flat=True))
        differed.update(
            counted=None, expected=None, variance=None, needs_approval=False, counted_at=None, counted_by=None
        )
        count.lines.update(variance=None, needs_approval=False)
        count.bins.filter(location_id__in=location_ids).update(visited_at=None, visited_by=None)
        count.status, count.recounts = CountStatus.OPEN, count.recounts + 1
        count.decided_at, count.decided_by = timezone.now(), person(user)
        count.save(update_fields=["status", "recounts", "decided_at", "decided_by"])
        close_task(kind=TaskKind.COUNT_APPROVAL, document_ref=count.number, user=user, source=source)
        bins = [b.location for b in count.bins.filter(visited_at=None).select_related("location")]
        open_count_task(count, bins, user=user, source=source)
        audit(count, action="rejected", user=user, source=source, reason=reason, lines=len(location_ids))
        return count


def cancel_count(*, count_id: int, reason: str = "", user: Any, source: str) -> CountDoc:
    """Drop a count not yet posted, and its open tasks. Raises UnknownCount, CountClosed, InvalidInput."""
    reason = _reason(reason)
    with transaction.atomic():
        count = lock_count(count_id, allowed=(*COUNTING_STATUSES, *AWAITING), action="cancel")
        count.status = CountStatus.CANCELLED
        count.save(update_fields=["status"])
        cancel_tasks(
            document_ref=count.number,
            kinds=[TaskKind.COUNT, TaskKind.COUNT_APPROVAL],
            user=user,
            source=source,
            reason=reason,
        )
        audit(count, action="cancelled", user=user, source=source, reason=reason)
        return count


def _reason(reason: str) -> str:
    if not isinstance(reason, str) or len(reason.strip()) > 500:
        raise InvalidInput(gettext("A reason has at most 500 characters."), field="reason")
    return reason.strip()
