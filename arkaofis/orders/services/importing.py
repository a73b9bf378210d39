"""Import orders from a CSV or XLSX file: check every row, then receive the orders in batches.

Nothing is written until every row of the file has passed (cells, order-level values that
agree across the rows of an order, known SKUs, the intake's own rules); a rejected file
reports every bad cell with its line and column and leaves the database untouched.

Orders are then created through `receive_orders`, which is idempotent on (channel, order id),
`batch_size` orders per transaction. A run killed mid-file loses at most the batch it was
writing (rolled back whole), so running the same file again creates exactly the orders that
are missing and reports the others as already there; a file overlapping an earlier one works
the same way. An import never edits an order that is already there.

With `reserve` (the default, as a shop wants: an imported order should claim its stock at once
so no channel sells those units again) each new order is routed and reserved in the same
transaction that creates it, so a restart never finds an order created but not reserved. Orders short of
stock are backordered, not refused.
"""

import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext, gettext_noop

from arkaofis.catalog.domain import is_valid_sku
from arkaofis.catalog.models import Product
from arkaofis.catalog.services.tables import (
    RowError,
    TableError,
    cell_text,
    header_errors,
    read_table,
    table_records,
    write_csv,
    write_xlsx,
)
from arkaofis.core.exceptions import DomainError
from arkaofis.core.models import Source
from arkaofis.core.services.audit import record_audit
from arkaofis.inventory.models import Quant, Usage
from arkaofis.orders import domain
from arkaofis.orders.models import SalesOrder
from arkaofis.orders.services.batch_intake import receive_orders
from arkaofis.orders.services.intake import OrderIn
from arkaofis.orders.services.order_rows import (
    COLUMNS,
    REQUIRED_COLUMNS,
    OrderRow,
    group_orders,
    parse_row,
    to_order_in,
)

DEFAULT_BATCH_SIZE = 100
LOOKUP_CHUNK = 500  # ids per IN (...) query, well under SQLite's variable limit

Progress = Callable[["OrderImportReport"], None]


@dataclass
class OrderImportReport:
    file_name: str
    rows: int = 0
    orders: int = 0
    created: int = 0
    existing: int = 0  # already there (an earlier import, another path): left unchanged
    reserved: int = 0
    backordered: int = 0
    done: int = 0  # orders handled so far (created or found)
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False
    reserve: bool = True
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "ok": self.ok}

    def summary(self) -> str:
        # Refusals in the active language: the API's problem says them to the caller.
        if not self.ok and self.done:
            return gettext("%(file)s: stopped after %(done)s order(s) (%(created)s created); run it again") % {
                "file": self.file_name,
                "done": self.done,
                "created": self.created,
            }
        if not self.ok:
            return gettext("%(file)s: rejected, %(count)s error(s); nothing was written") % {
                "file": self.file_name,
                "count": len(self.errors),
            }
        if self.dry_run:
            return (
                f"{self.file_name}: {self.rows} row(s), {self.orders} order(s): {self.created} would be created, "
                f"{self.existing} already there (dry run: nothing written)"
            )
        reserved = f"; {self.reserved} reserved, {self.backordered} backordered" if self.reserve else ""
        return (
            f"{self.file_name}: {self.rows} row(s), {self.orders} order(s): {self.created} created, "
            f"{self.existing} already there{reserved}"
        )


def import_orders(
    *,
    file_name: str,
    content: bytes,
    user: Any,
    source: str,
    reserve: bool = True,
    batch_size: int = DEFAULT_BATCH_SIZE,
    dry_run: bool = False,
    on_progress: Progress | None = None,
) -> OrderImportReport:
    """Import an order file. Never raises for bad input: problems come back in the report."""
    checked = check_order_file(file_name=file_name, content=content, reserve=reserve, dry_run=dry_run)
    if dry_run or not checked.report.ok:
        return checked.report
    return write_order_file(checked, user=user, source=source, batch_size=batch_size, on_progress=on_progress)


@dataclass
class CheckedFile:
    """An order file whose every row passed (or the report saying why not): what to write."""

    orders: list[OrderIn]
    existing: set[tuple[str, str]]  # (channel, order id) already there
    report: OrderImportReport
    started: float  # time.monotonic() when the check began


