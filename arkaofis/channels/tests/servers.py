"""Local HTTP servers for tests: a Shopify Admin API stand-in and a webhook subscriber.

Real HTTP on 127.0.0.1 (no network), answering in Shopify's published shapes (fixtures/shopify/).
"""

import base64
import contextlib
import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).parent / "fixtures" / "shopify"
TOKEN = "shpat_test-access-token-0123456789"
LOCATION_ID = 905684977


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


class FakeShopify:
    """The shop's state: available quantity per (location_id, inventory_item_id), and every call."""

    def __init__(self) -> None:
        self.levels: dict[tuple[int, int], int] = {}
        self.calls: list[tuple[str, str, dict]] = []
        self.fail_status: int | None = None  # answer stock writes with this status while set
        self.unstocked: set[int] = set()  # inventory items not stocked at any location: 422 on a set
        # The catalogue, for products.json: product id → {SKU: inventory_item_id} of its variants.
        self.products: dict[int, dict[str, int]] = {}
        self.products_per_page = 250
        self.url = ""
        # Orders for fulfillments: order id → {line item id: quantity ordered}; their fulfillments.
        self.orders: dict[int, dict[int, int]] = {}
        self.fulfillments: dict[int, list[dict]] = {}
        self.refuse_fulfillments = ""  # answer fulfillment creation 422 with this error while set

    def fulfilled(self, order_id: int, line_item_id: int) -> int:
        return sum(
            item["quantity"]
            for fulfillment in self.fulfillments.get(order_id, [])
            for item in fulfillment["line_items"]
            if item["id"] == line_item_id
        )

    def fulfillment_orders(self, order_id: int) -> list[dict]:
        """One merchant-managed fulfillment order per order, in the recorded fixture's shape; its line
        items' ids are the line item's id × 10 + 7 (so they differ from the line items')."""
        template = fixture("fulfillment_orders.json")["fulfillment_order"]
        fo_id = order_id * 10 + 1
        items = [
            {**template["line_items"][0], "id": item * 10 + 7, "fulfillment_order_id": fo_id, "line_item_id": item,
             "quantity": quantity, "fulfillable_quantity": quantity - self.fulfilled(order_id, item)}
            for item, quantity in self.orders.get(order_id, {}).items()
        ]  # fmt: skip
        status = "open" if any(item["fulfillable_quantity"] for item in items) else "closed"
        return [{**template, "id": fo_id, "order_id": order_id, "status": status, "line_items": items}]

    def fulfillment_posts(self) -> list[dict]:
        return [body for method, path, body in self.calls if method == "POST" and path.endswith("/fulfillments.json")]

    def sets(self) -> list[dict]:
        return [
            body
            for method, path, body in self.calls
            if method == "POST" and path.endswith("/inventory_levels/set.json")
        ]


