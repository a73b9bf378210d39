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

from arkaofis.bench.common import raw_connect, vendor_of
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


def order_row(payload: dict, *, shipping_id: int, status: str, now: datetime) -> dict:
    """The orders_salesorder row of a payload, as the services write it (no routing)."""
    numbers = [(ln["quantity"], Decimal(ln["unit_price"]), Decimal(0), Decimal(ln["tax"])) for ln in payload["lines"]]
    totals = domain.order_totals(numbers, Decimal(payload["shipping_charge"]))
    return {
        "channel": "api", "external_id": payload["external_id"], "customer_email": payload["customer_email"],
        "billing_id": None, "shipping_id": shipping_id, "currency": payload["currency"], "status": status,
        "payment_status": payload["payment_status"], "priority": 0, "notes": "", "tags": [],
        "shipping_charge": Decimal(payload["shipping_charge"]), **totals, "warehouse_id": None,
        "shipping_method": "", "route_reason": "", "route": {}, "placed_at": now, "created_at": now,
        "updated_at": now,
    }  # fmt: skip


def line_row(order_id: int, n: int, line: dict, product_id: int, *, reserved_in: int | None = None) -> dict:
    """The n-th (from 0) orders_salesorderline row; `reserved_in`: the warehouse holding it."""
    return {
        "order_id": order_id, "line_no": n + 1, "product_id": product_id, "sku": line["sku"],
        "quantity": line["quantity"], "unit_price": Decimal(line["unit_price"]), "discount": Decimal(0),
        "tax": Decimal(line["tax"]), "external_id": "", "reserved_quantity": line["quantity"] if reserved_in else 0,
        "warehouse_id": reserved_in, "shipped_quantity": 0, "returned_quantity": 0,
    }  # fmt: skip


def change_rows(
    order_id: int, number: str, action: str, topic: str, *, user_id: int, now: datetime
) -> tuple[dict, dict]:
    """The audit row and outbox event of an order change."""
    data = {"number": number, "status": action.split(".")[1]}
    audit = {
        "at": now, "user_id": user_id, "source": "api", "action": action,
        "object_type": "orders.salesorder", "object_id": str(order_id), "data": data,
    }  # fmt: skip
    event = {
        "topic": topic, "payload": {**data, "change": action}, "created_at": now, "available_at": now,
        "delivered_at": None, "attempts": 0, "last_error": "",
    }  # fmt: skip
    return audit, event


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
        return self._in_transaction(self._order, payload)

    def _in_transaction(self, write, *args) -> int:
        """write(cursor, *args) in one transaction (on SQLite `BEGIN IMMEDIATE`, as the application's)."""
        cursor = self.conn.cursor()
        if not self.sqlite:
            with self.conn.transaction():
                return write(cursor, *args)
        cursor.execute("BEGIN IMMEDIATE")
        try:
            result = write(cursor, *args)
            cursor.execute("COMMIT")
        except BaseException:
            cursor.execute("ROLLBACK")
            raise
        return result

    def _order(self, cursor, payload: dict) -> int:
        now = datetime.now(UTC)
        skus = [line["sku"] for line in payload["lines"]]
        found = dict(self._execute(cursor, "products", {"skus": json.dumps(skus) if self.sqlite else skus}).fetchall())
        address = {field: payload["shipping"].get(field, "") for field in ADDRESS}
        shipping_id = self._execute(cursor, "address", address).fetchone()[0]
        order = order_row(payload, shipping_id=shipping_id, status="confirmed", now=now)
        order_id = self._execute(cursor, "order", self._params(order)).fetchone()[0]
        number = domain.format_number(order_id)
        lines: dict = {}
        for n, line in enumerate(payload["lines"]):
            values = line_row(order_id, n, line, found[line["sku"]])
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
        audit, event = change_rows(order_id, number, action, topic, user_id=self.user_id, now=now)
        self._execute(cursor, "audit", self._params(audit))
        self._execute(cursor, "event", self._params(event))


