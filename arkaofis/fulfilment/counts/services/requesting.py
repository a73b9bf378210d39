"""Ask for a count: of bins (every product there, or one product), of a product across its bins, or of an
ABC class. Asking again for what an open count already covers returns that count (a short pick on a bin
already being counted, a schedule run twice), so callers need not look first."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from arkaofis.catalog.models import Product
from arkaofis.core.exceptions import InvalidInput
from arkaofis.fulfilment.counts.exceptions import BadAbcClass, NotABin, NothingToCount
from arkaofis.fulfilment.counts.models import (
    COUNTING_STATUSES,
    AbcClass,
    CountBin,
    CountClass,
    CountDoc,
    CountLine,
    CountOrigin,
    CountScope,
)
from arkaofis.fulfilment.counts.services._common import audit, person
from arkaofis.inventory.models import Kind, Location, Quant, Usage, Warehouse
from arkaofis.work.models import Priority, TaskKind
from arkaofis.work.services.opening import open_task

# A short pick's count comes first (orders wait on that bin); the schedule's fill the quiet hours.
PRIORITY: dict[str, int] = {
    CountOrigin.SHORT_PICK.value: Priority.HIGH.value,
    CountOrigin.MANUAL.value: Priority.NORMAL.value,
    CountOrigin.SCHEDULE.value: Priority.LOW.value,
}
MAX_BINS = 500  # one count is one person's walk; more is a schedule's job


def request_count(
    *,
    warehouse: Warehouse,
    locations: Iterable[Location] = (),
    product: Product | None = None,
    abc_class: str = "",
    origin: str,
    reason: str = "",
    blind: bool = True,
    user: Any,
    source: str,
) -> CountDoc:
    """The open count covering what is asked, created (with its `count` task) when there is none.

    Give `locations` (bins: every product there, or only `product` there), or `product` alone (across
    the warehouse's bins that hold it), or `abc_class` ("A", "B" or "C": every product of the class).
    Raises InvalidInput (bad origin, reason, nothing asked), NotABin, BadAbcClass, NothingToCount.
    """
    bins = _checked(warehouse, list(locations), origin, reason, abc_class)
    if not bins and product is None and not abc_class:
        raise InvalidInput(gettext("Say what to count: bins, a product or an ABC class."), field="locations")
    with transaction.atomic():
        quants = _quants(warehouse, bins, product, abc_class)
        if not bins:
            bins = sorted({quant.location for quant in quants}, key=lambda location: location.code)
        if not bins:
            raise NothingToCount(warehouse.code)
        existing = _covering(warehouse, bins, product, abc_class)
        if existing is not None:
            return existing
        scope = CountScope.BINS if locations else CountScope.PRODUCT if product is not None else CountScope.ABC
        count = CountDoc.objects.create(
            warehouse=warehouse,
            scope=scope,
            product=product,
            abc_class=abc_class,
            origin=origin,
            reason=reason.strip(),
            blind=blind,
            created_by=person(user),
        )
        CountBin.objects.bulk_create(CountBin(count=count, location=location) for location in bins)
        CountLine.objects.bulk_create(
            CountLine(count=count, location_id=q.location_id, product_id=q.product_id, lot_id=q.lot_id) for q in quants
        )
        open_count_task(count, bins, user=user, source=source)
        audit(count, action="requested", user=user, source=source, origin=origin, bins=len(bins), lines=len(quants))
        return count


def open_count_task(count: CountDoc, bins: list[Location], *, user: Any, source: str) -> None:
    detail = {"bins": [location.code for location in bins[:5]], "origin": count.origin}
    if count.product is not None:
        detail["sku"] = count.product.sku
    open_task(
        kind=TaskKind.COUNT,
        document_ref=count.number,
        warehouse=count.warehouse,
        priority=PRIORITY.get(count.origin, Priority.NORMAL.value),
        detail=detail,
        user=user,
        source=source,
    )


def _checked(warehouse: Warehouse, locations: list[Location], origin: str, reason: str, abc: str) -> list[Location]:
    if origin not in CountOrigin.values:
        raise InvalidInput(gettext("Unknown count origin %(origin)r") % {"origin": origin}, field="origin")
    if not isinstance(reason, str) or len(reason.strip()) > 200:
        raise InvalidInput(gettext("A reason has at most 200 characters."), field="reason")
    if abc and abc not in AbcClass.values:
        raise BadAbcClass(abc)
    if len(locations) > MAX_BINS:
        raise InvalidInput(gettext("Count at most %(limit)s bins at once.") % {"limit": MAX_BINS}, field="locations")
    for location in locations:
        if location.warehouse_id != warehouse.pk or location.usage != Usage.INTERNAL or location.kind == Kind.WAREHOUSE:
            raise NotABin(location=location.code, warehouse=warehouse.code)
    return sorted(set(locations), key=lambda location: location.code)


def _quants(warehouse: Warehouse, bins: list[Location], product: Product | None, abc: str) -> list[Quant]:
    """What the ledger shows in the bins asked (or in the warehouse's bins, for a product or a class)."""
    quants = Quant.objects.exclude(on_hand=0).select_related("location")
    if bins:
        quants = quants.filter(location__in=bins)
    else:
        quants = quants.filter(warehouse=warehouse, location__kind=Kind.BIN, location__usage=Usage.INTERNAL)
    if product is not None:
        quants = quants.filter(product=product)
    if abc:
        classed = CountClass.objects.filter(warehouse=warehouse, abc_class=abc).values("product_id")
        quants = quants.filter(product_id__in=classed)
    return list(quants.order_by("location__code", "product_id", "lot_id"))


def _covering(warehouse: Warehouse, bins: list[Location], product: Product | None, abc: str) -> CountDoc | None:
    """An open count of this warehouse that already covers these bins for this product (or class)."""
    wanted = {location.pk for location in bins}
    candidates = CountDoc.objects.filter(warehouse=warehouse, status__in=COUNTING_STATUSES, abc_class=abc)
    if product is not None:
        candidates = candidates.filter(product__in=[product]) | candidates.filter(product=None, abc_class=abc)
    else:
        candidates = candidates.filter(product=None)
    for count in candidates.order_by("id"):
        if wanted <= set(count.bins.values_list("location_id", flat=True)):
            return count
    return None
