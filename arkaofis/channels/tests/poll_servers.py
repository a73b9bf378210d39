"""Stand-ins for the polled channels' APIs (Amazon SP-API, Trendyol), answering in their published shapes.

One fake per channel answers `handle(method, path, query, form/json, headers)`; the same fake is
reached through httpx.MockTransport (unit tests) or a real threaded HTTP server on 127.0.0.1
(the SIGKILL test, whose poller is another process). No network either way.
"""

import base64
import contextlib
import copy
import json
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx

from arkaofis.channels.tests.servers import serve as serve_handler

FIXTURES = Path(__file__).parent / "fixtures"
REFRESH_TOKEN = "Atzr|test-refresh-token-0123456789"
ACCESS_TOKEN = "Atza|test-access-token-0123456789"
CLIENT_ID, CLIENT_SECRET = "amzn1.application-oa2-client.test", "amzn-client-secret-0123456789"
TRENDYOL_KEY, TRENDYOL_SECRET, SUPPLIER_ID = "ty-api-key-0123", "ty-api-secret-0123456789", "968"

Answer = tuple[int, Any]


def fixture(channel: str, name: str) -> Any:
    return json.loads((FIXTURES / channel / name).read_text())


class AmazonFake:
    """Orders (sorted by LastUpdateDate), their item pages and addresses; every call is recorded."""

    def __init__(self, orders: list[dict], *, page_size: int = 2) -> None:
        self.orders = sorted(orders, key=lambda order: order["LastUpdateDate"])
        self.page_size = page_size
        self.items: dict[str, list[list[dict]]] = {}  # order id → item pages (NextToken between them)
        self.in_flight = 0  # requests being answered, when served by serve()
        self.addresses: dict[str, dict | None] = {}  # None: withheld (403)
        self.too_many = 0  # answer the next N API calls with 429
        self.calls: list[tuple[str, str, dict]] = []
        self.confirmations: list[tuple[str, dict]] = []  # (order id, confirmShipment body)
        self.shipped: set[str] = set()  # orders confirmed shipped whole: getOrder says "Shipped"
        self.ordered: dict[str, dict[str, int]] = {}  # order id → {item id: quantity}; unknown: one package ships all
        self.refuse_confirmations = ""  # answer confirmShipment 400 with this message while set

    def handle(self, method: str, path: str, query: dict, form: dict, headers: dict) -> Answer:
        self.calls.append((method, path, query))
        if path.endswith("/auth/o2/token"):
            if form.get("grant_type") == "refresh_token" and form.get("refresh_token") == REFRESH_TOKEN:
                return 200, {"access_token": ACCESS_TOKEN, "token_type": "bearer", "expires_in": 3600}
            return 400, {"error": "invalid_grant", "error_description": "The request has an invalid grant parameter"}
        if headers.get("x-amz-access-token") != ACCESS_TOKEN:
            return 403, {"errors": [{"code": "Unauthorized", "message": "Access to requested resource is denied."}]}
        if self.too_many:
            self.too_many -= 1
            return 429, {
                "errors": [{"code": "QuotaExceeded", "message": "You exceeded your quota for the requested resource."}]
            }
        parts = path.strip("/").split("/")
        if path == "/orders/v0/orders":
            return self._orders(query)
        if parts[:3] == ["orders", "v0", "orders"] and len(parts) == 5 and parts[4] == "orderItems":
            return self._items(parts[3], query)
        if parts[:3] == ["orders", "v0", "orders"] and len(parts) == 5 and parts[4] == "address":
            address = self.addresses.get(parts[3])
            if address is None:
                return 403, {"errors": [{"code": "Unauthorized", "message": "Access to requested resource is denied."}]}
            return 200, {"payload": {"AmazonOrderId": parts[3], "ShippingAddress": address}}
        if method == "POST" and parts[:3] == ["orders", "v0", "orders"] and parts[4:] == ["shipmentConfirmation"]:
            return self._confirm(parts[3], form)
        if method == "GET" and parts[:3] == ["orders", "v0", "orders"] and len(parts) == 4:
            order = fixture("amazon", "getOrder.json")["payload"]  # the recorded order, under this id
            status = "Shipped" if parts[3] in self.shipped else order["OrderStatus"]
            return 200, {"payload": {**order, "AmazonOrderId": parts[3], "OrderStatus": status}}
        if path == "/sellers/v1/marketplaceParticipations":
            return 200, {
                "payload": [{"marketplace": {"id": "ATVPDKIKX0DER", "name": "Amazon.com"}, "participation": {}}]
            }
        return 404, {"errors": [{"code": "NotFound", "message": "Resource not found"}]}

    def _confirm(self, order_id: str, body: dict) -> Answer:
        """confirmShipment: 204 No Content, or 400 in the published error shape."""
        if self.refuse_confirmations:
            return 400, {"errors": [{"code": "InvalidInput", "message": self.refuse_confirmations, "details": ""}]}
        self.confirmations.append((order_id, body))
        packages = {b["packageDetail"]["packageReferenceId"]: b for o, b in self.confirmations if o == order_id}
        confirmed: dict[str, int] = {}
        for package in packages.values():  # a package confirmed again is the same package
            for item in package["packageDetail"]["orderItems"]:
                confirmed[item["orderItemId"]] = confirmed.get(item["orderItemId"], 0) + item["quantity"]
        ordered = self.ordered.get(order_id, confirmed)
        if all(confirmed.get(item, 0) >= quantity for item, quantity in ordered.items()):
            self.shipped.add(order_id)
        return 204, None

    def _orders(self, query: dict) -> Answer:
        if not query.get("MarketplaceIds"):
            return 400, {"errors": [{"code": "InvalidInput", "message": "Missing MarketplaceIds"}]}
        token = query.get("NextToken")
        if token:
            if set(query) != {"NextToken", "MarketplaceIds"}:
                return 400, {"errors": [{"code": "InvalidInput", "message": "NextToken goes with MarketplaceIds only"}]}
            after, offset = json.loads(base64.b64decode(token))
        else:
            after, offset = query.get("LastUpdatedAfter", ""), 0
        matching = [order for order in self.orders if order["LastUpdateDate"] >= after]
        page = matching[offset : offset + self.page_size]
        payload: dict[str, Any] = {"Orders": copy.deepcopy(page), "LastUpdatedBefore": "2099-01-01T00:00:00Z"}
        if offset + self.page_size < len(matching):
            payload["NextToken"] = base64.b64encode(json.dumps([after, offset + self.page_size]).encode()).decode()
        return 200, {"payload": payload}

    def _items(self, order_id: str, query: dict) -> Answer:
        pages = self.items.get(order_id) or [fixture("amazon", "getOrderItems.json")["payload"]["OrderItems"]]
        index = int(query.get("NextToken", "0") or 0)
        payload: dict[str, Any] = {"AmazonOrderId": order_id, "OrderItems": copy.deepcopy(pages[index])}
        if index + 1 < len(pages):
            payload["NextToken"] = str(index + 1)
        return 200, {"payload": payload}


