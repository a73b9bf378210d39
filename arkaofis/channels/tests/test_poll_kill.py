"""A poll killed mid-run (SIGKILL) and restarted ends with every order exactly once, and the ledger green.

`arkaofis poll_channels` runs as a child process against a slow local SP-API stand-in, on the
test's own database: on PostgreSQL the live test database itself; on SQLite, whose test database
lives in memory, a file copy of it that the child uses and that is copied back for the asserts.
"""

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import Count

import arkaofis
from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.channels.models import EventStatus, InboundEvent, PollCursor
from arkaofis.channels.tests.poll_servers import (
    AmazonFake,
    TrendyolFake,
    amazon_channel,
    fixture,
    serve,
    trendyol_channel,
)
from arkaofis.inventory.invariants import ledger_breaks
from arkaofis.orders.models import SalesOrder

ORDERS, PAGE = 12, 3
SKU = "NABetaASINB00551Q3CS"


def amazon_orders() -> list[dict]:
    template = fixture("amazon", "getOrders_page1.json")["payload"]["Orders"][0]
    return [
        {**template, "AmazonOrderId": f"112-{n:07d}-0000001", "LastUpdateDate": f"2026-11-20T10:{n:02d}:00Z"}
        for n in range(ORDERS)
    ]


def trendyol_packages() -> list[dict]:
    template = fixture("trendyol", "getShipmentPackages.json")["content"][0]
    return [
        {
            **template,
            "id": 3300000000 + n,
            "orderNumber": f"1070000{n:04d}",
            "lastModifiedDate": 1763636460000 + n * 60000,
        }
        for n in range(ORDERS)
    ]


class ChildDatabase:
    """Where the child process finds the test database, and how the test counts its orders meanwhile."""

    def __init__(self, tmp_path: Path) -> None:
        self.vendor = connection.vendor
        self.file = tmp_path / "shared.sqlite3"

    def url(self) -> str:
        if self.vendor == "sqlite":
            return f"sqlite:///{self.file}"
        s = connection.settings_dict
        password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
        return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"

    def share(self) -> None:
        if self.vendor == "sqlite":  # the in-memory test database, copied to a file the child can open
            connection.ensure_connection()
            with contextlib.closing(sqlite3.connect(self.file)) as target:
                connection.connection.backup(target)

    def take_back(self) -> None:
        if self.vendor == "sqlite":
            with contextlib.closing(sqlite3.connect(self.file)) as source:
                source.backup(connection.connection)

    def order_count(self) -> int:
        if self.vendor == "sqlite":
            with contextlib.closing(sqlite3.connect(self.file, timeout=30)) as db:
                return db.execute("SELECT COUNT(*) FROM orders_salesorder").fetchone()[0]
        return SalesOrder.objects.count()


