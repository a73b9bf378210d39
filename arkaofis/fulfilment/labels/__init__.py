"""Shipping documents from plain data, no database: labels (PDF and ZPL), packing slips, manifests, SSCCs.

Services build the data (LabelData, PackingSlip, Manifest) from their rows and call one renderer; views
and the API return the bytes. Every renderer is pure: the same data, the same document.
"""

from arkaofis.fulfilment.labels.data import LabelData, check_label
from arkaofis.fulfilment.labels.exceptions import (
    InvalidSSCC,
    LabelAddressIncomplete,
    LabelFieldInvalid,
    NothingToPrint,
)
from arkaofis.fulfilment.labels.manifest import (
    Manifest,
    ManifestRow,
    manifest_totals,
    render_manifest_csv,
    render_manifest_pdf,
)
from arkaofis.fulfilment.labels.pdf import render_label_pdf
from arkaofis.fulfilment.labels.slip import PackingSlip, SlipLine, render_packing_slip
from arkaofis.fulfilment.labels.sscc import gs1_check_digit, is_sscc, sscc18
from arkaofis.fulfilment.labels.zpl import render_label_zpl

__all__ = [
    "InvalidSSCC",
    "LabelAddressIncomplete",
    "LabelData",
    "LabelFieldInvalid",
    "Manifest",
    "ManifestRow",
    "NothingToPrint",
    "PackingSlip",
    "SlipLine",
    "check_label",
    "gs1_check_digit",
    "is_sscc",
    "manifest_totals",
    "render_label_pdf",
    "render_label_zpl",
    "render_manifest_csv",
    "render_manifest_pdf",
    "render_packing_slip",
    "sscc18",
]
