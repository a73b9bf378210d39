"""Typed channel errors; each says why a channel's message could not become an order."""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from arkaofis.core.exceptions import DomainError, InvalidInput, NotFound


class _ToldReason(InvalidInput):
    """A channel's message refused for a reason that is a message id filled from the data. The event
    keeps both (its error_data), so the exception queue says it in the reader's language later."""

    def __init__(self, message_id: str, /, **data: Any) -> None:
        super().__init__(told(message_id, data), message_id=message_id, **data)

    def template(self) -> "str | Promise | None":
        return gettext(self.data["message_id"])


def told(reason: str, data: Mapping[str, Any]) -> str:
    """A reason filled from its data (as stored with an event); the bare reason if they do not fit."""
    try:
        return reason % data if data else reason
    except (KeyError, TypeError, ValueError):
        return reason


class MalformedPayload(_ToldReason):
    """The body cannot be read at all (not JSON, not an object): a dead letter."""

    code = "malformed-payload"
    title = _("Malformed payload")

    def __init__(self, reason: str, /, **data: Any) -> None:
        super().__init__(reason, reason=told(reason, data), **data)


class BadOrderPayload(_ToldReason):
    """The body is readable but an order field is missing or wrong (money, quantity, address)."""

    code = "bad-order-payload"
    title = _("Order payload refused")

    def __init__(self, reason: str, *, field: str, **data: Any) -> None:
        super().__init__(reason, field=field, **data)


class BadAddress(_ToldReason):
    code = "bad-address"
    title = _("Address refused")

    def __init__(self, reason: str, *, which: str, **data: Any) -> None:
        super().__init__(reason, which=which, **data)


class TotalMismatch(InvalidInput):
    """The order's lines, tax and shipping as we read them do not add up to the channel's own total."""

    code = "total-mismatch"
    title = _("Order total differs from the channel's")
    message = _(
        "The order adds up to %(computed)s %(currency)s here but the channel's total is %(channel_total)s"
        " %(currency)s (a difference of %(difference)s; %(tolerance)s is allowed for the channel's rounding)"
    )

    def __init__(self, *, computed: Decimal, channel_total: Decimal, currency: str, tolerance: Decimal) -> None:
        data = {
            "computed": str(computed),
            "channel_total": str(channel_total),
            "currency": currency,
            "difference": str(computed - channel_total),
            "tolerance": str(tolerance),
        }
        super().__init__(str(self.message) % data, **data)


class UnmappedSkus(NotFound):
    """Channel SKUs that are neither mapped to a product nor one of our SKUs."""

    code = "unmapped-skus"
    title = _("Unknown channel SKUs")
    message = _("No product for channel SKU(s): %(skus)s")

    def __init__(self, skus: list[str]) -> None:
        super().__init__(f"No product for channel SKU(s): {', '.join(skus)}", skus=skus)


class UnknownChannel(NotFound):
    code = "unknown-channel"
    title = _("Unknown channel")
    message = _("There is no active channel %(channel)s.")

    def __init__(self, code: str) -> None:
        super().__init__(f"No active channel {code!r}", channel=code)


class ChannelUnavailable(DomainError):
    """The channel's API did not answer usefully (down, rate-limited past our retries, an error status)."""

    status = 502
    code = "channel-unavailable"
    title = _("Channel unavailable")


class PushPending(ChannelUnavailable):
    """The channel has not finished applying a stock push yet: ask again later."""

    code = "push-pending"
    title = _("Push not applied yet")


class ChannelNotConfigured(InvalidInput):
    """The channel lacks a setting its API needs (base URL, a credential, a location id)."""

    code = "channel-not-configured"
    title = _("Channel not configured")

    def __init__(self, reason: str, *, setting: str) -> None:
        super().__init__(reason, setting=setting)


class ShipmentRefused(DomainError):
    """The channel answered a shipment update with a refusal (a 4xx, or a state that cannot take it):
    sending it again unchanged would be refused again, so it waits for a person."""

    status = 409
    code = "shipment-refused"
    title = _("Shipment update refused")
    message = _("The channel refused the shipment update: %(reason)s")

    def __init__(self, reason: str, /, **data: Any) -> None:
        """`reason`: the channel's own words, or one of ours as a message id filled from `data`, kept with
        the push (ShipmentPush.answer_data) so its screen says it in the reader's language."""
        said = told(reason, data)
        super().__init__(f"The channel refused the shipment update: {said}", reason=said, message_id=reason, **data)

    def message_data(self) -> Mapping[str, Any]:
        data = dict(super().message_data())
        if self.data.get("message_id"):
            data["reason"] = told(gettext(self.data["message_id"]), self.data)
        return data


class MissingLineIds(ShipmentRefused):
    """An order line has no channel line id, so the channel cannot be told which items shipped."""

    code = "missing-line-ids"
    title = _("Channel line ids missing")
    message = _("The order's lines %(skus)s have no id on the channel, so it cannot be told which items shipped")

    def __init__(self, skus: list[str]) -> None:
        DomainError.__init__(
            self, f"The order's lines {', '.join(skus)} have no id on the channel", reason="", skus=skus
        )