def start_poll(database: ChildDatabase, tmp_path: Path, code: str) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database.url(), "ARKAOFIS_VAR_DIR": str(tmp_path / "var")}
    env.pop("CONN_MAX_AGE", None)
    return subprocess.Popen(  # noqa: S603 - our own command line
        [sys.executable, "-m", "arkaofis.cli", "poll_channels", "--channel", code],
        cwd=Path(arkaofis.__file__).resolve().parent.parent,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_orders(database: ChildDatabase, process: subprocess.Popen, at_least: int, timeout: float = 90) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        count = database.order_count()
        if count >= at_least:
            return count
        assert process.poll() is None, f"poller ended early: {process.communicate()}"
        time.sleep(0.02)
    raise AssertionError(f"fewer than {at_least} orders after {timeout} s")


def wait_until_answered(fake: AmazonFake | TrendyolFake, quiet: float = 0.3, timeout: float = 30) -> None:
    """Wait until the killed poller's last request has been answered (and recorded by the fake),
    so it is not counted as the restart's: no request in flight for `quiet` seconds."""
    deadline = time.monotonic() + timeout
    quiet_since = time.monotonic()
    while time.monotonic() < deadline:
        if fake.in_flight:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since >= quiet:
            return
        time.sleep(0.02)
    raise AssertionError(f"a request was still being answered after {timeout} s")


@pytest.mark.django_db(transaction=True)  # committed rows: the child process must see them
def test_an_amazon_poll_killed_mid_page_and_restarted_creates_every_order_exactly_once(tmp_path):
    ProductFactory(sku=SKU)
    fake = AmazonFake(amazon_orders(), page_size=PAGE)
    database = ChildDatabase(tmp_path)
    with serve(fake, delay=0.15) as url:  # slow enough to land the kill inside page 2
        amazon_channel(url, code="amazon-kill")
        database.share()
        first = start_poll(database, tmp_path, "amazon-kill")
        killed_at = wait_for_orders(database, first, PAGE + 1)
        first.send_signal(signal.SIGKILL)
        first.communicate(timeout=30)
        assert first.returncode == -signal.SIGKILL
        assert killed_at < ORDERS, "the poller finished before it could be killed"
        wait_until_answered(fake)
        calls_before_restart = len(fake.calls)
        second = start_poll(database, tmp_path, "amazon-kill")
        out, err = second.communicate(timeout=180)
        assert second.returncode == 0, err
        restart_calls = fake.calls[calls_before_restart:]
    database.take_back()
    # The restart resumed from the saved cursor: its first getOrders call carried a NextToken.
    first_page_call = next(query for _, path, query in restart_calls if path == "/orders/v0/orders")
    assert "NextToken" in first_page_call
    item_calls = [path for _, path, _ in restart_calls if path.endswith("/orderItems")]
    assert len(item_calls) <= ORDERS - killed_at + PAGE  # re-read at most one page
    per_order = SalesOrder.objects.filter(channel="amazon-kill").values("external_id").annotate(n=Count("id"))
    assert sorted(row["external_id"] for row in per_order) == sorted(o["AmazonOrderId"] for o in amazon_orders())
    assert {row["n"] for row in per_order} == {1}
    assert InboundEvent.objects.count() == ORDERS
    assert set(InboundEvent.objects.values_list("status", flat=True)) == {EventStatus.PROCESSED}
    assert PollCursor.objects.get(name="last_updated_after").value == f"2026-11-20T10:{ORDERS - 1:02d}:00Z"
    assert not ledger_breaks()


@pytest.mark.django_db(transaction=True)
def test_a_trendyol_poll_killed_mid_run_and_restarted_creates_every_package_order_exactly_once(tmp_path):
    ProductFactory(sku="TY-TSHIRT-RED"), ProductFactory(sku="TY-MUG")
    fake = TrendyolFake(trendyol_packages(), page_size=PAGE)
    database = ChildDatabase(tmp_path)
    with serve(fake, delay=0.4) as url:  # one request a page: slow pages leave room for the kill
        trendyol_channel(url, code="trendyol-kill")
        database.share()
        first = start_poll(database, tmp_path, "trendyol-kill")
        killed_at = wait_for_orders(database, first, PAGE + 1)
        first.send_signal(signal.SIGKILL)
        first.communicate(timeout=30)
        assert first.returncode == -signal.SIGKILL
        assert killed_at < ORDERS, "the poller finished before it could be killed"
        wait_until_answered(fake)
        calls_before_restart = len(fake.calls)
        second = start_poll(database, tmp_path, "trendyol-kill")
        out, err = second.communicate(timeout=180)
        assert second.returncode == 0, err
        restart_pages = [int(query["page"]) for _, _, query in fake.calls[calls_before_restart:]]
    database.take_back()
    # The restart resumed at a saved page (page 0 was done before the kill), never from the start.
    assert restart_pages[0] >= 1 and restart_pages == list(range(restart_pages[0], ORDERS // PAGE))
    per_order = SalesOrder.objects.filter(channel="trendyol-kill").values("external_id").annotate(n=Count("id"))
    assert sorted(row["external_id"] for row in per_order) == sorted(
        f"{p['orderNumber']}-{p['id']}" for p in trendyol_packages()
    )
    assert {row["n"] for row in per_order} == {1}
    assert InboundEvent.objects.count() == ORDERS
    assert set(InboundEvent.objects.values_list("status", flat=True)) == {EventStatus.PROCESSED}
    assert PollCursor.objects.get(name="page").value == ""
    assert not ledger_breaks()
