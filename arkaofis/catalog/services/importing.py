"""Import products from a CSV or XLSX file: validate every row, then write all or nothing.

Existing SKUs are updated, new ones created; a row identical to the stored product changes
nothing, so importing the same file twice is harmless. Any error in any row rejects the whole
file and the report lists every bad cell with the line number the spreadsheet shows.
"""

from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext, gettext_noop

from arkaofis.catalog.services.product_plan import build_plan
from arkaofis.catalog.services.product_rows import COLUMNS, REQUIRED_COLUMNS, ProductRow, parse_row
from arkaofis.catalog.services.product_writer import apply_plan
from arkaofis.catalog.services.tables import (
    RowError,
    Table,
    TableError,
    cell_text,
    header_errors,
    read_table,
    table_records,
)
from arkaofis.core.models import Source
from arkaofis.core.services.audit import record_audit


@dataclass
class ImportReport:
    file_name: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "ok": self.ok}

    def summary(self) -> str:
        if not self.ok:  # in the active language: the API's problem says it to the caller
            return gettext("%(file)s: rejected, %(count)s error(s); nothing was written") % {
                "file": self.file_name,
                "count": len(self.errors),
            }
        note = " (dry run: nothing written)" if self.dry_run else ""
        return (
            f"{self.file_name}: {self.rows} row(s): {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged{note}"
        )


def import_products(*, file_name: str, content: bytes, user: Any, source: str, dry_run: bool = False) -> ImportReport:
    """Import a product file. Never raises for bad input: problems come back in the report."""
    report = ImportReport(file_name=file_name, dry_run=dry_run)
    rows, unparsed_skus = _parse(file_name, content, report)
    if not rows and not report.ok:
        return report
    # Check the rows that parsed too, so the report shows every problem in one go.
    plan = build_plan(rows, also_known=unparsed_skus)
    report.errors = sorted([*report.errors, *plan.errors], key=lambda e: (e.line, e.column))
    if not report.ok:
        return report
    report.created, report.updated, report.unchanged = len(plan.creates), len(plan.updates), plan.unchanged
    if dry_run:
        return report
    with transaction.atomic():
        apply_plan(plan)
        record_audit(
            user=user,
            source=Source.IMPORT,
            action="catalog.products_imported",
            object_type="catalog.product",
            data={
                "file": file_name[:200],
                "via": source,
                "rows": report.rows,
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "kits_changed": len(plan.bills),
            },
        )
    return report


def _parse(file_name: str, content: bytes, report: ImportReport) -> tuple[list[ProductRow], set[str]]:
    """Read the file and parse each row, collecting every error in the report. Returns the
    parsed rows and the SKUs of rows that did not parse (so kits naming them are not blamed)."""
    unparsed: set[str] = set()
    try:
        table = read_table(file_name=file_name, content=content, known_columns=COLUMNS)
        report.errors.extend(header_errors(table.header, columns=COLUMNS, required=REQUIRED_COLUMNS))
        if not report.ok:
            return [], unparsed
        rows = _parse_rows(table, report, unparsed)
    except TableError as problem:
        report.errors = [RowError.of(1, "", problem.template, **problem.params)]
        return [], unparsed
    if report.ok and not report.rows:
        report.errors.append(RowError.of(2, "", gettext_noop("the file has a header but no product rows")))
    return rows, unparsed


def _parse_rows(table: Table, report: ImportReport, unparsed: set[str]) -> list[ProductRow]:
    rows = []
    for line, by_column in table_records(table, report.errors):
        report.rows += 1
        row, errors = parse_row(line, by_column)
        report.errors.extend(errors)
        if row is not None:
            rows.append(row)
        else:
            unparsed.add(cell_text(by_column.get("sku")))
    return rows
