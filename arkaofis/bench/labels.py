"""`arkaofis bench labels`: how fast shipping labels render, as PDF (both barcodes, embedded fonts) and ZPL.

Pure rendering, no database: N distinct sample labels (fulfilment.labels.samples) rendered in one process,
as one N-page PDF (a batch printed at the end of a wave), as N one-page PDFs (a label printed as each parcel
is packed: each file embeds its own font subset) and as ZPL. Each figure is the median of `rounds` rounds.
The output is checked, not only timed: the ZPL must hold N formats with every SSCC, and a few pages of the
PDF are rendered to images and decoded with zbar, both barcodes reading back exactly (when zbarimg exists).
"""

import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from arkaofis.bench.common import peak_rss_mb, progress
from arkaofis.fulfilment.labels import LabelData, render_label_pdf, render_label_zpl
from arkaofis.fulfilment.labels.samples import sample_label

WARM_UP = 20


def run(*, labels: int = 1000, rounds: int = 3) -> dict[str, Any]:
    if labels < 1 or rounds < 1:
        raise ValueError("labels and rounds must be at least 1")
    batch = [sample_label(number, parcels=1 + number % 3) for number in range(1, labels + 1)]
    render_label_pdf(batch[:WARM_UP])  # fonts registered, modules imported: not part of the measure
    render_label_zpl(batch[:WARM_UP])
    progress(f"labels: {labels} labels, {rounds} rounds")
    pdf_wall, pdf_cpu, pdf = _measure(lambda: render_label_pdf(batch), rounds)
    single_wall, single_cpu, singles = _measure(lambda: [render_label_pdf([label]) for label in batch], rounds)
    zpl_wall, zpl_cpu, zpl = _measure(lambda: render_label_zpl(batch), rounds)
    zpl_ok = zpl.count("^XA") == labels == zpl.count("^XZ") and all(label.sscc in zpl for label in batch)
    decoded = _decode_samples(pdf, batch)
    return {
        "labels": labels,
        "rounds": rounds,
        "pdf_labels_per_s": round(labels / pdf_wall, 1),
        "pdf_cpu_ms_per_label": round(pdf_cpu * 1000 / labels, 3),
        "pdf_single_labels_per_s": round(labels / single_wall, 1),
        "pdf_single_cpu_ms_per_label": round(single_cpu * 1000 / labels, 3),
        "zpl_labels_per_s": round(labels / zpl_wall, 1),
        "zpl_cpu_ms_per_label": round(zpl_cpu * 1000 / labels, 3),
        "zpl_over_pdf": round(pdf_wall / zpl_wall, 1),
        "pdf_bytes_per_label": round(len(pdf) / labels),
        "pdf_single_bytes": round(statistics.median(len(single) for single in singles)),
        "zpl_bytes_per_label": round(len(zpl.encode()) / labels),
        "peak_rss_mb": peak_rss_mb(),
        "pages_decoded": decoded,
        "check_ok": zpl_ok and decoded != 0,
    }


def _measure(render: Callable[[], Any], rounds: int) -> tuple[float, float, Any]:
    """Median wall and CPU seconds of `rounds` calls, and the last call's output."""
    walls, cpus, output = [], [], None
    for _round in range(rounds):
        wall, cpu = time.perf_counter(), time.process_time()
        output = render()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), output


def _decode_samples(pdf: bytes, batch: Sequence[LabelData]) -> int | None:
    """How many of the first, middle and last pages scan back exactly with zbar at 203 dpi (0 when one
    does not); None when zbarimg is not installed, which the JSON line shows as null."""
    zbarimg = shutil.which("zbarimg")
    if not zbarimg:
        progress("labels: zbarimg not installed (zbar-tools): barcodes not decoded")
        return None
    import pypdfium2 as pdfium

    pages = sorted({0, len(batch) // 2, len(batch) - 1})
    document = pdfium.PdfDocument(pdf)
    try:
        with tempfile.TemporaryDirectory() as directory:
            for number in pages:
                image = Path(directory) / f"{number}.png"
                document[number].render(scale=203 / 72).to_pil().convert("L").save(image)
                result = subprocess.run(  # noqa: S603 (a binary found on PATH, arguments a list, no shell)
                    [zbarimg, "--raw", "--nodbus", "-q", str(image)], capture_output=True, text=True, check=False
                )
                label = batch[number]
                if set(result.stdout.split()) != {label.tracking_number, "00" + label.sscc}:
                    return 0
    finally:
        document.close()
    return len(pages)
