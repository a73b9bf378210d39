"""Small runs of both benchmarks, so they keep working as the code under them changes.

Each runs as `arkaofis bench …` in a child process: a benchmark creates, migrates and drops a
scratch database of its own, which must not disturb the test database.
"""

import json
import os
import subprocess
import sys

import pytest

RESERVE_KEYS = {
    "db", "workers", "attempts", "granted", "oversold", "reservations_per_s", "p50_ms", "p99_ms",
    "baseline_per_s", "ratio", "check_ok",
}  # fmt: skip
ATP_KEYS = {"db", "products", "moves", "p50_ms", "p99_ms", "check_ok"}


def bench(*args: str) -> tuple[dict, int]:
    """Run `arkaofis bench ARGS`; return its one JSON line and the child's pid."""
    process = subprocess.Popen(  # noqa: S603 - our own command line
        [sys.executable, "-m", "arkaofis.cli", "bench", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "arkaofis.settings"},
    )
    out, err = process.communicate(timeout=240)
    assert process.returncode == 0, err
    lines = out.strip().splitlines()
    assert len(lines) == 1, f"stdout must be one JSON line, got {out!r}"
    return json.loads(lines[0]), process.pid


@pytest.mark.parametrize("vendor", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_reserve_bench_reports_every_figure_and_never_oversells(vendor):
    figures, _ = bench("reserve", "--db", vendor, "--workers", "4", "--attempts", "120")
    assert figures.keys() >= RESERVE_KEYS
    assert figures["db"] == vendor
    assert figures["oversold"] == 0
    assert figures["granted"] == figures["units"] == 60
    assert figures["reserved_in_db"] == figures["granted"]
    assert figures["check_ok"] is True
    assert figures["reservations_per_s"] > 0 and figures["baseline_per_s"] > 0


@pytest.mark.parametrize("vendor", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_atp_bench_loads_a_consistent_ledger_and_times_lookups(vendor):
    figures, _ = bench("atp", "--db", vendor, "--products", "300", "--moves", "3000", "--samples", "50")
    assert figures.keys() >= ATP_KEYS
    assert (figures["db"], figures["products"], figures["moves"]) == (vendor, 300, 3000)
    assert figures["check_ok"] is True
    assert 0 < figures["p50_ms"] <= figures["p99_ms"]


@pytest.mark.postgres
def test_bench_drops_its_scratch_database():
    import psycopg

    from arkaofis.bench.common import server_url

    _, pid = bench("reserve", "--db", "postgres", "--workers", "2", "--attempts", "10")
    with psycopg.connect(server_url("postgres")) as admin:
        left = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [f"arkaofis_bench_{pid}"]).fetchone()
    assert left is None


INTAKE_KEYS = {
    "db", "path", "orders", "orders_per_s", "p50_ms", "p99_ms", "oversold", "duplicates", "baseline_per_s", "ratio",
    "check_ok",
}  # fmt: skip


@pytest.mark.parametrize("vendor", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_intake_bench_takes_orders_by_both_paths_once_without_overselling(vendor):
    out = run_bench(
        "intake", "--db", vendor, "--size", "12", "--workers", "2", "--clients", "2", "--server-workers", "2",
        "--steady-orders", "4", "--steady-rate", "20",
    )  # fmt: skip
    lines = [json.loads(line) for line in out.strip().splitlines()]
    assert [figures["path"] for figures in lines] == ["bulk", "http"]
    for figures in lines:
        assert figures.keys() >= INTAKE_KEYS
        assert (figures["db"], figures["orders"]) == (vendor, 12)
        assert figures["oversold"] == 0
        assert figures["duplicates"] == 0
        assert figures["replayed"] > 0
        assert figures["check_ok"] is True
        assert figures["orders_per_s"] > 0 and figures["baseline_per_s"] > 0
        assert 0 < figures["p50_ms"] <= figures["p99_ms"]
    assert lines[1]["steady_rate_p99_ms"] > 0


def run_bench(*args: str) -> str:
    """`arkaofis bench ARGS`'s whole stdout (intake prints a line per path)."""
    process = subprocess.run(  # noqa: S603 - our own command line
        [sys.executable, "-m", "arkaofis.cli", "bench", *args],
        capture_output=True,
        text=True,
        timeout=240,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "arkaofis.settings"},
        check=False,
    )
    assert process.returncode == 0, process.stderr
    return process.stdout


def test_pickpath_bench_batches_the_demos_own_orders_beside_the_synthetic_ones():
    """The issue's batching figure is measured on the demo's orders and floors (the small demo keeps the test
    short); the synthetic day stays beside it under its own name."""
    figures, _ = bench("pickpath", "--size", "3", "--demo-size", "small")
    assert figures["batching_source"] == "demo small, seed 42"
    istanbul = figures["batching_by_warehouse"]["IST"]  # the small demo stocks and sells from İstanbul only
    assert figures["batching_orders"] == istanbul["orders"] >= 2
    assert 0 < figures["batching_batched_m"] <= figures["batching_alone_m"]
    assert 0 <= figures["batching_walk_saving_pct"] < 100
    assert figures["demo_wave_batches"] >= 1 and figures["demo_waves_walk_saving_pct"] is not None
    assert figures["synthetic_batching_walk_saving_pct"] >= 50
