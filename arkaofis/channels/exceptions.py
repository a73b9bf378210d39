"""Typed channel errors; each says why a channel's message could not become an order."""

from decimal import Decimal

from arkaofis.core.exceptions import DomainError, InvalidInput, NotFound


class MalformedPayload(InvalidInput):
    """The body cannot be read at all (not JSON, not an object): a dead letter."""

    code = "malformed-payload"
    title = "Malformed payload"

    def __init__(self, reason: str) -> None:
        super().__init__(reason, reason=reason)


class BadOrderPayload(InvalidInput):
    """The body is readable but an order field is missing or wrong (money, quantity, address)."""

    code = "bad-order-payload"
    title = "Order payload refused"

    def __init__(self, reason: str, *, field: str) -> None:
        super().__init__(reason, field=field)


class BadAddress(InvalidInput):
    code = "bad-address"
    title = "Address refused"

    def __init__(self, reason: str, *, which: str) -> None:
        super().__init__(reason, which=which)


class TotalMismatch(InvalidInput):
    """The order's lines, tax and shipping as we read them do not add up to the channel's own total."""

    code = "total-mismatch"
    title = "Order total differs from the channel's"

    def __init__(self, *, computed: Decimal, channel_total: Decimal, currency: str, tolerance: Decimal) -> None:
        super().__init__(
            f"The order adds up to {computed} {currency} here but the channel's total is {channel_total} {currency}"
            f" (a difference of {computed - channel_total}; {tolerance} is allowed for the channel's rounding)",
            computed=str(computed),
            channel_total=str(channel_total),
            currency=currency,
            difference=str(computed - channel_total),
            tolerance=str(tolerance),
        )


class UnmappedSkus(NotFound):
    """Channel SKUs that are neither mapped to a product nor one of our SKUs."""

    code = "unmapped-skus"
    title = "Unknown channel SKUs"

    def __init__(self, skus: list[str]) -> None:
        super().__init__(f"No product for channel SKU(s): {', '.join(skus)}", skus=skus)


class UnknownChannel(NotFound):
    code = "unknown-channel"
    title = "Unknown channel"

    def __init__(self, code: str) -> None:
        super().__init__(f"No active channel {code!r}", channel=code)


class ChannelUnavailable(DomainError):
    """The channel's API did not answer usefully (down, rate-limited past our retries, an error status)."""

    status = 502
    code = "channel-unavailable"
    title = "Channel unavailable"


class PushPending(ChannelUnavailable):
    """The channel has not finished applying a stock push yet: ask again later."""

    code = "push-pending"
    title = "Push not applied yet"


class ChannelNotConfigured(InvalidInput):
    """The channel lacks a setting its API needs (base URL, a credential, a location id)."""

    code = "channel-not-configured"
    title = "Channel not configured"

    def __init__(self, reason: str, *, setting: str) -> None:
        super().__init__(reason, setting=setting)
