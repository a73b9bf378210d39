"""The shared channel HTTP client: rate limit, 429 back-off, error typing. No network: MockTransport."""

import httpx
import pytest

from arkaofis.channels.exceptions import ChannelUnavailable
from arkaofis.channels.http import ChannelHttp, TokenBucket


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_token_bucket_allows_the_burst_then_paces_at_the_rate():
    clock = FakeClock()
    bucket = TokenBucket(rate=0.5, burst=30, clock=clock, sleep=clock.sleep)
    for _ in range(30):
        bucket.take()
    assert clock.slept == []
    bucket.take()
    bucket.take()
    assert clock.slept == pytest.approx([2.0, 2.0])


def test_429_is_retried_after_the_servers_retry_after():
    answers = iter([httpx.Response(429, headers={"Retry-After": "3"}), httpx.Response(200, json={"ok": True})])
    clock = FakeClock()
    with ChannelHttp(
        base_url="https://channel.test",
        transport=httpx.MockTransport(lambda request: next(answers)),
        sleep=clock.sleep,
    ) as http:
        assert http.json("GET", "/orders") == {"ok": True}
    assert clock.slept == [3.0]


def test_persistent_429_backs_off_exponentially_then_gives_up_with_a_typed_error():
    clock = FakeClock()
    with (
        ChannelHttp(
            base_url="https://channel.test",
            transport=httpx.MockTransport(lambda request: httpx.Response(429)),
            max_retries=3,
            sleep=clock.sleep,
        ) as http,
        pytest.raises(ChannelUnavailable) as raised,
    ):
        http.json("GET", "/orders")
    assert clock.slept == [2.0, 4.0, 8.0]
    assert "429" in raised.value.detail


def test_client_error_is_not_retried_and_says_its_status():
    calls = []

    def answer(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(401, json={"error": "bad token"})

    http = ChannelHttp(base_url="https://channel.test", transport=httpx.MockTransport(answer))
    with pytest.raises(ChannelUnavailable) as raised:
        http.json("GET", "/orders", params={"token": "secret-value"})
    assert len(calls) == 1
    assert raised.value.data["status"] == 401
    assert "secret-value" not in raised.value.detail
