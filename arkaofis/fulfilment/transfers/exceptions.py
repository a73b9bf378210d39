"""Typed transfer errors; each carries the data a caller needs to explain it."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from arkaofis.core.exceptions import Conflict, NotFound
from arkaofis.fulfilment.transfers.models import TransferStatus


class UnknownTransfer(NotFound):
    code = "unknown-transfer"
    title = _("Unknown transfer")
    message = _("There is no transfer %(transfer)s.")

    def __init__(self, transfer: str) -> None:
        super().__init__(f"No transfer {transfer!r}", transfer=transfer)


class TransferClosed(Conflict):
    """The transfer is not at the stage this step needs."""

    code = "transfer-not-open"
    title = _("Transfer not open for this")
    messages = {
        "pick": _("%(transfer)s is %(transfer_status)s; it is not being picked."),
        "ship": _("%(transfer)s is %(transfer_status)s; only a transfer being picked is shipped short."),
        "receive": _("%(transfer)s is %(transfer_status)s; nothing of it is on the road."),
        "put_away": _("%(transfer)s is %(transfer_status)s; nothing of it waits to be put away."),
        "cancel": _("%(transfer)s is %(transfer_status)s; only a transfer nothing was picked for is cancelled."),
        "close": _("%(transfer)s is %(transfer_status)s; only a shipped transfer is closed."),
    }

    def __init__(self, number: str, status: str, action: str) -> None:
        super().__init__(
            f"{number} is {status}: it cannot {action}", transfer=number, transfer_status=status, action=action
        )

    def message_data(self) -> Mapping[str, Any]:
        data = dict(super().message_data())
        data["transfer_status"] = dict(TransferStatus.choices).get(data["transfer_status"], data["transfer_status"])
        return data


class OverReceipt(Conflict):
    """More units scanned in than the transfer has on the road."""

    code = "over-receipt"
    title = _("More than was shipped")
    message = _("Only %(in_transit)s of %(sku)s are on the road for %(transfer)s, not %(quantity)s.")

    def __init__(self, *, transfer: str, sku: str, in_transit: int, quantity: object) -> None:
        super().__init__(
            f"{transfer}: {in_transit} of {sku} in transit, received {quantity}",
            transfer=transfer,
            sku=sku,
            in_transit=in_transit,
            quantity=str(quantity),
        )


class NotABin(Conflict):
    """Stock is put away (or kits are made) onto an active bin of the warehouse doing the work."""

    code = "not-a-bin-here"
    title = _("Not a bin of this warehouse")
    message = _("%(location)s is not a bin of %(warehouse)s; scan a bin there.")

    def __init__(self, *, location: str, warehouse: str) -> None:
        super().__init__(f"{location} is not an active bin of {warehouse}", location=location, warehouse=warehouse)


class UnknownTransferLine(NotFound):
    code = "unknown-transfer-line"
    title = _("Unknown transfer line")
    message = _("%(transfer)s has no line %(line)s.")

    def __init__(self, transfer: str, line: object) -> None:
        super().__init__(f"{transfer} has no line {line!r}", transfer=transfer, line=str(line))
