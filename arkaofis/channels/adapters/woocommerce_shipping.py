"""Tell WooCommerce a shipment shipped: an order note with carrier and tracking, and the order
completed once all of it has shipped.

Published shapes (WooCommerce REST API v3, "Order notes" and "Orders"):
- GET  /wp-json/wc/v3/orders/{id}/notes → [{"id", "note", "customer_note", "date_created", …}]
- POST /wp-json/wc/v3/orders/{id}/notes with {"note", "customer_note": true} → 201 the note
- PUT  /wp-json/wc/v3/orders/{id} with {"status": "completed"} → 200 the order
- errors: {"code", "message", "data": {"status"}}

Core WooCommerce keeps no carrier or tracking field on an order (that takes a plugin), so the note
carries them; it is a customer note, which WooCommerce emails to the buyer. It names our shipment
number, so a repeated delivery finds its note and adds none. Setting a status is idempotent.
The note is written in the channel's options["language"] (default: the site's language).
"""

from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from arkaofis.channels.adapters import woocommerce
from arkaofis.channels.adapters.shipping import answer_or_refuse, names_shipment
from arkaofis.channels.domain import ShipmentNotice, ShipmentReceipt
from arkaofis.channels.http import ChannelHttp

KIND = woocommerce.KIND


def push_shipment(http: ChannelHttp, channel: Any, notice: ShipmentNotice) -> ShipmentReceipt:
    path = f"{woocommerce.API}/orders/{notice.order_id}"
    notes = answer_or_refuse(http, "GET", f"{path}/notes").json() or []
    existing = next(
        (note for note in notes if isinstance(note, dict) and names_shipment(note.get("note"), notice.shipment_number)),
        None,
    )
    note = existing
    if note is None:
        body = {"note": note_text(channel, notice), "customer_note": True}
        note = answer_or_refuse(http, "POST", f"{path}/notes", json=body).json() or {}
    if notice.whole_order:
        answer_or_refuse(http, "PUT", path, json={"status": "completed"})
    return ShipmentReceipt(ref=str(note.get("id") or ""), found=existing is not None)


def note_text(channel: Any, notice: ShipmentNotice) -> str:
    language = str((channel.options or {}).get("language") or settings.LANGUAGE_CODE)
    with translation.override(language):
        values = {"carrier": notice.carrier, "tracking": notice.tracking_number, "shipment": notice.shipment_number}
        if notice.tracking_number:
            text = gettext("Shipped with %(carrier)s, tracking number %(tracking)s (shipment %(shipment)s).") % values
        else:
            text = gettext("Shipped with %(carrier)s (shipment %(shipment)s).") % values
        if notice.tracking_url:
            text += " " + gettext("Track it at %(url)s") % {"url": notice.tracking_url}
        if not notice.whole_order:
            text += " " + gettext("The rest of the order follows in another parcel.")
    return text
