"""Typed kitting errors."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from arkaofis.core.exceptions import Conflict, InvalidInput, NotFound
from arkaofis.fulfilment.kitting.models import KittingStatus


class UnknownKittingOrder(NotFound):
    code = "unknown-kitting-order"
    title = _("Unknown kitting order")
    message = _("There is no kitting order %(kitting_order)s.")

    def __init__(self, number: str) -> None:
        super().__init__(f"No kitting order {number!r}", kitting_order=number)


class KittingClosed(Conflict):
    code = "kitting-closed"
    title = _("Kitting order closed")
    message = _("%(kitting_order)s is %(kitting_status)s; there is nothing left to do on it.")

    def __init__(self, number: str, status: str) -> None:
        super().__init__(f"{number} is {status}", kitting_order=number, kitting_status=status)

    def message_data(self) -> Mapping[str, Any]:
        data = dict(super().message_data())
        data["kitting_status"] = dict(KittingStatus.choices).get(data["kitting_status"], data["kitting_status"])
        return data


class NotAKit(InvalidInput):
    code = "not-a-kit"
    title = _("Not a kit")
    message = _("%(sku)s is not a kit with components; only kits are assembled or taken apart.")

    def __init__(self, sku: str) -> None:
        super().__init__(f"{sku} is not a kit with components", sku=sku)


class LotTrackedOutput(InvalidInput):
    """What kitting makes arrives from production without a lot to give it: not for lot-tracked products yet."""

    code = "lot-tracked-output"
    title = _("Lot-tracked product")
    message = _("%(sku)s is tracked by lot or serial; kitting cannot make it yet.")

    def __init__(self, sku: str) -> None:
        super().__init__(f"{sku} is lot-tracked: kitting cannot produce it", sku=sku)
