"""The intake benchmark's baseline: an order received and reserved by the bare driver.

The same rows the services write, in one transaction per order, with no ORM, no validation
beyond the database's and no idempotency look-up (the unique constraint stands in): look the
SKUs up, insert the shipping address, the order, its 3 lines (one statement), the audit row
and outbox event of the creation; reserve each line with the reservation service's own
statements (`reserve_statements()`), mark the lines reserved, set the order's status, and the
audit row and event of the reservation. On PostgreSQL every statement is prepared (the limit of
this machine); on SQLite the transaction is `BEGIN IMMEDIATE`, as the application's.
"""

import json
from datetime import UTC, datetime
from decimal import Decimal

from arkaofis.core.bench.common import raw_connect, vendor_of
from arkaofis.orders import domain

ADDRESS = ("name", "company", "line1", "line2", "city", "region", "postal_code", "country", "phone", "email")
ORDER = (
    "channel", "external_id", "customer_email", "billing_id", "shipping_id", "currency", "status", "payment_status",
    "priority", "notes", "tags", "shipping_charge", "subtotal", "discount_total", "tax_total", "grand_total",
    "warehouse_id", "shipping_method", "route_reason", "route", "placed_at", "created_at", "updated_at",
)  # fmt: skip
LINE = (
    "order_id", "line_no", "product_id", "sku", "quantity", "unit_price", "discount", "tax", "external_id",
    "reserved_quantity", "warehouse_id", "shipped_quantity", "returned_quantity",
)  # fmt: skip
AUDIT = ("at", "user_id", "source", "action", "object_type", "object_id", "data")
EVENT = ("topic", "payload", "created_at", "available_at", "delivered_at", "attempts", "last_error")


def _insert(table: str, columns: tuple[str, ...], *, rows: int = 1, sqlite: bool) -> str:
    def marks(suffix: str) -> str:
        return ", ".join((f":{c}{suffix}" if sqlite else f"%({c}{suffix})s") for c in columns)

    values = ", ".join(f"({marks(str(n) if rows > 1 else '')})" for n in range(rows))
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES {values} RETURNING id"  # noqa: S608 - our names