def check_order_file(*, file_name: str, content: bytes, reserve: bool = True, dry_run: bool = True) -> CheckedFile:
    """Check every row (nothing is written); the report counts what would be created."""
    started = time.monotonic()
    report = OrderImportReport(file_name=file_name, dry_run=dry_run, reserve=reserve)
    orders = _checked_orders(file_name, content, report)
    existing = _existing_keys(orders) if report.ok else set()
    report.existing = sum(1 for order in orders if (order.channel, order.external_id) in existing)
    report.created = len(orders) - report.existing
    return CheckedFile(orders, existing, report, started)


def write_order_file(
    checked: CheckedFile,
    *,
    user: Any,
    source: str,
    batch_size: int = DEFAULT_BATCH_SIZE,
    on_progress: Progress | None = None,
) -> OrderImportReport:
    """Write the orders of a checked file in batches; the report counts what was written."""
    report = checked.report
    report.dry_run, report.created, report.existing = False, 0, 0
    try:
        for batch in _batches(checked.orders, max(1, batch_size)):
            _write_batch(batch, checked.existing, report, user=user, reserve=report.reserve)
            if on_progress is not None:
                on_progress(report)
    except DomainError as problem:  # the database changed under us since the check (a SKU deleted…)
        done, detail = report.done, problem.localized()
        if "order_id" in problem.data:
            stopped = gettext_noop("stopped after %(done)s order(s); order %(order)s: %(detail)s")
            error = RowError.of(0, "", stopped, done=done, order=problem.data["order_id"], detail=detail)
        else:
            error = RowError.of(
                0, "", gettext_noop("stopped after %(done)s order(s); %(detail)s"), done=done, detail=detail
            )
        report.errors.append(error)
        return report
    report.seconds = round(time.monotonic() - checked.started, 3)
    _audit(report, user=user, source=source)
    return report


def _checked_orders(file_name: str, content: bytes, report: OrderImportReport) -> list[OrderIn]:
    """Every order of the file as an OrderIn, or [] with every problem in the report."""
    rows, skus = _parse(file_name, content, report)
    parsed, conflicts = group_orders(rows)
    report.errors.extend(conflicts)
    report.errors.extend(_unknown_skus(skus))
    orders = []
    for one in parsed:
        order, errors = to_order_in(one)
        report.errors.extend(errors)
        if order is not None:
            orders.append(order)
    report.orders = len(parsed)
    report.errors.sort(key=lambda e: (e.line, e.column))
    return orders if report.ok else []


def _parse(file_name: str, content: bytes, report: OrderImportReport) -> tuple[list[OrderRow], list[tuple[int, str]]]:
    """The rows that parsed, and (line, SKU) of every row naming a well-formed SKU: a row with a
    bad price still gets its unknown SKU reported, so one pass shows every problem."""
    rows: list[OrderRow] = []
    skus: list[tuple[int, str]] = []
    try:
        table = read_table(file_name=file_name, content=content, known_columns=COLUMNS)
        report.errors.extend(header_errors(table.header, columns=COLUMNS, required=REQUIRED_COLUMNS))
        if not report.ok:
            return [], []
        for line, cells in table_records(table, report.errors):
            report.rows += 1
            sku = cell_text(cells.get("sku"))
            if is_valid_sku(sku):
                skus.append((line, sku))
            row, errors = parse_row(line, cells)
            report.errors.extend(errors)
            if row is not None:
                rows.append(row)
    except TableError as problem:
        report.errors = [RowError.of(1, "", problem.template, **problem.params)]
        return [], []
    if report.ok and not report.rows:
        report.errors.append(RowError.of(2, "", gettext_noop("the file has a header but no order rows")))
    return rows, skus


def _unknown_skus(skus: list[tuple[int, str]]) -> list[RowError]:
    known: set[str] = set()
    for chunk in _batches(sorted({sku for _, sku in skus}), LOOKUP_CHUNK):
        known.update(Product.objects.filter(sku__in=chunk).values_list("sku", flat=True))
    return [
        RowError.of(line, "sku", gettext_noop("unknown SKU %(sku)s"), sku=sku) for line, sku in skus if sku not in known
    ]


