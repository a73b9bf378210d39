"""`arkaofis bench pickpath` keeps working: a short run prints one JSON line with every figure the issue names.

These runs skip the demo's batching figure (it loads the demo into a scratch database; bench/tests covers it)."""

import json
import os
import subprocess
import sys

from arkaofis.bench import pickpath

KEYS = {
    "lists", "mean_pct_above_optimal", "max_pct_above_optimal", "s_shape_pct_above_optimal",
    "largest_gap_pct_above_optimal", "p99_ms", "batching_walk_saving_pct", "synthetic_batching_walk_saving_pct",
}  # fmt: skip


def test_a_short_run_finds_the_programme_optimal_and_batching_worth_it():
    figures = pickpath.run(lists=15, seed=3, multi_block_lists=3, shop_orders=40, demo_size=None)
    assert figures.keys() >= KEYS
    assert figures["lists"] == 15
    assert abs(figures["mean_pct_above_optimal"]) < 1e-6 and abs(figures["max_pct_above_optimal"]) < 1e-6
    assert figures["s_shape_pct_above_optimal"] >= 0 and figures["largest_gap_pct_above_optimal"] >= 0
    assert figures["synthetic_batching_walk_saving_pct"] >= 50
    assert figures["batching_walk_saving_pct"] is None  # no demo loaded
    assert 0 <= figures["multi_block_mean_pct_above_optimal"] <= figures["multi_block_max_pct_above_optimal"]


def test_the_command_prints_one_json_line():
    process = subprocess.run(  # noqa: S603 - our own command line
        [sys.executable, "-m", "arkaofis.cli", "bench", "pickpath", "--size", "3", "--demo-size", "none"],
        capture_output=True,
        text=True,
        timeout=240,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "arkaofis.settings"},
        check=False,
    )
    assert process.returncode == 0, process.stderr
    lines = process.stdout.strip().splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0]).keys() >= KEYS


def test_the_solvers_own_output_goes_to_stderr_not_the_json_line(capfd):
    with pickpath._solver_chatter_to_stderr():
        os.write(1, b"HiGHS chatter\n")
    captured = capfd.readouterr()
    assert "HiGHS chatter" not in captured.out and "HiGHS chatter" in captured.err
