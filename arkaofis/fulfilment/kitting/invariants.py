"""A kitting order and its reservations agree (DESIGN.md, invariant 9): each line of an open order holds
exactly what it has left to consume (active reservations under "KO-…/L<n>"), no other "KO-" demand holds
anything. Registered in FulfilmentConfig.ready."""

from django.db.models import Sum

from arkaofis.fulfilment.kitting.models import KittingLine, KittingStatus
from arkaofis.inventory.models import Reservation, ReservationStatus

_OPEN = (KittingStatus.REQUESTED, KittingStatus.PARTIALLY_DONE)


def lines_match_reservations() -> list[str]:
    active = Reservation.objects.filter(status=ReservationStatus.ACTIVE, demand_ref__startswith="KO-")
    held = dict(active.values_list("demand_ref").annotate(units=Sum("quantity")).values_list("demand_ref", "units"))
    expected = {
        line.demand_ref: line.held
        for line in KittingLine.objects.filter(order__status__in=_OPEN).select_related("order")
        if line.held
    }
    return [
        f"{ref}: the kitting line says {expected.get(ref, 0)} held, its reservations hold {held.get(ref, 0)}"
        for ref in sorted(set(held) | set(expected))
        if held.get(ref, 0) != expected.get(ref, 0)
    ][:50]