class TrendyolFake:
    """Shipment packages, the seller's products and every stock push; answers pages of at most
    `page_size` packages or products.

    A stock push is answered the way Trendyol does it, with a batch request id: reading the batch
    answers IN_PROGRESS `batch_reads_in_progress` times, then COMPLETED with a FAILED item for every
    barcode the seller has no product for (the others' quantities are set).
    """

    def __init__(self, packages: list[dict], *, page_size: int = 200) -> None:
        self.packages = packages
        self.page_size = page_size
        self.products: dict[str, int] = {}  # barcode → quantity shown on Trendyol
        self.pushes: list[list[dict]] = []
        self.batches: dict[str, list[dict]] = {}
        self.batch_reads_in_progress = 0
        self.in_flight = 0  # requests being answered, when served by serve()
        self.calls: list[tuple[str, str, dict]] = []
        self.updates: list[tuple[str, dict]] = []  # (path, body) of every PUT to a package

    def handle(self, method: str, path: str, query: dict, body: Any, headers: dict) -> Answer:
        self.calls.append((method, path, query))
        expected = "Basic " + base64.b64encode(f"{TRENDYOL_KEY}:{TRENDYOL_SECRET}".encode()).decode()
        if headers.get("authorization") != expected:
            return 401, {"errors": [{"key": "unauthorized", "message": "Unauthorized"}]}
        if headers.get("user-agent") != f"{SUPPLIER_ID} - SelfIntegration":
            return 403, {
                "errors": [{"key": "forbidden", "message": "User-Agent must be '<supplierId> - SelfIntegration'"}]
            }
        if method == "GET" and path == f"/integration/order/sellers/{SUPPLIER_ID}/orders":
            return self._packages(query)
        if method == "POST" and path == f"/integration/inventory/sellers/{SUPPLIER_ID}/products/price-and-inventory":
            items = (body or {}).get("items") or []
            if len(items) > 1000:
                return 400, {"errors": [{"key": "items.size", "message": "At most 1000 items"}]}
            self.pushes.append(items)
            batch = f"{uuid.uuid4()}-{len(self.pushes)}"
            self.batches[batch] = copy.deepcopy(items)
            for item in items:  # applied "later"; by the time anyone reads the batch it is done
                if item["barcode"] in self.products:
                    self.products[item["barcode"]] = item["quantity"]
            return 200, {"batchRequestId": batch}
        packages_path = f"/integration/order/sellers/{SUPPLIER_ID}/shipment-packages/"
        if method == "PUT" and path.startswith(packages_path):
            return self._update_package(path, path[len(packages_path) :].split("/"), body or {})
        products_path = f"/integration/product/sellers/{SUPPLIER_ID}/products"
        if method == "GET" and path.startswith(f"{products_path}/batch-requests/"):
            return self._batch(path.rsplit("/", 1)[1])
        if method == "GET" and path == products_path:
            return self._products(query)
        return 404, {"errors": [{"key": "not.found", "message": "Not found"}]}

    def _update_package(self, path: str, parts: list[str], body: dict) -> Answer:
        """updatePackage (Picking from Created) and updateTrackingNumber, refused as Trendyol does
        when the package is not in a state to take them."""
        package = next((package for package in self.packages if str(package["id"]) == parts[0]), None)
        if package is None:
            return 400, {"errors": [{"key": "shipment.package.not.found", "message": "Paket bulunamadı"}]}
        self.updates.append((path, body))
        status = package["shipmentPackageStatus"]
        not_updatable = {"key": "shipment.not.updatable", "message": "Shipment Update Edilebilir Bir Durumda Değil."}
        refused = 400, {"errors": [not_updatable]}
        if parts[1:] == ["update-tracking-number"]:
            if status in ("Cancelled", "Shipped", "Delivered"):
                return refused
            package["cargoSenderNumber"] = body["trackingNumber"]
            return 200, None
        if len(parts) != 1 or body.get("status") != "Picking" or status not in ("Created", "Awaiting"):
            return refused
        package["shipmentPackageStatus"] = package["status"] = "Picking"
        package["lastModifiedDate"] += 1
        return 200, None

    def _batch(self, batch: str) -> Answer:
        if batch not in self.batches:
            return 404, {"errors": [{"key": "batch.request.not.found", "message": "Batch request not found"}]}
        items = self.batches[batch]
        if self.batch_reads_in_progress:
            self.batch_reads_in_progress -= 1
            return 200, {"batchRequestId": batch, "status": "IN_PROGRESS", "itemCount": len(items), "items": []}
        results = []
        for item in items:
            known = item["barcode"] in self.products
            results.append(
                {
                    "requestItem": {"barcode": item["barcode"], "quantity": item["quantity"]},
                    "status": "SUCCESS" if known else "FAILED",
                    "failureReasons": [] if known else ["Ürün bulunamadı: barkod satıcıya ait değil"],
                }
            )
        failed = sum(1 for result in results if result["status"] == "FAILED")
        return 200, {
            "batchRequestId": batch,
            "status": "COMPLETED",
            "sourceType": "API",
            "itemCount": len(items),
            "failedItemCount": failed,
            "items": results,
        }

    def _products(self, query: dict) -> Answer:
        size = min(int(query.get("size", 50)), self.page_size, 200)
        page = int(query.get("page", 0))
        rows = sorted(self.products.items())
        content = [
            {
                "barcode": barcode,
                "stockCode": f"STK-{barcode}",
                "quantity": quantity,
                "approved": True,
                "archived": False,
            }
            for barcode, quantity in rows[page * size : (page + 1) * size]
        ]
        return 200, {
            "page": page,
            "size": size,
            "totalPages": (len(rows) + size - 1) // size,
            "totalElements": len(rows),
            "content": content,
        }

    def _packages(self, query: dict) -> Answer:
        size = min(int(query.get("size", 50)), self.page_size, 200)
        page = int(query.get("page", 0))
        start, end = int(query.get("startDate", 0)), int(query.get("endDate", 2**62))
        number = query.get("orderNumber")
        matching = sorted(
            (
                package
                for package in self.packages
                if start <= package["lastModifiedDate"] <= end and number in (None, package["orderNumber"])
            ),
            key=lambda package: package["lastModifiedDate"],
        )
        content = copy.deepcopy(matching[page * size : (page + 1) * size])
        total_pages = (len(matching) + size - 1) // size
        return 200, {
            "page": page,
            "size": size,
            "totalPages": total_pages,
            "totalElements": len(matching),
            "content": content,
        }