def _handler(shop: FakeShopify) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # quiet tests
            pass

        def _answer(self, status: int, document: dict, headers: dict[str, str] | None = None) -> None:
            body = json.dumps(document).encode()
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _authorised(self) -> bool:
            if self.headers.get("X-Shopify-Access-Token") == TOKEN:
                return True
            self._answer(
                401, {"errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"}
            )
            return False

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            shop.calls.append(("GET", url.path, parse_qs(url.query)))
            if not self._authorised():
                return
            if url.path.endswith("/shop.json"):
                self._answer(200, fixture("shop.json"))
            elif url.path.endswith("/inventory_levels.json"):
                query = parse_qs(url.query)
                items = [int(x) for x in query.get("inventory_item_ids", [""])[0].split(",") if x]
                locations = [int(x) for x in query.get("location_ids", [""])[0].split(",") if x]
                template = fixture("inventory_levels.json")["inventory_levels"][0]
                rows = [
                    {**template, "inventory_item_id": item, "location_id": location, "available": available}
                    for (location, item), available in sorted(shop.levels.items())
                    if item in items and location in locations
                ]
                self._answer(200, {"inventory_levels": rows})
            elif url.path.endswith("/products.json"):
                self._products(url.path, parse_qs(url.query))
            elif url.path.endswith("/fulfillment_orders.json"):
                self._answer(200, {"fulfillment_orders": shop.fulfillment_orders(_order_id(url.path))})
            elif url.path.endswith("/fulfillments.json") and "/orders/" in url.path:
                self._answer(200, {"fulfillments": shop.fulfillments.get(_order_id(url.path), [])})
            else:
                self._answer(404, {"errors": "Not Found"})

        def _products(self, path: str, query: dict[str, list[str]]) -> None:
            """Cursor pages as Shopify's REST Admin API gives them: the next page's page_info in the
            Link header; beside a page_info only limit and fields are allowed."""
            if "page_info" in query and set(query) - {"page_info", "limit", "fields"}:
                self._answer(400, {"errors": {"page_info": ["Only limit and fields may go with page_info"]}})
                return
            start = int(base64.urlsafe_b64decode(query["page_info"][0])) if "page_info" in query else 0
            size = min(int(query.get("limit", ["50"])[0]), shop.products_per_page, 250)
            ids = sorted(shop.products)
            page = [
                {"id": pid, "variants": [{"id": pid * 10 + n, "product_id": pid, "sku": sku, "inventory_item_id": item}
                                         for n, (sku, item) in enumerate(shop.products[pid].items())]}
                for pid in ids[start : start + size]
            ]  # fmt: skip
            headers = {}
            if start + size < len(ids):
                cursor = base64.urlsafe_b64encode(str(start + size).encode()).decode()
                headers["Link"] = f'<{shop.url}{path}?limit={size}&page_info={cursor}>; rel="next"'
            self._answer(200, {"products": page}, headers)

        def do_POST(self) -> None:
            url = urlsplit(self.path)
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
            shop.calls.append(("POST", url.path, body))
            if not self._authorised():
                return
            if url.path.endswith("/fulfillments.json"):
                self._fulfil(body["fulfillment"])
                return
            if not url.path.endswith("/inventory_levels/set.json"):
                self._answer(404, {"errors": "Not Found"})
                return
            if shop.fail_status:
                self._answer(shop.fail_status, {"errors": {"inventory_item_id": ["is not stocked at the location"]}})
                return
            if int(body["inventory_item_id"]) in shop.unstocked:
                self._answer(422, {"errors": ["Inventory item does not have inventory tracking enabled"]})
                return
            key = (int(body["location_id"]), int(body["inventory_item_id"]))
            shop.levels[key] = int(body["available"])
            level = {**fixture("inventory_level.json")["inventory_level"], "location_id": key[0]}
            level.update(inventory_item_id=key[1], available=shop.levels[key], updated_at=datetime.now(UTC).isoformat())
            self._answer(200, {"inventory_level": level})

        def _fulfil(self, request: dict) -> None:
            """Create a fulfillment as Shopify does: 422 for more than a line item has left to fulfil."""
            if shop.refuse_fulfillments:
                self._answer(422, {"errors": [shop.refuse_fulfillments]})
                return
            lines: dict[int, int] = {}
            for group in request["line_items_by_fulfillment_order"]:
                order_id = (int(group["fulfillment_order_id"]) - 1) // 10
                left = {item["id"]: item for item in shop.fulfillment_orders(order_id)[0]["line_items"]}
                for item in group["fulfillment_order_line_items"]:
                    known = left.get(item["id"])
                    if known is None or item["quantity"] > known["fulfillable_quantity"]:
                        self._answer(422, {"errors": ["Invalid fulfillment order line item quantity requested."]})
                        return
                    lines[known["line_item_id"]] = item["quantity"]
            tracking = request.get("tracking_info") or {}
            fulfillment = {
                **fixture("fulfillment.json")["fulfillment"],
                "id": 255858046 + sum(len(rows) for rows in shop.fulfillments.values()),
                "order_id": order_id, "status": "success",
                "tracking_company": tracking.get("company"), "tracking_number": tracking.get("number"),
                "tracking_numbers": [tracking.get("number")], "tracking_url": tracking.get("url"),
                "line_items": [{"id": item, "quantity": quantity} for item, quantity in lines.items()],
            }  # fmt: skip
            shop.fulfillments.setdefault(order_id, []).append(fulfillment)
            self._answer(201, {"fulfillment": fulfillment})

    return Handler


def _order_id(path: str) -> int:
    """The order id of /admin/api/<ver>/orders/<id>/…."""
    parts = path.split("/")
    return int(parts[parts.index("orders") + 1])


@contextlib.contextmanager
def serve(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve `handler` on a free local port in a thread; yield its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def fake_shopify() -> Iterator[FakeShopify]:
    shop = FakeShopify()
    with serve(_handler(shop)) as url:
        shop.url = url
        yield shop


def shop_channel(shop: FakeShopify, **fields: Any) -> Any:
    """A saved Shopify channel calling this fake shop, with its token and location."""
    from arkaofis.channels.secrets import seal_credentials
    from arkaofis.channels.tests.factories import ChannelFactory

    return ChannelFactory(
        api_base_url=shop.url,
        credentials_sealed=seal_credentials({"access_token": TOKEN}),
        options={"location_id": LOCATION_ID},
        **fields,
    )


class Subscriber:
    """Records every POST; answers with the queued statuses first, then 200."""

    def __init__(self) -> None:
        self.received: list[tuple[dict[str, str], bytes]] = []
        self.statuses: list[int] = []
        self.url = ""


@contextlib.contextmanager
def subscriber() -> Iterator[Subscriber]:
    state = Subscriber()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            state.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
            status = state.statuses.pop(0) if state.statuses else 200
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

    with serve(Handler) as url:
        state.url = url + "/hooks/arkaofis?token=abc"
        yield state
