"""Packing a kit line: the picker brought its components, so the packer scans them one by one; a kit
made up beforehand (its own barcode on its box) counts every component at once. No Django.

`bill` is the kit's bill of materials ({component id: units per kit}); `scanned` what went into the
box so far ({component id: units}).
"""

from collections.abc import Mapping


def kits_packed(bill: Mapping[int, int], scanned: Mapping[int, int]) -> int:
    """Whole kits in the box: the scarcest component decides."""
    if not bill:
        return 0
    return min(scanned.get(component, 0) // per_kit for component, per_kit in bill.items())


def room_for(bill: Mapping[int, int], scanned: Mapping[int, int], component: int, kits: int) -> int:
    """How many more units of `component` the line's `kits` take."""
    return bill[component] * kits - scanned.get(component, 0)


def with_whole_kit(bill: Mapping[int, int], scanned: Mapping[int, int]) -> dict[int, int]:
    """The scan of a made-up kit: one more of every component."""
    return {component: scanned.get(component, 0) + per_kit for component, per_kit in bill.items()}