def mock_transport(fake: AmazonFake | TrendyolFake) -> httpx.MockTransport:
    def answer(request: httpx.Request) -> httpx.Response:
        content = request.read()
        form: Any = dict(parse_qsl(content.decode())) if b"=" in content and not content.startswith(b"{") else {}
        if content.startswith(b"{"):
            form = json.loads(content)
        headers = {key.lower(): value for key, value in request.headers.items()}
        status, document = fake.handle(request.method, request.url.path, dict(request.url.params), form, headers)
        return httpx.Response(status, json=document)

    return httpx.MockTransport(answer)


@contextlib.contextmanager
def serve(fake: AmazonFake | TrendyolFake, *, delay: float = 0.0) -> Iterator[str]:
    """The fake on a real HTTP server at 127.0.0.1 (a thread per request); yields its base URL.

    `fake.in_flight` counts the requests being answered: a killed client's last request is still
    answered (and recorded) after the client is gone."""
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def _handle(self, method: str) -> None:
            with lock:
                fake.in_flight += 1
            try:
                self._answer(method)
            finally:
                with lock:
                    fake.in_flight -= 1

        def _answer(self, method: str) -> None:
            time.sleep(delay)  # slow enough for the test to kill the poller mid-page
            url = urlsplit(self.path)
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            body: Any = json.loads(raw) if raw.startswith(b"{") else dict(parse_qsl(raw.decode()))
            headers = {key.lower(): value for key, value in self.headers.items()}
            status, document = fake.handle(method, url.path, dict(parse_qsl(url.query)), body, headers)
            data = b"" if document is None else json.dumps(document).encode()  # 204: no body
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            self._handle("GET")

        def do_POST(self) -> None:
            self._handle("POST")

        def do_PUT(self) -> None:
            self._handle("PUT")

    with serve_handler(Handler) as url:
        yield url


