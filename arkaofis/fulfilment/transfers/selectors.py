"""Reads of transfers for the screens and the API: lists, one by number, and what is on the road, valued."""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, QuerySet

from arkaofis.core.money import round_unit
from arkaofis.fulfilment.transfers.exceptions import UnknownTransfer
from arkaofis.fulfilment.transfers.models import Transfer, TransferLine, TransferStatus
from arkaofis.fulfilment.transfers.places import held_in, road

_NUMBER = re.compile(r"^TR-(\d{1,18})$", re.IGNORECASE)
OPEN = (
    TransferStatus.REQUESTED,
    TransferStatus.PICKING,
    TransferStatus.IN_TRANSIT,
    TransferStatus.PARTIALLY_RECEIVED,
    TransferStatus.RECEIVED,
)


def transfer_by_number(number: str) -> Transfer:
    """The transfer "TR-000012" (any case), or UnknownTransfer."""
    match = _NUMBER.match((number or "").strip())
    pk = int(match.group(1)) if match else 0
    transfer = (
        Transfer.objects.select_related("from_warehouse", "to_warehouse", "created_by").filter(pk=pk).first()
        if 0 < pk < 2**63
        else None
    )
    if transfer is None:
        raise UnknownTransfer(number)
    return transfer


def transfers(*, status: str = "", warehouse_id: int | None = None) -> QuerySet[Transfer]:
    """Newest first; `status` "open" means any stage before closed."""
    rows = Transfer.objects.select_related("from_warehouse", "to_warehouse")
    if status == "open":
        rows = rows.filter(status__in=OPEN)
    elif status:
        rows = rows.filter(status=status)
    if warehouse_id:
        rows = rows.filter(from_warehouse_id=warehouse_id) | rows.filter(to_warehouse_id=warehouse_id)
    return rows.order_by("-id")


def lines(transfer: Transfer) -> QuerySet[TransferLine]:
    return transfer.lines.select_related("product", "product__uom").order_by("line_no")


@dataclass(frozen=True)
class InTransit:
    """Units of one transfer line on the road, and the value the ledger carried onto it (product currency)."""

    transfer: Transfer
    line: TransferLine
    units: int
    value: Decimal
    currency: str


def in_transit(*, warehouse_id: int | None = None) -> list[InTransit]:
    """Every transfer line with units on the road (from or to `warehouse_id`, when given), oldest first,
    valued from the ledger: the value of the moves onto the road less the value of those off it."""
    rows = (
        TransferLine.objects.filter(shipped_quantity__gt=F("received_quantity") + F("lost_quantity"))
        .select_related("transfer__from_warehouse", "transfer__to_warehouse", "product")
        .order_by("transfer_id", "line_no")
    )
    if warehouse_id:
        rows = rows.filter(transfer__from_warehouse_id=warehouse_id) | rows.filter(
            transfer__to_warehouse_id=warehouse_id
        )
    transit, result = road(), []
    for line in rows:
        held = held_in(document=line.transfer.number, product_id=line.product_id, place=transit)
        value = round_unit(sum((Decimal(part.value) for part in held), Decimal(0)))
        result.append(InTransit(line.transfer, line, line.in_transit, value, line.product.currency))
    return result


def totals(rows: list[InTransit]) -> dict[str, tuple[int, Decimal]]:
    """Units and value on the road per currency."""
    result: dict[str, tuple[int, Decimal]] = {}
    for row in rows:
        units, value = result.get(row.currency, (0, Decimal(0)))
        result[row.currency] = (units + row.units, value + row.value)
    return result