class RawIntake:
    """One connection of the baseline; `receive_and_reserve` is one order."""

    def __init__(self, config: dict, stock) -> None:
        from arkaofis.inventory.services.reservations import reserve_statements

        self.sqlite = vendor_of(config) == "sqlite"
        self.conn = raw_connect(config)
        self.user_id = stock.user_id
        sqlite = self.sqlite

        def mark(name: str) -> str:
            return f":{name}" if sqlite else f"%({name})s"

        self.sql = {
            "address": _insert("orders_address", ADDRESS, sqlite=sqlite),
            "order": _insert("orders_salesorder", ORDER, sqlite=sqlite),
            "lines": _insert("orders_salesorderline", LINE, rows=3, sqlite=sqlite),
            "audit": _insert("core_auditlog", AUDIT, sqlite=sqlite).removesuffix(" RETURNING id"),
            "event": _insert("core_outboxevent", EVENT, sqlite=sqlite).removesuffix(" RETURNING id"),
            "line_reserved": f"UPDATE orders_salesorderline SET reserved_quantity = quantity WHERE id = {mark('id')}",
            "status": f"UPDATE orders_salesorder SET status = {mark('status')}, updated_at = {mark('now')} "
            f"WHERE id = {mark('id')}",
        }
        # SQLite has no arrays: the 3 SKUs go in as a JSON list.
        self.sql["products"] = (
            "SELECT sku, id FROM catalog_product WHERE sku IN (SELECT value FROM json_each(:skus))"
            if sqlite
            else f"SELECT sku, id FROM catalog_product WHERE sku = ANY({mark('skus')})"
        )
        self.reserve = reserve_statements(by_warehouse=False, postgres=not sqlite)

    def backend_pid(self) -> int | None:
        return None if self.sqlite else self.conn.info.backend_pid

    def close(self) -> None:
        self.conn.close()

    def _execute(self, cursor, name: str, params: dict):
        if self.sqlite:
            return cursor.execute(self.sql.get(name, name), params)
        return cursor.execute(self.sql.get(name, name), params, prepare=True)

    def _value(self, value):
        """What the driver stores: JSON and timestamps as the ORM writes them."""
        if isinstance(value, datetime):
            return value.replace(tzinfo=None).isoformat(" ") if self.sqlite else value
        if isinstance(value, Decimal):
            return str(value) if self.sqlite else value
        if isinstance(value, dict | list):
            if self.sqlite:
                return json.dumps(value)
            from psycopg.types.json import Jsonb

            return Jsonb(value)
        return value

    def _params(self, values: dict) -> dict:
        return {key: self._value(value) for key, value in values.items()}

    def receive_and_reserve(self, payload: dict) -> int:
        """Write one order and reserve it; return 1 if it ended backordered, else 0."""
        cursor = self.conn.cursor()
        if self.sqlite:
            cursor.execute("BEGIN IMMEDIATE")
            try:
                short = self._order(cursor, payload)
                cursor.execute("COMMIT")
            except BaseException:
                cursor.execute("ROLLBACK")
                raise
            return short
        with self.conn.transaction():
            return self._order(cursor, payload)

    def _order(self, cursor, payload: dict) -> int:
        now = datetime.now(UTC)
        skus = [line["sku"] for line in payload["lines"]]
        found = dict(self._execute(cursor, "products", {"skus": json.dumps(skus) if self.sqlite else skus}).fetchall())
        address = {field: payload["shipping"].get(field, "") for field in ADDRESS}
        shipping_id = self._execute(cursor, "address", address).fetchone()[0]
        numbers = [
            (ln["quantity"], Decimal(ln["unit_price"]), Decimal(0), Decimal(ln["tax"])) for ln in payload["lines"]
        ]
        totals = domain.order_totals(numbers, Decimal(payload["shipping_charge"]))
        order = {
            "channel": "api", "external_id": payload["external_id"], "customer_email": payload["customer_email"],
            "billing_id": None, "shipping_id": shipping_id, "currency": payload["currency"], "status": "confirmed",
            "payment_status": payload["payment_status"], "priority": 0, "notes": "", "tags": [],
            "shipping_charge": Decimal(payload["shipping_charge"]), **totals, "warehouse_id": None,
            "shipping_method": "", "route_reason": "", "route": {}, "placed_at": now, "created_at": now,
            "updated_at": now,
        }  # fmt: skip
        order_id = self._execute(cursor, "order", self._params(order)).fetchone()[0]
        number = domain.format_number(order_id)
        lines: dict = {}
        for n, line in enumerate(payload["lines"]):
            values = {
                "order_id": order_id, "line_no": n + 1, "product_id": found[line["sku"]], "sku": line["sku"],
                "quantity": line["quantity"], "unit_price": Decimal(line["unit_price"]), "discount": Decimal(0),
                "tax": Decimal(line["tax"]), "external_id": "", "reserved_quantity": 0, "warehouse_id": None,
                "shipped_quantity": 0, "returned_quantity": 0,
            }  # fmt: skip
            lines.update({f"{key}{n}": value for key, value in self._params(values).items()})
        line_ids = [row[0] for row in self._execute(cursor, "lines", lines).fetchall()]
        self._record(cursor, order_id, number, "order.created", "order.created", now)
        short = 0
        # In product order, as reserve_order does: quant locks taken in one order never deadlock.
        for n, line in sorted(enumerate(payload["lines"]), key=lambda item: found[item[1]["sku"]]):
            ref = domain.line_demand_ref(number, n + 1)
            if self._reserve(cursor, found[line["sku"]], line["quantity"], ref, now):
                self._execute(cursor, "line_reserved", {"id": line_ids[n]})
            else:
                short += 1
        status = "backordered" if short else "reserved"
        self._execute(cursor, "status", self._params({"status": status, "now": now, "id": order_id}))
        self._record(cursor, order_id, number, f"order.{status}", "order.updated", now)
        return int(short > 0)

    def _reserve(self, cursor, product_id: int, quantity: int, ref: str, now: datetime) -> bool:
        params = self._params(
            {"product": product_id, "warehouse": None, "quantity": quantity, "ref": ref, "user": self.user_id,
             "source": "api", "now": now}
        )  # fmt: skip
        row = self._execute(cursor, self.reserve[0], params).fetchone()
        if row is None or not self.sqlite:
            return row is not None
        params.update(quant=row[0], location=row[1], lot=row[2], warehouse=row[3])
        return self._execute(cursor, self.reserve[1], params).fetchone() is not None

    def _record(self, cursor, order_id: int, number: str, action: str, topic: str, now: datetime) -> None:
        data = {"number": number, "status": action.split(".")[1]}
        audit = {
            "at": now, "user_id": self.user_id, "source": "api", "action": action,
            "object_type": "orders.salesorder", "object_id": str(order_id), "data": data,
        }  # fmt: skip
        self._execute(cursor, "audit", self._params(audit))
        event = {
            "topic": topic, "payload": {**data, "change": action}, "created_at": now, "available_at": now,
            "delivered_at": None, "attempts": 0, "last_error": "",
        }  # fmt: skip
        self._execute(cursor, "event", self._params(event))
