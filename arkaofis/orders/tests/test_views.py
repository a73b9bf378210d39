import pytest
from django.urls import reverse
from django.utils import translation

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.core.tests.users import user_with_role
from arkaofis.inventory.models import Reservation, ReservationStatus
from arkaofis.inventory.tests.factories import LocationFactory, receive
from arkaofis.orders.models import OrderHold, SalesOrder
from arkaofis.orders.services.holds import place_hold
from arkaofis.orders.services.reservation import reserve_order
from arkaofis.orders.tests.factories import make_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client):
    client.force_login(user_with_role("manager"))
    return client


def stocked_order(quantity=2, stock=5, **fields):
    product = ProductFactory()
    if stock:
        receive(product, LocationFactory(), stock)
    return make_order((product.sku, quantity), **fields)


def numbers(response):
    return [order.number for order in response.context["page"].object_list]


def test_the_queue_lists_orders_newest_first_and_filters_by_status_channel_hold_and_search(manager):
    old = stocked_order(channel="shopify", external_id="#1001", customer_email="ali@example.com")
    new = stocked_order(channel="woo")
    reserve_order(order_id=new.pk, user=None, source="system")
    place_hold(order_id=old.pk, kind="fraud", reason="odd", user=None, source="ui")
    url = reverse("orders:queue")
    assert numbers(manager.get(url)) == [new.number, old.number]
    assert numbers(manager.get(url, {"status": "reserved"})) == [new.number]
    assert numbers(manager.get(url, {"channel": "shopify"})) == [old.number]
    assert numbers(manager.get(url, {"hold": "yes"})) == [old.number]
    assert numbers(manager.get(url, {"hold": "no"})) == [new.number]
    assert numbers(manager.get(url, {"q": "ali@"})) == [old.number]
    assert numbers(manager.get(url, {"q": old.number.lower()})) == [old.number]


def test_the_nav_links_to_the_queue_instead_of_coming_soon(manager):
    response = manager.get(reverse("dashboard"))
    assert reverse("orders:queue").encode() in response.content
    assert manager.get(reverse("orders:queue")).status_code == 200


def test_the_detail_shows_lines_with_reserved_quantity_addresses_holds_and_timeline(manager):
    order = stocked_order(quantity=3)
    reserve_order(order_id=order.pk, user=None, source="system")
    place_hold(order_id=order.pk, kind="address", reason="no door number", user=None, source="ui")
    response = manager.get(reverse("orders:detail", args=[order.number]))
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["lines"][0].reserved_quantity == 3
    assert "Bağdat Cd. 1" in html
    assert "no door number" in html
    assert [row.action for row in response.context["timeline"]] == [
        "order.created",
        "order.routed",
        "order.reserved",
        "order.hold_placed",
    ]


def test_an_unknown_order_is_404(manager):
    assert manager.get(reverse("orders:detail", args=["SO-999999"])).status_code == 404
    assert manager.get(reverse("orders:detail", args=["nope"])).status_code == 404


def test_cancelling_from_the_detail_releases_the_stock(manager):
    order = stocked_order()
    reserve_order(order_id=order.pk, user=None, source="system")
    response = manager.post(reverse("orders:cancel", args=[order.number]), {"reason": "customer called"}, follow=True)
    assert response.status_code == 200
    order.refresh_from_db()
    assert order.status == "cancelled"
    assert not Reservation.objects.filter(status=ReservationStatus.ACTIVE).exists()
    assert "cancelled" in response.content.decode()


def test_a_refused_action_says_why_and_changes_nothing(manager):
    order = stocked_order()
    reserve_order(order_id=order.pk, user=None, source="system")
    place_hold(order_id=order.pk, kind="payment", reason="declined", user=None, source="ui")
    response = manager.post(reverse("orders:release", args=[order.number]), follow=True)
    assert "on hold" in response.content.decode()
    order.refresh_from_db()
    assert order.status == "reserved"


def test_hold_then_lift_from_the_detail(manager):
    order = stocked_order()
    manager.post(reverse("orders:hold", args=[order.number]), {"kind": "manual", "reason": "check stock"})
    hold = OrderHold.objects.get(order=order)
    manager.post(reverse("orders:lift", args=[order.number, hold.pk]))
    hold.refresh_from_db()
    assert hold.lifted_at is not None


def test_bulk_reserve_then_bulk_cancel_reports_refusals_per_order(manager):
    first, second = stocked_order(), stocked_order(stock=0)
    url = reverse("orders:bulk")
    manager.post(url, {"action": "reserve", "orders": [first.pk, second.pk]})
    statuses = dict(SalesOrder.objects.values_list("pk", "status"))
    assert (statuses[first.pk], statuses[second.pk]) == ("reserved", "backordered")
    manager.post(url, {"action": "cancel", "orders": [first.pk]})
    response = manager.post(url, {"action": "cancel", "orders": [first.pk, second.pk]}, follow=True)
    assert SalesOrder.objects.get(pk=second.pk).status == "cancelled"
    assert "it cannot become" in response.content.decode()  # the first was already cancelled


