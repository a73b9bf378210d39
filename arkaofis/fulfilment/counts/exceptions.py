"""Typed refusals of cycle counting; each carries the data a screen or a problem body tells."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from arkaofis.core.exceptions import Conflict, InvalidInput, NotFound
from arkaofis.fulfilment.counts.models import CountStatus


class UnknownCount(NotFound):
    code = "unknown-count"
    title = _("Unknown count")
    message = _("There is no stock count %(count)s.")

    def __init__(self, count: object) -> None:
        super().__init__(f"No stock count {count!r}", count=str(count))


class CountClosed(Conflict):
    code = "count-closed"
    title = _("Count not open for this")
    messages = {
        "record": _("%(count)s is %(count_status)s; it is not being counted."),
        "finish": _("%(count)s is %(count_status)s; only a count being counted is finished."),
        "approve": _("%(count)s is %(count_status)s; only a count awaiting approval is approved or rejected."),
        "cancel": _("%(count)s is %(count_status)s; it can no longer be cancelled."),
    }

    def __init__(self, number: str, status: str, action: str) -> None:
        super().__init__(f"{number} is {status}: cannot {action}", count=number, count_status=status, action=action)

    def message_data(self) -> Mapping[str, Any]:
        data = dict(super().message_data())
        data["count_status"] = dict(CountStatus.choices).get(data["count_status"], data["count_status"])
        return data


class BinNotInCount(Conflict):
    code = "bin-not-in-count"
    title = _("Bin not in this count")
    message = _("%(bin)s is not part of %(count)s; count the bins it lists.")

    def __init__(self, *, bin: str, count: str) -> None:
        super().__init__(f"{bin} is not part of {count}", bin=bin, count=count)


class ItemNotInCount(Conflict):
    code = "item-not-in-count"
    title = _("Item not in this count")
    message = _("%(count)s counts %(expected)s only; you scanned %(scanned)s.")

    def __init__(self, *, count: str, expected: str, scanned: str) -> None:
        super().__init__(
            f"{count} counts {expected} only, scanned {scanned}", count=count, expected=expected, scanned=scanned
        )


class LotNeeded(Conflict):
    code = "lot-needed"
    title = _("Scan the lot")
    message = _("%(sku)s is kept by lot here: scan the lot too.")

    def __init__(self, sku: str) -> None:
        super().__init__(f"{sku} is kept by lot: scan the lot", sku=sku)


class BinBeingPicked(Conflict):
    """A count never races a pick: the bin's open pick stops must be picked (or cancelled) first."""

    code = "bin-being-picked"
    title = _("Bin being picked")
    message = _("%(bin)s is being picked: finish or wait for batch %(batch)s, then count it.")

    def __init__(self, *, bin: str, batch: str) -> None:
        super().__init__(f"{bin} has open pick stops in {batch}", bin=bin, batch=batch)


class RecountNeeded(Conflict):
    """Stock moved in or out of a counted line's bin after it was counted: its count no longer matches."""

    code = "recount-needed"
    title = _("Count again")
    message = _("Stock moved after it was counted; count these again: %(lines)s.")

    def __init__(self, lines: list[str]) -> None:
        super().__init__(f"Moved since counted: {lines}", lines=lines)


class CountIncomplete(Conflict):
    code = "count-incomplete"
    title = _("Not everything is counted")
    message = _("Still to count: %(bins)s. Scan what each holds, or mark it empty.")

    def __init__(self, bins: list[str]) -> None:
        super().__init__(f"Bins not counted: {bins}", bins=bins)


class NothingToCount(Conflict):
    code = "nothing-to-count"
    title = _("Nothing to count")
    message = _("No bin of %(warehouse)s holds what was asked to count.")

    def __init__(self, warehouse: str) -> None:
        super().__init__(f"Nothing to count in {warehouse}", warehouse=warehouse)


class NotABin(InvalidInput):
    code = "not-a-bin"
    title = _("Not a bin of this warehouse")
    message = _("%(location)s is not a stock location of %(warehouse)s.")

    def __init__(self, *, location: str, warehouse: str) -> None:
        super().__init__(f"{location} is not a bin of {warehouse}", location=location, warehouse=warehouse)


class BadCountQuantity(InvalidInput):
    code = "bad-count-quantity"
    title = _("Quantity not possible")
    message = _("A count is a whole number from 0 to %(limit)s; %(quantity)s was given.")

    def __init__(self, quantity: object, limit: int) -> None:
        super().__init__(
            f"Count {quantity!r} outside 0..{limit}", quantity=str(quantity), limit=limit, field="quantity"
        )


class BadAbcClass(InvalidInput):
    code = "bad-abc-class"
    title = _("Unknown ABC class")
    message = _("An ABC class is A, B or C; %(abc_class)s was given.")

    def __init__(self, abc_class: object) -> None:
        super().__init__(f"ABC class {abc_class!r}", abc_class=str(abc_class), field="abc_class")