def amazon_channel(url: str = "https://sellingpartnerapi-na.amazon.com", *, code: str = "amazon-us", **options: Any):
    """An Amazon channel whose token URL sits beside its API (a local server in tests)."""
    from arkaofis.channels.secrets import seal_credentials
    from arkaofis.channels.tests.factories import ChannelFactory

    credentials = {"refresh_token": REFRESH_TOKEN, "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}
    return ChannelFactory(
        code=code, kind="amazon", name="Amazon US", webhook_secret_sealed="", api_base_url=url,
        credentials_sealed=seal_credentials(credentials),
        options={"marketplace_ids": ["ATVPDKIKX0DER"], "token_url": f"{url}/auth/o2/token",
                 "poll_since": "2026-11-01T00:00:00Z", **options},
    )  # fmt: skip


def trendyol_channel(url: str = "https://apigw.trendyol.com", *, code: str = "trendyol", **options: Any):
    from arkaofis.channels.secrets import seal_credentials
    from arkaofis.channels.tests.factories import ChannelFactory

    return ChannelFactory(
        code=code, kind="trendyol", name="Trendyol", webhook_secret_sealed="", api_base_url=url,
        credentials_sealed=seal_credentials({"api_key": TRENDYOL_KEY, "api_secret": TRENDYOL_SECRET}),
        options={"supplier_id": SUPPLIER_ID, "poll_since_ms": 1763600000000, **options},
    )  # fmt: skip


def amazon_fixture_fake() -> AmazonFake:
    """The two built getOrders pages (five orders) with their items and withheld/given addresses."""
    orders = [*fixture("amazon", "getOrders_page1.json")["payload"]["Orders"],
              *fixture("amazon", "getOrders_page2.json")["payload"]["Orders"]]  # fmt: skip
    # The first order is served the two paged item lists: its total is theirs (9.90 + 3.99 + 7.10).
    orders[0] = {**orders[0], "OrderTotal": {"CurrencyCode": "USD", "Amount": "20.99"}}
    fake = AmazonFake(orders, page_size=2)
    fake.items["111-0000001-0000001"] = [
        fixture("amazon", "getOrderItems_paged1.json")["payload"]["OrderItems"],
        fixture("amazon", "getOrderItems_paged2.json")["payload"]["OrderItems"],
    ]
    fake.addresses["111-0000002-0000002"] = fixture("amazon", "getOrderAddress.json")["payload"]["ShippingAddress"]
    return fake
