"""The pure parts of shipment pushes: the notice kept with a push, Shopify's fulfillment order
matching, finding our shipment in a channel's text, and reading the channels' error bodies."""

import httpx
import pytest

from arkaofis.channels.adapters.shipping import names_shipment, said
from arkaofis.channels.adapters.shopify_shipping import fulfillment_order_items
from arkaofis.channels.domain import ShipmentNotice, ShippedLine
from arkaofis.channels.exceptions import ShipmentRefused


def notice(**fields) -> ShipmentNotice:
    values = {
        "order_id": "5127", "shipment_id": 7, "shipment_number": "SH-000007", "carrier": "UPS",
        "tracking_number": "1Z", "tracking_url": "", "shipped_at": "2026-12-07T17:40:00+00:00",
        "whole_order": False, "lines": (ShippedLine("901", "TOWEL", 2), ShippedLine("901", "TOWEL", 1)),
    }  # fmt: skip
    return ShipmentNotice(**{**values, **fields})


def test_a_notice_survives_its_trip_through_json_and_adds_up_units_per_channel_line():
    kept = notice(order_fields={"MarketplaceId": "ATVPDKIKX0DER"})
    assert ShipmentNotice.from_payload(kept.as_payload()) == kept
    assert kept.units_by_line() == {"901": 3}


def fulfillment_order(fo_id, *items, status="open"):
    return {
        "id": fo_id,
        "status": status,
        "supported_actions": ["create_fulfillment"] if status == "open" else [],
        "line_items": [
            {"id": item_id, "line_item_id": line, "fulfillable_quantity": left} for item_id, line, left in items
        ],
    }


def test_shipped_units_are_taken_from_open_fulfillment_orders_in_turn():
    orders = [
        fulfillment_order(1, (11, 100, 5), status="closed"),
        fulfillment_order(2, (21, 100, 1), (22, 200, 4)),
        fulfillment_order(3, (31, 100, 2)),
    ]
    assert fulfillment_order_items(orders, {"100": 2, "200": 3}) == [
        {
            "fulfillment_order_id": 2,
            "fulfillment_order_line_items": [{"id": 21, "quantity": 1}, {"id": 22, "quantity": 3}],
        },
        {"fulfillment_order_id": 3, "fulfillment_order_line_items": [{"id": 31, "quantity": 1}]},
    ]


def test_more_units_than_left_to_fulfil_are_refused_naming_the_line():
    with pytest.raises(ShipmentRefused, match="line item 100: 2"):
        fulfillment_order_items([fulfillment_order(2, (21, 100, 1))], {"100": 3})


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Shipped with UPS (shipment SH-000007).", True),
        ("Arkaofis SH-000007", True),
        ("Arkaofis SH-0000071", False),
        ("Arkaofis XSH-000007", False),
        ("", False),
        (None, False),
    ],
)
def test_our_shipment_is_found_in_a_channels_text_only_as_a_whole_word(text, found):
    assert names_shipment(text, "SH-000007") is found


ITEMS_QUANTITY = "Invalid fulfillment order line item quantity requested."
NOT_UPDATABLE = "Shipment Update Edilebilir Bir Durumda Değil."
WOO_INVALID_ID = {"code": "woocommerce_rest_shop_order_invalid_id", "message": "Invalid ID.", "data": {"status": 404}}


@pytest.mark.parametrize(
    ("body", "told"),
    [
        ({"errors": [ITEMS_QUANTITY]}, ITEMS_QUANTITY),  # Shopify
        ({"errors": {"tracking_info": ["url is invalid"]}}, "tracking_info url is invalid"),  # Shopify
        ({"errors": [{"code": "InvalidInput", "message": "Invalid Input", "details": ""}]}, "Invalid Input"),  # Amazon
        (WOO_INVALID_ID, "Invalid ID."),  # WooCommerce
        ([{"status": 400, "message": "The field 'items' is invalid."}], "The field 'items' is invalid."),  # BigCommerce
        ({"errors": [{"key": "x", "message": NOT_UPDATABLE}]}, NOT_UPDATABLE),  # Trendyol
    ],
)
def test_each_channels_published_error_shape_is_read_as_one_line(body, told):
    assert said(httpx.Response(400, json=body)) == told


def test_a_refusal_of_ours_is_kept_as_its_message_id_and_read_in_the_readers_language():
    from django.utils import translation

    from arkaofis.channels.models import ShipmentPush

    refusal = ShipmentRefused("Trendyol has no package %(package)s of order %(order)s (split or cancelled?)",
                              package="77", order="T-1")  # fmt: skip
    assert "no package 77 of order T-1" in refusal.detail
    push = ShipmentPush(answer=refusal.detail, answer_data={k: str(v) for k, v in refusal.data.items()})
    with translation.override("tr"):
        assert push.answer_told == "Trendyol'da T-1 siparişinin 77 paketi yok (bölünmüş ya da iptal mi?)"
        assert "77 paketi yok" in refusal.localized()
    assert ShipmentPush(answer="HTTP 422: nope").answer_told == "HTTP 422: nope"