class RawBatchIntake(RawIntake):
    """The bulk path's baseline: a batch of orders in one transaction, as receive_orders sends
    it (one statement per table, the quants locked once and planned in memory), by the bare
    driver with no ORM, no validation, no routing and no idempotency look-up."""

    def receive_and_reserve_many(self, payloads: list[dict]) -> int:
        """Write the orders and reserve them; return how many ended backordered."""
        return self._in_transaction(self._batch, payloads)

    def _rows(self, cursor, table: str, columns: tuple[str, ...], rows: list[dict], *, returning: bool) -> list:
        sql = _insert(table, columns, rows=len(rows), sqlite=self.sqlite)
        sql = sql if returning else sql.removesuffix(" RETURNING id")
        params = {f"{key}{n}": self._value(row[key]) for n, row in enumerate(rows) for key in columns}
        if len(rows) == 1:  # _insert names a single row's parameters without a suffix
            params = {key: self._value(rows[0][key]) for key in columns}
        found = self._execute(cursor, sql, params)
        return [row[0] for row in found.fetchall()] if returning else []

    def _batch(self, cursor, payloads: list[dict]) -> int:
        now = datetime.now(UTC)
        skus = sorted({line["sku"] for payload in payloads for line in payload["lines"]})
        found = dict(self._execute(cursor, "products", {"skus": json.dumps(skus) if self.sqlite else skus}).fetchall())
        addresses = [{field: payload["shipping"].get(field, "") for field in ADDRESS} for payload in payloads]
        address_ids = self._rows(cursor, "orders_address", ADDRESS, addresses, returning=True)
        free = self._lock(cursor, sorted(found.values()))
        orders, holds, short_orders = [], [], 0
        for payload, address_id in zip(payloads, address_ids, strict=True):
            held = {}
            for n, line in sorted(enumerate(payload["lines"]), key=lambda item: found[item[1]["sku"]]):
                quant = next((q for q in free.get(found[line["sku"]], []) if q[1] >= line["quantity"]), None)
                if quant is not None:
                    quant[1] -= line["quantity"]
                    held[n] = quant
            status = "reserved" if len(held) == len(payload["lines"]) else "backordered"
            short_orders += status == "backordered"
            orders.append(order_row(payload, shipping_id=address_id, status=status, now=now))
            holds.append(held)
        order_ids = self._rows(cursor, "orders_salesorder", ORDER, orders, returning=True)
        lines, reservations, audits, events = [], [], [], []
        added: dict[int, int] = {}  # quant id → units reserved on it
        for payload, order, order_id, held in zip(payloads, orders, order_ids, holds, strict=True):
            number = domain.format_number(order_id)
            for n, line in enumerate(payload["lines"]):
                quant = held.get(n)
                lines.append(line_row(order_id, n, line, found[line["sku"]], reserved_in=quant[2] if quant else None))
                if quant:
                    reservations.append(
                        {
                            "product_id": found[line["sku"]],
                            "warehouse_id": quant[2],
                            "quant_id": quant[0],
                            "location_id": quant[3],
                            "lot_id": quant[4],
                            "quantity": line["quantity"],
                            "demand_ref": domain.line_demand_ref(number, n + 1),
                            "status": "active",
                            "user_id": self.user_id,
                            "source": "api",
                            "created_at": now,
                        }  # fmt: skip
                    )
                    added[quant[0]] = added.get(quant[0], 0) + line["quantity"]
            for action, topic in (("order.created", "order.created"), (f"order.{order['status']}", "order.updated")):
                audit, event = change_rows(order_id, number, action, topic, user_id=self.user_id, now=now)
                audits.append(audit)
                events.append(event)
        self._rows(cursor, "orders_salesorderline", LINE, lines, returning=False)
        if reservations:
            self._rows(cursor, "inventory_reservation", RESERVATION, reservations, returning=False)
            self._add_reserved(cursor, added)
        self._rows(cursor, "core_auditlog", AUDIT, audits, returning=False)
        self._rows(cursor, "core_outboxevent", EVENT, events, returning=False)
        return short_orders

    def _lock(self, cursor, product_ids: list[int]) -> dict[int, list[list]]:
        """The free warehouse quants of the batch's products, locked in (product, id) order."""
        marks = ", ".join(["?" if self.sqlite else "%s"] * len(product_ids))
        sql = (
            "SELECT id, on_hand - reserved, warehouse_id, location_id, lot_id, product_id FROM inventory_quant "
            f"WHERE product_id IN ({marks}) AND warehouse_id IS NOT NULL AND on_hand > reserved "  # noqa: S608
            "ORDER BY product_id, in_date, id" + ("" if self.sqlite else " FOR UPDATE")
        )
        rows = cursor.execute(sql, product_ids) if self.sqlite else cursor.execute(sql, product_ids, prepare=True)
        free: dict[int, list[list]] = {}
        for row in rows.fetchall():
            free.setdefault(row[5], []).append(list(row[:5]))
        return free

    def _add_reserved(self, cursor, added: dict[int, int]) -> None:
        mark = "?" if self.sqlite else "%s"
        values = ", ".join([f"({mark}, {mark})"] * len(added))
        sql = (
            f"WITH added(id, units) AS (VALUES {values}) UPDATE inventory_quant "  # noqa: S608
            "SET reserved = inventory_quant.reserved + added.units FROM added WHERE inventory_quant.id = added.id"
        )
        params = [value for pair in sorted(added.items()) for value in pair]
        if self.sqlite:
            cursor.execute(sql, params)
        else:
            cursor.execute(sql, params, prepare=True)


RESERVATION = (
    "product_id", "warehouse_id", "quant_id", "location_id", "lot_id", "quantity", "demand_ref", "status", "user_id",
    "source", "created_at",
)  # fmt: skip
