"""A small run of `arkaofis bench labels`, so the benchmark keeps working as the renderers change."""

import json
import os
import subprocess
import sys

from arkaofis.bench import labels as labels_bench

KEYS = {
    "labels", "rounds", "pdf_labels_per_s", "pdf_cpu_ms_per_label", "pdf_single_labels_per_s",
    "pdf_single_cpu_ms_per_label", "zpl_labels_per_s", "zpl_cpu_ms_per_label", "zpl_over_pdf",
    "pdf_bytes_per_label", "pdf_single_bytes", "zpl_bytes_per_label", "peak_rss_mb", "pages_decoded", "check_ok",
}  # fmt: skip


def test_the_labels_bench_renders_checks_and_reports_every_figure():
    figures = labels_bench.run(labels=12, rounds=1)
    assert figures.keys() == KEYS
    assert figures["labels"] == 12 and figures["check_ok"] is True
    assert figures["pdf_labels_per_s"] > 0 and figures["zpl_labels_per_s"] > 0
    assert figures["pages_decoded"] in (3, None)  # None: zbarimg not installed here


def test_arkaofis_bench_labels_prints_one_json_line():
    result = subprocess.run(  # noqa: S603 - our own command line
        [sys.executable, "-m", "arkaofis.cli", "bench", "labels", "--size", "6"],
        capture_output=True,
        text=True,
        timeout=240,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "arkaofis.settings"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    [line] = result.stdout.strip().splitlines()
    assert json.loads(line)["labels"] == 6
