"""Shipment pushes through the outbox: which orders push, one message in the shipping transaction,
WooCommerce's note and status (a recorded API on a local server), a channel down retried with
back-off, a refusal kept for a person, and pushed again once fixed."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from arkaofis.channels.models import PushStatus, ShipmentPush
from arkaofis.channels.services.shipment_push import PUSH_TOPIC, PushNotRefused, push_shipment_again
from arkaofis.channels.tests.shipments import channel_order, deliver, ship, shipments_of
from arkaofis.channels.tests.storefronts import RecordedApi, fixture, recorded_server, woo_channel
from arkaofis.core.models import AuditLog, OutboxEvent

pytestmark = pytest.mark.django_db

ORDER = "/wp-json/wc/v3/orders/5127"
LINES = (("TOWEL-LIN-NAT", 2, "901"), ("MUG-STONE-350", 1, "902"))


def woo_api(**answers) -> RecordedApi:
    completed = {**fixture("woocommerce", "order.json"), "status": "completed"}
    return RecordedApi(
        {
            ("GET", f"{ORDER}/notes"): answers.get("notes", [(200, fixture("woocommerce", "order_notes.json"))]),
            ("POST", f"{ORDER}/notes"): answers.get("note", [(201, fixture("woocommerce", "order_note_created.json"))]),
            ("PUT", ORDER): [(200, completed)],
        }
    )


def sent(api: RecordedApi, method: str) -> list[tuple[str, dict]]:
    return [(r["path"], json.loads(r["body"])) for r in api.requests if r["method"] == method]


def unsent(event: OutboxEvent) -> None:
    """Make an outbox event due again, as the worker would find it after its back-off."""
    OutboxEvent.objects.filter(pk=event.pk).update(delivered_at=None, available_at=timezone.now())


def test_an_order_typed_in_here_pushes_nothing_when_it_ships():
    order = channel_order("api", "EXT-1", ("TOWEL-LIN-NAT", 1, ""))
    ship(shipments_of(order)[0])
    assert not ShipmentPush.objects.exists()
    assert not OutboxEvent.objects.filter(topic=PUSH_TOPIC).exists()


def test_an_order_of_an_inactive_channel_pushes_nothing():
    channel = woo_channel(active=False)
    order = channel_order(channel.code, "5127", *LINES)
    ship(shipments_of(order)[0])
    assert not ShipmentPush.objects.exists()


def test_shipping_writes_one_push_and_one_outbox_message_in_its_transaction():
    channel = woo_channel()
    order = channel_order(channel.code, "5127", *LINES)
    shipment = shipments_of(order)[0]
    ship(shipment, carrier="Yurtiçi Kargo", tracking="YK123456789")
    ship(shipment, carrier="Yurtiçi Kargo", tracking="YK123456789")  # a second tap: nothing more
    (event,) = OutboxEvent.objects.filter(topic=PUSH_TOPIC)
    push = ShipmentPush.objects.get()
    assert event.payload == {"push_id": push.pk, "channel_id": channel.pk, "shipment": shipment.number}
    assert (push.status, push.order_id, push.shipment_id) == (PushStatus.WAITING, order.pk, shipment.pk)
    assert push.notice["lines"] == [
        {"line_id": "901", "sku": "TOWEL-LIN-NAT", "quantity": 2},
        {"line_id": "902", "sku": "MUG-STONE-350", "quantity": 1},
    ]
    assert (push.notice["order_id"], push.notice["whole_order"]) == ("5127", True)


def test_a_whole_woocommerce_order_gets_a_customer_note_and_is_completed():
    api = woo_api()
    with recorded_server(api) as url:
        channel = woo_channel(api_base_url=url)
        order = channel_order(channel.code, "5127", *LINES)
        shipment = shipments_of(order)[0]
        ship(shipment, carrier="Yurtiçi Kargo", tracking="YK123456789")
        deliver()
    assert [(r["method"], r["path"]) for r in api.requests] == [
        ("GET", f"{ORDER}/notes"),
        ("POST", f"{ORDER}/notes"),
        ("PUT", ORDER),
    ]
    note = f"Shipped with Yurtiçi Kargo, tracking number YK123456789 (shipment {shipment.number})."
    assert sent(api, "POST") == [(f"{ORDER}/notes", {"note": note, "customer_note": True})]
    assert sent(api, "PUT") == [(ORDER, {"status": "completed"})]
    push = ShipmentPush.objects.get()
    assert (push.status, push.channel_ref) == (PushStatus.SENT, "282")


def test_a_partial_woocommerce_shipment_notes_what_left_and_completes_only_with_the_last():
    api = woo_api()
    with recorded_server(api) as url:
        channel = woo_channel(api_base_url=url)
        order = channel_order(channel.code, "5127", *LINES, split=True)
        first, second = shipments_of(order)
        ship(first, carrier="Aras Kargo", tracking="AR1")
        deliver()
        assert sent(api, "PUT") == []
        ship(second, carrier="Aras Kargo", tracking="AR2")
        deliver()
    notes = [body["note"] for _, body in sent(api, "POST")]
    assert notes == [
        f"Shipped with Aras Kargo, tracking number AR1 (shipment {first.number}). "
        "The rest of the order follows in another parcel.",
        f"Shipped with Aras Kargo, tracking number AR2 (shipment {second.number}).",
    ]
    assert sent(api, "PUT") == [(ORDER, {"status": "completed"})]


def test_a_note_already_made_by_an_unrecorded_delivery_is_not_made_twice():
    channel = woo_channel()
    order = channel_order(channel.code, "5127", *LINES)
    shipment = shipments_of(order)[0]
    ship(shipment)
    ours = {**fixture("woocommerce", "order_note_created.json"), "note": f"Shipped (shipment {shipment.number})."}
    api = woo_api(notes=[(200, [*fixture("woocommerce", "order_notes.json"), ours])])
    with recorded_server(api) as url:
        channel.api_base_url = url
        channel.save()
        deliver()
    assert sent(api, "POST") == []
    assert ShipmentPush.objects.get().status == PushStatus.SENT


def test_a_channel_that_does_not_answer_is_retried_with_back_off_then_sent():
    down = [(503, {"code": "internal_server_error", "message": "Service Unavailable"})] * 6
    api = woo_api(notes=[*down, (200, fixture("woocommerce", "order_notes.json"))])
    with recorded_server(api) as url:
        channel = woo_channel(api_base_url=url)
        order = channel_order(channel.code, "5127", *LINES)
        ship(shipments_of(order)[0])
        assert deliver()[1] == 1  # ChannelHttp tried six times; the outbox takes it from here
        event = OutboxEvent.objects.get(topic=PUSH_TOPIC)
        assert event.delivered_at is None and event.attempts == 1 and event.available_at > timezone.now()
        push = ShipmentPush.objects.get()
        assert push.status == PushStatus.WAITING and "HTTP 503" in push.answer
        unsent(event)
        deliver()
    push.refresh_from_db()
    assert (push.status, push.attempts, push.answer) == (PushStatus.SENT, 2, "")
    assert len(sent(api, "POST")) == 1


def test_a_refused_push_waits_for_a_person_and_goes_again_when_pushed_again(admin_client):
    api = woo_api(notes=[(404, fixture("woocommerce", "order_invalid_id.json"))])
    with recorded_server(api) as url:
        channel = woo_channel(api_base_url=url)
        order = channel_order(channel.code, "5127", *LINES)
        ship(shipments_of(order)[0])
        deliver()
        push = ShipmentPush.objects.get()
        assert push.status == PushStatus.REFUSED
        assert push.answer == f"The channel refused the shipment update: GET {ORDER}/notes: HTTP 404: Invalid ID."
        page = admin_client.get(reverse("channels:settings", args=[channel.code]))
        assert "Invalid ID." in page.content.decode()
        api.answers[("GET", f"{ORDER}/notes")] = [(200, fixture("woocommerce", "order_notes.json"))]
        response = admin_client.post(reverse("channels:push_again", args=[channel.code, push.pk]))
        assert response.status_code == 302
        deliver()
    push.refresh_from_db()
    assert push.status == PushStatus.SENT
    assert AuditLog.objects.filter(action="channel.shipment_push_again").count() == 1
    with pytest.raises(PushNotRefused):
        push_shipment_again(push_id=push.pk, user=None, source="ui")


def test_the_note_is_written_in_the_channels_language():
    api = woo_api()
    with recorded_server(api) as url:
        channel = woo_channel(api_base_url=url, options={"language": "tr"})
        order = channel_order(channel.code, "5127", *LINES)
        shipment = shipments_of(order)[0]
        ship(shipment, carrier="Yurtiçi Kargo", tracking="YK1")
        deliver()
    ((_, body),) = sent(api, "POST")
    assert body["note"] == f"Yurtiçi Kargo ile gönderildi, takip numarası YK1 (gönderi {shipment.number})."


def test_a_push_to_a_channel_without_credentials_waits_for_a_person_and_is_not_retried():
    channel = woo_channel(credentials_sealed="")
    order = channel_order(channel.code, "5127", *LINES)
    ship(shipments_of(order)[0])
    deliver()
    push = ShipmentPush.objects.get()
    assert push.status == PushStatus.REFUSED and "consumer key and secret" in push.answer
    event = OutboxEvent.objects.get(topic=PUSH_TOPIC)
    assert event.delivered_at is not None  # settled: the outbox does not knock again until it is pushed again
