"""The one HTTP client every channel adapter uses: rate limit, 429 back-off, no secrets in logs.

Adapters build a ChannelHttp with their base URL, auth headers and the channel's published rate
(e.g. Amazon getOrders: 0.5 requests/s, burst 30). Tests pass an httpx transport (MockTransport or
a local server's URL) and a fake clock, so nothing here touches the network or sleeps for real.
"""

import logging
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx
from django.utils.translation import gettext

from arkaofis.channels.exceptions import ChannelUnavailable

logger = logging.getLogger("arkaofis.channels.http")


@dataclass
class TokenBucket:
    """`rate` tokens per second, at most `burst` saved up; `take` waits until one is there."""

    rate: float
    burst: int
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    tokens: float = field(init=False)
    stamp: float = field(init=False)

    def __post_init__(self) -> None:
        self.tokens = float(self.burst)
        self.stamp = self.clock()

    def take(self) -> None:
        self._refill()
        if self.tokens < 1:
            self.sleep((1 - self.tokens) / self.rate)
            self._refill()
        self.tokens -= 1

    def _refill(self) -> None:
        now = self.clock()
        self.tokens = min(float(self.burst), self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now


def retry_after_seconds(response: httpx.Response, attempt: int, *, base: float = 2.0, cap: float = 60.0) -> float:
    """The server's Retry-After (seconds) when it sends one, else exponential: 2, 4, 8 … ≤ 60 s."""
    header = response.headers.get("retry-after", "")
    try:
        return min(max(float(header), 0.0), cap)
    except ValueError:
        return min(base * 2 ** (attempt - 1), cap)


class ChannelHttp:
    """JSON over HTTP for one channel. Raises ChannelUnavailable when the channel can't answer."""

    def __init__(
        self,
        *,
        base_url: str,
        headers: Mapping[str, str] | None = None,
        auth: httpx.Auth | tuple[str, str] | None = None,
        bucket: TokenBucket | None = None,
        max_retries: int = 5,
        timeout: float = 20.0,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.bucket = bucket
        self.max_retries = max_retries
        self.sleep = sleep
        self.client = httpx.Client(
            base_url=base_url, headers=dict(headers or {}), auth=auth, timeout=timeout, transport=transport
        )

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> "ChannelHttp":
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """Send, waiting for the rate limit; retry 429 and 5xx with back-off; return the final response."""
        for attempt in range(1, self.max_retries + 2):
            if self.bucket is not None:
                self.bucket.take()
            try:
                response = self.client.request(method, path, **kwargs)
            except httpx.TransportError as error:
                if attempt > self.max_retries:
                    raise ChannelUnavailable(
                        gettext("%(method)s %(path)s: %(problem)s")
                        % {"method": method, "path": path, "problem": type(error).__name__}
                    ) from None
                self.sleep(retry_after_seconds(httpx.Response(503), attempt))
                continue
            if response.status_code != 429 and response.status_code < 500:
                return response
            # The URL is logged without its query: some channels put signatures or tokens there.
            logger.warning("channel http %s %s → %s (attempt %s)", method, path, response.status_code, attempt)
            if attempt > self.max_retries:
                break
            self.sleep(retry_after_seconds(response, attempt))
        raise ChannelUnavailable(
            gettext("%(method)s %(path)s: HTTP %(status)s after %(attempts)s attempts")
            % {"method": method, "path": path, "status": response.status_code, "attempts": attempt}
        )

    def answer(self, method: str, path: str, *, accepted: Collection[int] = (), **kwargs: Any) -> httpx.Response:
        """A 2xx response, or one whose status is in `accepted` (a refusal the caller reads, e.g.
        Shopify's 422 for one listing); ChannelUnavailable for anything else."""
        response = self.request(method, path, **kwargs)
        if not response.is_success and response.status_code not in accepted:
            raise ChannelUnavailable(
                gettext("%(method)s %(path)s: HTTP %(status)s")
                % {"method": method, "path": path, "status": response.status_code},
                status=response.status_code,
            )
        return response

    def json_page(self, method: str, path: str, **kwargs: Any) -> tuple[Any, str | None]:
        """The decoded JSON body of a 2xx answer and the URL of its next page (the Link header's
        rel="next", as Shopify pages), or None on the last page."""
        response = self.answer(method, path, **kwargs)
        return self._decoded(method, path, response), response.links.get("next", {}).get("url")

    def json(self, method: str, path: str, *, none_on: Collection[int] = (), **kwargs: Any) -> Any:
        """The decoded JSON body of a 2xx answer; None for a status in `none_on` (e.g. 404 where
        "not there" is an answer); ChannelUnavailable for anything else."""
        response = self.answer(method, path, accepted=none_on, **kwargs)
        if response.status_code in none_on:
            return None
        return self._decoded(method, path, response)

    @staticmethod
    def _decoded(method: str, path: str, response: httpx.Response) -> Any:
        if not response.content:
            return None
        try:
            return response.json()
        except ValueError:
            raise ChannelUnavailable(
                gettext("%(method)s %(path)s: the answer is not JSON") % {"method": method, "path": path}
            ) from None
