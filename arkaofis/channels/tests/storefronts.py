"""Test helpers for the WooCommerce and BigCommerce adapters: fixtures, channels, signed posts, a recorded API.

The recorded API is a real HTTP server on 127.0.0.1 answering with the fixtures (the channels'
published shapes), so the adapters' requests go through ChannelHttp and httpx exactly as in
production, never to the network.
"""

import copy
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import urlsplit

import httpx

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.channels.domain import hmac_sha256_base64
from arkaofis.channels.secrets import seal_credentials, seal_secret
from arkaofis.channels.tests.factories import FIXTURES, ChannelFactory
from arkaofis.channels.tests.servers import serve as serve_handler

WOO_SECRET = "wc-webhook-secret-5f1e2d3c4b5a"
BC_SECRET = "bc-shared-token-9a8b7c6d5e4f"
BC_TOKEN = "bc-access-token-0123abcd"
WOO_SKUS = ("TOWEL-LIN-NAT", "MUG-STONE-350")
BC_SKUS = ("CAP-TRAIL-OLV", "TOTE-CANVAS-NAT")
BC_ORDER_PATH = "/stores/x7k2mq9p4d/v2/orders/214"


def fixture_bytes(channel: str, name: str) -> bytes:
    return (FIXTURES / channel / name).read_bytes()


def fixture(channel: str, name: str) -> Any:
    return copy.deepcopy(json.loads(fixture_bytes(channel, name)))


def woo_channel(**fields: Any) -> Any:
    values = {
        "code": "woo-main",
        "kind": "woocommerce",
        "name": "WooCommerce shop",
        "webhook_secret_sealed": seal_secret(WOO_SECRET),
        "api_base_url": "https://shop.example.org",
        "credentials_sealed": seal_credentials({"consumer_key": "ck_test123", "consumer_secret": "cs_test456"}),
    }
    return ChannelFactory(**{**values, **fields})


def bc_channel(**fields: Any) -> Any:
    values = {
        "code": "bc-main",
        "kind": "bigcommerce",
        "name": "BigCommerce shop",
        "webhook_secret_sealed": seal_secret(BC_SECRET),
        "api_base_url": "https://api.bigcommerce.com/stores/x7k2mq9p4d",
        "credentials_sealed": seal_credentials({"access_token": BC_TOKEN}),
        "options": {"store_hash": "x7k2mq9p4d"},
    }
    return ChannelFactory(**{**values, **fields})


def products(skus: tuple[str, ...]) -> list:
    return [ProductFactory(sku=sku) for sku in skus]


def woo_headers(
    body: bytes, *, topic: str = "order.created", delivery: str = "1", secret: str = WOO_SECRET
) -> dict[str, str]:
    """Headers as WooCommerce sends them, in Django's test client form (HTTP_…)."""
    resource, _, event = topic.partition(".")
    return {
        "HTTP_X_WC_WEBHOOK_SIGNATURE": hmac_sha256_base64(secret, body),
        "HTTP_X_WC_WEBHOOK_TOPIC": topic,
        "HTTP_X_WC_WEBHOOK_RESOURCE": resource,
        "HTTP_X_WC_WEBHOOK_EVENT": event,
        "HTTP_X_WC_WEBHOOK_SOURCE": "https://shop.example.org/",
        "HTTP_X_WC_WEBHOOK_ID": "17",
        "HTTP_X_WC_WEBHOOK_DELIVERY_ID": delivery,
        "HTTP_USER_AGENT": "WooCommerce/9.4.2 Hookshot (WordPress/6.7.1)",
    }


def bc_headers(*, token: str = BC_SECRET) -> dict[str, str]:
    return {"HTTP_X_ARKAOFIS_WEBHOOK_TOKEN": token, "HTTP_USER_AGENT": "BigCommerce-Webhooks/1.0"}


def bc_answers() -> dict[tuple[str, str], list[tuple[int, Any]]]:
    """The recorded answers of the BigCommerce API for order 214, by (method, path)."""
    return {
        ("GET", BC_ORDER_PATH): [(200, fixture("bigcommerce", "order.json"))],
        ("GET", f"{BC_ORDER_PATH}/products"): [(200, fixture("bigcommerce", "order_products.json"))],
        ("GET", f"{BC_ORDER_PATH}/shipping_addresses"): [
            (200, fixture("bigcommerce", "order_shipping_addresses.json"))
        ],
    }


@dataclass
class RecordedApi:
    """Answers by (method, path): a list used in turn, the last one repeating. Records every request."""

    answers: dict[tuple[str, str], list[tuple[int, Any]]]
    requests: list[dict[str, Any]] = field(default_factory=list)

    def answer(self, method: str, url: str, headers: dict[str, str], body: bytes) -> tuple[int, Any]:
        path = urlsplit(url).path
        self.requests.append({"method": method, "path": path, "url": url, "headers": headers, "body": body})
        queue = self.answers.get((method, path))
        if not queue:
            return 404, {"status": 404, "title": "The requested resource was not found."}
        return queue.pop(0) if len(queue) > 1 else queue[0]

    def transport(self) -> httpx.MockTransport:
        def handle(request: httpx.Request) -> httpx.Response:
            status, payload = self.answer(request.method, str(request.url), dict(request.headers), request.content)
            return _response(status, payload)

        return httpx.MockTransport(handle)


def _response(status: int, payload: Any) -> httpx.Response:
    if payload is None:
        return httpx.Response(status)
    return httpx.Response(status, json=payload)


@contextmanager
def recorded_server(api: RecordedApi) -> Iterator[str]:
    """A local HTTP server answering from `api`; yields its base URL."""

    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            status, payload = api.answer(self.command, self.path, dict(self.headers), body)
            data = b"" if payload is None else json.dumps(payload).encode()
            self.send_response(status)
            if status == 429 or status >= 500:
                self.send_header("Retry-After", "0")  # the back-off is tested elsewhere; keep tests fast
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_PUT = do_POST = _serve

        def log_message(self, *args: Any) -> None:  # keep test output quiet
            pass

    with serve_handler(Handler) as url:
        yield url