def test_bulk_hold_needs_a_reason(manager):
    order = stocked_order()
    manager.post(reverse("orders:bulk"), {"action": "hold", "orders": [order.pk]})
    assert not OrderHold.objects.exists()
    manager.post(reverse("orders:bulk"), {"action": "hold", "orders": [order.pk], "reason": "fraud check"})
    assert OrderHold.objects.get().kind == "manual"


@pytest.mark.parametrize("role", ["viewer", "warehouse"])
def test_viewers_see_orders_but_every_action_is_403(client, role):
    order = stocked_order()
    client.force_login(user_with_role(role))
    assert client.get(reverse("orders:queue")).status_code == 200
    assert b'name="orders"' not in client.get(reverse("orders:queue")).content
    assert client.get(reverse("orders:detail", args=[order.number])).status_code == 200
    for name in ("reserve", "cancel", "hold", "release"):
        assert client.post(reverse(f"orders:{name}", args=[order.number])).status_code == 403
    assert client.post(reverse("orders:bulk"), {"action": "cancel", "orders": [order.pk]}).status_code == 403
    order.refresh_from_db()
    assert order.status == "confirmed"


def test_the_screens_render_in_turkish(manager):
    order = stocked_order()
    with translation.override("tr"):
        queue = manager.get(reverse("orders:queue"), HTTP_ACCEPT_LANGUAGE="tr")
        detail = manager.get(reverse("orders:detail", args=[order.number]), HTTP_ACCEPT_LANGUAGE="tr")
    assert "Siparişler" in queue.content.decode()
    assert "Onaylandı" in detail.content.decode()


def test_the_admin_shows_orders_read_only(client):
    from django.contrib.auth.models import User

    order = stocked_order()
    client.force_login(User.objects.create_superuser("root", "root@example.com", None))
    assert client.get(reverse("admin:orders_salesorder_changelist")).status_code == 200
    page = client.get(reverse("admin:orders_salesorder_change", args=[order.pk]))
    assert page.status_code == 200
    assert b'name="_save"' not in page.content


def test_the_queue_filters_by_warehouse_and_placed_day_and_bulk_releases(manager):
    from datetime import datetime

    from django.utils import timezone

    shop = timezone.get_current_timezone()  # days are the shop's days (in UTC 00:30 may be the day before)
    early = stocked_order(placed_at=datetime(2026, 3, 1, 0, 30, tzinfo=shop))
    late = stocked_order(placed_at=datetime(2026, 3, 2, 12, 0, tzinfo=shop))
    for order in (early, late):
        reserve_order(order_id=order.pk, user=None, source="system")
    manager.post(reverse("orders:bulk"), {"action": "release", "orders": [late.pk]})
    late.refresh_from_db()
    assert late.status == "released"
    url = reverse("orders:queue")
    assert numbers(manager.get(url, {"warehouse": late.warehouse.code})) == [late.number]
    assert numbers(manager.get(url, {"placed_from": "2026-03-01", "placed_to": "2026-03-01"})) == [early.number]
    assert numbers(manager.get(url, {"placed_from": "2026-03-02"})) == [late.number]


def test_a_draft_is_confirmed_from_its_page_and_reserved_there(manager):
    product = ProductFactory()
    receive(product, LocationFactory(), 5)
    draft = make_order((product.sku, 2), draft=True)
    assert draft.status == "draft"
    page = manager.get(reverse("orders:detail", args=[draft.number])).content.decode()
    assert "Confirm and reserve" in page and reverse("orders:confirm", args=[draft.number]) in page
    done = manager.post(reverse("orders:confirm", args=[draft.number]), follow=True).content.decode()
    assert f"{draft.number} confirmed" in done and "Confirm and reserve" not in done
    assert SalesOrder.objects.get().status == "reserved"
    assert Reservation.objects.filter(status=ReservationStatus.ACTIVE).count() == 1
    with translation.override("tr"):
        turkish = manager.get(reverse("orders:detail", args=[draft.number]), HTTP_ACCEPT_LANGUAGE="tr").content.decode()
    assert "Onaylandı" in turkish  # the timeline row


def test_an_unreserved_line_is_still_marked_short(manager):
    order = stocked_order(quantity=3, stock=0)
    html = manager.get(reverse("orders:detail", args=[order.number])).content.decode()
    line = html[html.index('id="line-1"') : html.index("</tr>", html.index('id="line-1"'))]
    assert 'class="num neg"' in line
