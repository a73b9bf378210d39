"""Count on the phone, blind: scan the bin, scan the item (and its lot when kept by lot), give the
quantity there. The line keeps what the ledger said at that moment, unseen by the counter. A product
the count did not expect in that bin is found stock: a new line. Counting again replaces the number.

Refused, with nothing changed: an unknown barcode, a bin not in the count, a product outside a
product's (or class's) count, a bin with open pick stops (a count never races a pick).
"""

from typing import Any

from django.db import transaction
from django.utils import timezone

from arkaofis.catalog.models import Product, Tracking
from arkaofis.fulfilment.counts.exceptions import BadCountQuantity, BinNotInCount, ItemNotInCount, LotNeeded
from arkaofis.fulfilment.counts.models import COUNTING_STATUSES, CountBin, CountClass, CountDoc, CountLine, CountStatus
from arkaofis.fulfilment.counts.services._common import audit, capture, check_not_picked, lock_count, person
from arkaofis.fulfilment.exceptions import UnknownBarcode
from arkaofis.fulfilment.services import scans
from arkaofis.inventory.models import MAX_QUANTITY, Location, Lot


def record_count(
    *,
    count_id: int,
    location_scan: str,
    item_scan: str,
    quantity: int,
    lot_scan: str = "",
    user: Any,
    source: str,
) -> CountLine:
    """`quantity` units of the scanned item are in the scanned bin (0 when it is not there after all).

    Raises UnknownCount, CountClosed, BadCountQuantity, UnknownBarcode, BinNotInCount, ItemNotInCount,
    LotNeeded, BinBeingPicked.
    """
    if isinstance(quantity, bool) or not isinstance(quantity, int) or not 0 <= quantity <= MAX_QUANTITY:
        raise BadCountQuantity(quantity, MAX_QUANTITY)
    with transaction.atomic():
        count = lock_count(count_id, allowed=COUNTING_STATUSES, action="record")
        counted_bin = _bin(count, location_scan)
        check_not_picked([counted_bin.location_id])
        product = scans.product_for(item_scan)
        _check_item(count, product)
        line = _line(count, counted_bin.location, product, lot_scan)
        capture(line, counted=quantity, user=user)
        line.save()
        _visit(count, counted_bin, user)
        audit(
            count,
            action="recorded",
            user=user,
            source=source,
            bin=counted_bin.location.code,
            sku=product.sku,
            quantity=quantity,
        )
        return line


def record_empty_bin(*, count_id: int, location_scan: str, user: Any, source: str) -> CountBin:
    """The scanned bin holds nothing of what the count covers: every line there is counted 0.

    Raises UnknownCount, CountClosed, UnknownBarcode, BinNotInCount, BinBeingPicked.
    """
    with transaction.atomic():
        count = lock_count(count_id, allowed=COUNTING_STATUSES, action="record")
        counted_bin = _bin(count, location_scan)
        check_not_picked([counted_bin.location_id])
        for line in count.lines.filter(location_id=counted_bin.location_id):
            capture(line, counted=0, user=user)
            line.save()
        _visit(count, counted_bin, user)
        audit(count, action="recorded", user=user, source=source, bin=counted_bin.location.code, empty=True)
        return counted_bin


def _bin(count: CountDoc, scanned: str) -> CountBin:
    code = scans.clean(scanned)
    found = count.bins.select_related("location").filter(location__code__iexact=code).first() if code else None
    if found is not None:
        return found
    if not code or not Location.objects.filter(code__iexact=code).exists():
        raise UnknownBarcode(code)
    raise BinNotInCount(bin=code, count=count.number)


def _check_item(count: CountDoc, product: Product) -> None:
    if count.product_id is not None and product.pk != count.product_id:
        assert count.product is not None
        raise ItemNotInCount(count=count.number, expected=count.product.sku, scanned=product.sku)
    if (
        count.abc_class
        and not CountClass.objects.filter(
            warehouse_id=count.warehouse_id, product=product, abc_class=count.abc_class
        ).exists()
    ):
        raise ItemNotInCount(count=count.number, expected=count.abc_class, scanned=product.sku)


def _line(count: CountDoc, location: Location, product: Product, lot_scan: str) -> CountLine:
    """The count's line for this product (and lot) in this bin; a new, found line when none was expected."""
    lines = count.lines.filter(location=location, product=product)
    lot: Lot | None = None
    code = scans.clean(lot_scan)
    if code:
        lot = Lot.objects.filter(product=product, code__iexact=code).first()
        if lot is None:
            raise UnknownBarcode(code)
    elif product.tracking != Tracking.NONE:
        kept = list(lines.exclude(lot=None))
        if len(kept) != 1:
            raise LotNeeded(product.sku)
        return kept[0]
    line, _created = CountLine.objects.get_or_create(
        count=count, location=location, product=product, lot=lot, defaults={"found": True}
    )
    return line


def _visit(count: CountDoc, counted_bin: CountBin, user: Any) -> None:
    if counted_bin.visited_at is None:
        counted_bin.visited_at, counted_bin.visited_by = timezone.now(), person(user)
        counted_bin.save(update_fields=["visited_at", "visited_by"])
    everything = not count.bins.filter(visited_at=None).exists()
    status = CountStatus.COUNTED if everything else CountStatus.OPEN
    if count.status != status:
        count.status = status
        count.save(update_fields=["status"])