def _existing_keys(orders: list[OrderIn]) -> set[tuple[str, str]]:
    """(channel, external id) of the file's orders that the database already has."""
    by_channel: dict[str, list[str]] = {}
    for order in orders:
        by_channel.setdefault(order.channel, []).append(order.external_id)
    found: set[tuple[str, str]] = set()
    for channel, ids in by_channel.items():
        for chunk in _batches(ids, LOOKUP_CHUNK):
            rows = SalesOrder.objects.filter(channel=channel, external_id__in=chunk).values_list(
                "external_id", flat=True
            )
            found.update((channel, external_id) for external_id in rows)
    return found


def _batches(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _write_batch(
    batch: list[OrderIn], existing: set[tuple[str, str]], report: OrderImportReport, *, user: Any, reserve: bool
) -> None:
    """One transaction: the batch's new orders (and their reservations) commit together or not at all."""
    new = [order for order in batch if (order.channel, order.external_id) not in existing]
    counts = {"created": 0, "existing": len(batch) - len(new), "reserved": 0, "backordered": 0}
    with transaction.atomic():
        for order, outcome in zip(
            new, receive_orders(new, user=user, source=Source.IMPORT, reserve=reserve), strict=True
        ):
            if outcome.error is not None:  # checked before the batch: only a change since (a SKU deleted) gets here
                outcome.error.data.setdefault("order_id", order.external_id)
                raise outcome.error
            counts["created" if outcome.created else "existing"] += 1
            if outcome.created and reserve:
                counts["backordered" if outcome.status == domain.OrderStatus.BACKORDERED.value else "reserved"] += 1
    # Counted only once the batch has committed: the report never claims rolled-back work.
    for name, count in counts.items():
        setattr(report, name, getattr(report, name) + count)
    report.done += len(batch)


def _audit(report: OrderImportReport, *, user: Any, source: str) -> None:
    record_audit(
        user=user,
        source=Source.IMPORT,
        action="orders.imported",
        object_type="orders.salesorder",
        data={
            "file": report.file_name[:200],
            "via": source,
            "rows": report.rows,
            "orders": report.orders,
            "created": report.created,
            "existing": report.existing,
            "reserved": report.reserved,
            "backordered": report.backordered,
        },
    )


TEMPLATE_ROWS = (
    {
        "order_id": "1001", "channel": "import", "placed_at": "2026-11-20 14:30", "currency": "TRY",
        "customer_email": "ayse@example.com", "payment_status": "paid", "shipping_charge": "29.90",
        "ship_name": "Ayşe Yılmaz", "ship_line1": "Bağdat Cd. 1", "ship_city": "İstanbul", "ship_region": "Kadıköy",
        "ship_postal_code": "34710", "ship_country": "TR", "ship_phone": "+90 555 000 00 00", "tags": "vip",
        "priority": "0", "sku": "SKU-1", "quantity": "2", "unit_price": "149.90", "discount": "0", "tax": "53.96",
    },
    {"order_id": "1001", "sku": "SKU-2", "quantity": "1", "unit_price": "89.90", "discount": "10", "tax": "14.38"},
)  # fmt: skip


def template_skus() -> list[str]:
    """SKUs for the template's example lines, read from the catalog so the file imports as
    downloaded: active products that are not kits, those with stock on a shelf first. The
    placeholders stay for the lines the catalog cannot fill (an empty shop)."""
    stocked = Quant.objects.filter(product=OuterRef("pk"), location__usage=Usage.INTERNAL, on_hand__gt=0)
    real = list(
        Product.objects.filter(active=True, is_kit=False)
        .annotate(stocked=Exists(stocked))
        .order_by("-stocked", "sku")
        .values_list("sku", flat=True)[: len(TEMPLATE_ROWS)]
    )
    return real + [row["sku"] for row in TEMPLATE_ROWS[len(real) :]]


def order_template(*, fmt: str) -> bytes:
    """A file with every column and one example order of two lines (the order-level cells
    filled on its first row only), as CSV or XLSX, of SKUs the catalog has."""
    rows = [
        [sku if column == "sku" else row.get(column, "") for column in COLUMNS]
        for row, sku in zip(TEMPLATE_ROWS, template_skus(), strict=True)
    ]
    if fmt == "xlsx":
        text = ("order_id", "ship_postal_code", "ship_phone", "sku")
        return write_xlsx(COLUMNS, iter(rows), text_columns=text, sheet_name="orders")
    return write_csv(COLUMNS, iter(rows))
