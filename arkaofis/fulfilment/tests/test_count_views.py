"""The count screens without a browser: ask for a count, count it blind on the phone screen, the
manager's review with values only for those who see costs, who may do what, and Turkish."""

import pytest
from django.urls import reverse

from arkaofis.core.tests.users import user_with_role
from arkaofis.fulfilment.counts.models import CountDoc
from arkaofis.fulfilment.tests.factories import released_order, stocked
from arkaofis.inventory.models import StockMove
from arkaofis.work.links import document_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def counter(client):
    client.force_login(user_with_role("warehouse"))
    return client


def ask(client, shelf):
    client.post(reverse("floor:counts:list"), {"warehouse": shelf.warehouse.code, "bins": shelf.code})
    return CountDoc.objects.get()


def test_a_counter_asks_counts_blind_and_never_sees_what_the_ledger_expects(counter):
    tea, shelf = stocked(7, barcode="8690000000033")
    count = ask(counter, shelf)
    page = counter.get(reverse("floor:counts:count", args=[count.number]))
    assert page.status_code == 200 and shelf.code.encode() in page.content and b"Scan the bin" in page.content
    assert b"expected" not in page.content.lower() and b">7<" not in page.content
    wrong = counter.post(
        reverse("floor:counts:count", args=[count.number]), {"bin": "NOPE", "item": tea.sku, "quantity": 1}, follow=True
    )
    assert b"Nothing here has the barcode NOPE" in wrong.content
    swapped = counter.post(
        reverse("floor:counts:count", args=[count.number]),
        {"bin": shelf.code, "item": "8690000000033", "quantity": 7, "action": "record"},
        HTTP_HX_REQUEST="true",
        follow=True,
    )
    assert swapped.status_code == 200 and b"<html" not in swapped.content
    counter.post(reverse("floor:counts:count", args=[count.number]), {"action": "finish"})
    count.refresh_from_db()
    assert count.status == "posted" and not StockMove.objects.filter(source_document=count.number).exists()
    assert document_url(count.number) == reverse("floor:counts:count", args=[count.number])


def test_a_refused_scan_beeps_on_the_phone_screen(counter):
    tea, shelf = stocked(2)
    count = ask(counter, shelf)
    released_order((tea.sku, 1))
    counter.post(reverse("floor:waves"), {"warehouse": shelf.warehouse.code, "cart_orders": 4})
    refused = counter.post(
        reverse("floor:counts:count", args=[count.number]),
        {"bin": shelf.code, "item": tea.sku, "quantity": 2, "action": "record"},
        HTTP_HX_REQUEST="true",
        follow=True,
    )
    assert b"data-beep" in refused.content and b"is being picked" in refused.content


def test_the_manager_reviews_with_values_only_a_cost_seer_sees_and_approves(client, counter):
    tea, shelf = stocked(0)
    from arkaofis.inventory.tests.factories import receive

    receive(tea, shelf, 10, unit_cost=12)
    count = ask(counter, shelf)
    counter.post(
        reverse("floor:counts:count", args=[count.number]), {"bin": shelf.code, "item": tea.sku, "quantity": 1}
    )
    counter.post(reverse("floor:counts:count", args=[count.number]), {"action": "finish"})
    assert counter.get(reverse("floor:counts:review", args=[count.number])).status_code == 403
    client.force_login(user_with_role("manager", username="mudur"))
    page = client.get(reverse("floor:counts:review", args=[count.number]))
    assert page.status_code == 200 and b"-9" in page.content and b"-108.00" in page.content
    assert b"Beyond tolerance" in page.content
    client.post(reverse("floor:counts:review", args=[count.number]), {"action": "approve"})
    count.refresh_from_db()
    assert count.status == "posted"
    assert StockMove.objects.get(source_document=count.number).quantity == 9


def test_a_manager_without_costs_sees_no_value(client, counter):
    from django.contrib.auth.models import Permission

    tea, shelf = stocked(4)
    count = ask(counter, shelf)
    boss = user_with_role(None, username="sef")
    boss.user_permissions.add(
        Permission.objects.get(codename="approve_count"), Permission.objects.get(codename="count_stock")
    )
    client.force_login(boss)
    page = client.get(reverse("floor:counts:review", args=[count.number]))
    assert page.status_code == 200 and b"Value" not in page.content


def test_the_count_screens_speak_turkish(counter):
    tea, shelf = stocked(3)
    count = ask(counter, shelf)
    page = counter.get(reverse("floor:counts:count", args=[count.number]), HTTP_ACCEPT_LANGUAGE="tr")
    assert "Gözü okutun".encode() in page.content and "Sayımı bitir".encode() in page.content
    listing = counter.get(reverse("floor:counts:list"), HTTP_ACCEPT_LANGUAGE="tr")
    assert "Stok sayımları".encode() in listing.content
