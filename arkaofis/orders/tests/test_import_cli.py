"""`arkaofis import_orders`: progress and summary, exit status, and the target of issue 3: an import
killed mid-batch (SIGKILL) and started again ends with every order exactly once."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from arkaofis.orders.models import SalesOrder
from arkaofis.orders.tests.import_support import big_order_file, csv_bytes, run_import, stocked_products

KILL_ORDERS, KILL_LINES = 1000, 2


def _file(tmp_path, content: bytes, name: str = "orders.csv") -> str:
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


@pytest.mark.django_db
def test_the_command_prints_progress_per_batch_and_a_summary(tmp_path, capsys):
    stocked_products(1)
    rows = [[f"C-{n}", "TRY", "", "", "", "IMP-1", 1, 1] for n in range(5)]
    call_command("import_orders", _file(tmp_path, csv_bytes(rows)), "--batch-size", "2")
    out = capsys.readouterr().out
    assert "2/5 orders" in out and "4/5 orders" in out and "5/5 orders" in out
    assert "5 order(s): 5 created, 0 already there; 5 reserved, 0 backordered" in out
    call_command("import_orders", _file(tmp_path, csv_bytes(rows)), "--no-reserve")
    assert "0 created, 5 already there" in capsys.readouterr().out


@pytest.mark.django_db
def test_a_rejected_file_fails_with_every_error_and_writes_nothing(tmp_path, capsys):
    stocked_products(1)
    rows = [["C-1", "TRY", "", "", "", "IMP-1", "x", 1], ["C-2", "TRY", "", "", "", "NOPE", 1, 1]]
    with pytest.raises(CommandError, match="rejected, 2 error"):
        call_command("import_orders", _file(tmp_path, csv_bytes(rows)))
    out = capsys.readouterr().out
    assert "line 2, quantity" in out and "line 3, sku: unknown SKU NOPE" in out
    assert not SalesOrder.objects.exists()


@pytest.mark.django_db
def test_the_command_refuses_a_missing_file_and_a_zero_batch(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        call_command("import_orders", str(tmp_path / "nope.csv"))
    with pytest.raises(CommandError, match="batch-size"):
        call_command("import_orders", str(tmp_path / "nope.csv"), "--batch-size", "0")


@pytest.mark.django_db(transaction=True)
@pytest.mark.timeout(900)
def test_a_five_thousand_line_file_imports_and_reports_its_rate(capsys):
    """The figure is printed, not asserted: the machine is shared and its speed varies tenfold.
    Batches really commit here, as in production (inside one test transaction PostgreSQL would
    carry thousands of savepoints and measure something no user sees)."""
    stocked_products(20, quantity=2000)
    content = big_order_file(1667, lines_per_order=3)  # 5,001 lines
    started = time.monotonic()
    report = run_import(content)
    seconds = time.monotonic() - started
    assert report.ok and report.created == 1667 and report.reserved == 1667
    with capsys.disabled():
        print(f"\n[import] {report.rows} lines, {report.created} orders in {seconds:.1f}s: "
              f"{report.created / seconds:.0f} orders/s ({connection.vendor}, reserved)")  # fmt: skip


class SharedDatabase:
    """The database as a child process sees it: its DATABASE_URL, and plain SQL on it.

    PostgreSQL: pytest-django's live test database (committed data, `transactional_db`).
    SQLite: the test database is in memory, which no other process can open, so it is copied
    (schema and the data the test committed) into a file with SQLite's backup API."""

    def __init__(self, tmp_path) -> None:
        settings = connection.settings_dict
        self.sqlite_path = None
        if connection.vendor == "sqlite":
            self.sqlite_path = str(tmp_path / "shared.sqlite3")
            self.url = f"sqlite:///{self.sqlite_path}"
        else:
            auth = quote(settings["USER"] or "") + (f":{quote(settings['PASSWORD'])}" if settings["PASSWORD"] else "")
            host = f"{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
            self.url = f"postgres://{auth}@{host}/{settings['NAME']}"

    def publish(self) -> None:
        """Make what the test has written visible to child processes (SQLite: copy it out)."""
        if self.sqlite_path:
            connection.ensure_connection()
            with sqlite3.connect(self.sqlite_path) as target:
                connection.connection.backup(target)

    def scalar(self, sql: str) -> int:
        if self.sqlite_path:
            with sqlite3.connect(self.sqlite_path, timeout=30) as db:
                return db.execute(sql).fetchone()[0]
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchone()[0]

    def run(self, *args: str, **kwargs) -> subprocess.Popen:
        env = {**os.environ, "DATABASE_URL": self.url, "DJANGO_SETTINGS_MODULE": "arkaofis.settings"}
        return subprocess.Popen(  # noqa: S603 - our own command line
            [sys.executable, "-m", "arkaofis.cli", *args],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            **kwargs,
        )


def _wait_for_orders(shared: SharedDatabase, process: subprocess.Popen, at_least: int) -> int:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        count = shared.scalar("SELECT COUNT(*) FROM orders_salesorder")
        if count >= at_least or process.poll() is not None:
            return count
        time.sleep(0.02)
    raise AssertionError("the import made no progress in 180 s")


@pytest.mark.django_db(transaction=True)
@pytest.mark.timeout(900)
def test_an_import_killed_mid_batch_and_run_again_ends_with_every_order_exactly_once(tmp_path):
    """Runs on the suite's database: SQLite by default, PostgreSQL with DATABASE_URL."""
    stocked_products(20, quantity=1000)
    path = _file(tmp_path, big_order_file(KILL_ORDERS, lines_per_order=KILL_LINES))
    shared = SharedDatabase(tmp_path)
    shared.publish()

    first = shared.run("import_orders", path, "--batch-size", "25")
    seen = _wait_for_orders(shared, first, at_least=150)
    first.send_signal(signal.SIGKILL)
    output, _ = first.communicate(timeout=60)
    assert first.returncode == -signal.SIGKILL, f"the first run ended on its own: {output[-2000:]}"
    assert 150 <= seen < KILL_ORDERS
    survivors = shared.scalar("SELECT COUNT(*) FROM orders_salesorder")
    assert survivors < KILL_ORDERS and survivors % 25 == 0, "a killed batch must vanish whole"

    second = shared.run("import_orders", path, "--batch-size", "25")
    output, _ = second.communicate(timeout=600)
    assert second.returncode == 0, output[-3000:]
    assert f"{KILL_ORDERS - survivors} created, {survivors} already there" in output

    assert shared.scalar("SELECT COUNT(*) FROM orders_salesorder") == KILL_ORDERS
    assert shared.scalar("SELECT COUNT(DISTINCT external_id) FROM orders_salesorder") == KILL_ORDERS
    assert shared.scalar("SELECT COUNT(*) FROM orders_salesorderline") == KILL_ORDERS * KILL_LINES
    assert shared.scalar("SELECT COUNT(*) FROM orders_salesorder WHERE status <> 'reserved'") == 0
    assert shared.scalar("SELECT SUM(quantity) FROM inventory_reservation WHERE status = 'active'") == (
        KILL_ORDERS * KILL_LINES
    )
    assert shared.scalar("SELECT COUNT(*) FROM core_outboxevent WHERE topic = 'order.created'") == KILL_ORDERS
    check = shared.run("check")
    output, _ = check.communicate(timeout=300)
    assert check.returncode == 0, output[-3000:]
