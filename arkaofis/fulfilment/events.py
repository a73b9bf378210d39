"""Fulfilment's domain events (core/events.py): what higher contexts hear from the warehouse floor."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class ShipmentShipped:
    """A shipment left the warehouse with `carrier` under `tracking_number`.

    Published inside the shipping transaction; `lines` pairs each order line id with the units
    shipped. Channels subscribe to tell the sales channel (through the outbox).
    """

    shipment_id: int
    shipment_number: str
    order_id: int
    warehouse_id: int
    carrier: str
    tracking_number: str
    tracking_url: str
    shipped_at: datetime
    lines: tuple[tuple[int, int], ...]
    user: Any
    source: str
