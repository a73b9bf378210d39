"""The order edit screen: same edit as the API, same permission, refusals shown on the form."""

import pytest
from django.urls import reverse

from arkaofis.catalog.tests.factories import KitComponentFactory, ProductFactory
from arkaofis.core.models import AuditLog
from arkaofis.core.tests.users import user_with_role
from arkaofis.inventory.models import Quant
from arkaofis.inventory.tests.factories import LocationFactory, receive
from arkaofis.orders.services.release import release_order
from arkaofis.orders.services.reservation import reserve_order
from arkaofis.orders.tests.factories import make_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client):
    client.force_login(user_with_role("manager"))
    return client


@pytest.fixture
def shelf():
    return LocationFactory()


def product_with(stock, shelf, **fields):
    product = ProductFactory(**fields)
    if stock:
        receive(product, shelf, stock)
    return product


def reserved_order(*lines):
    return reserve_order(order_id=make_order(*lines).pk, user=None, source="system")


def form_data(order, **overrides):
    """The form as the page shows it, unchanged, with `overrides` on top."""
    shipping = order.shipping
    data = {f"qty_{line.line_no}": line.quantity for line in order.lines.all()}
    for name in ("name", "company", "line1", "line2", "city", "region", "postal_code", "country", "phone", "email"):
        data[f"ship_{name}"] = getattr(shipping, name)
    data.update(shipping_method=order.shipping_method, notes=order.notes, tags=", ".join(order.tags), priority=0)
    data.update(add_sku="", add_quantity="", add_unit_price="")
    data.update(overrides)
    return data


def reserved_units(product):
    return sum(Quant.objects.filter(product=product).values_list("reserved", flat=True))


def test_the_detail_offers_edit_to_managers_only_while_the_order_is_editable(manager, client, shelf):
    tea = product_with(5, shelf)
    order = reserved_order((tea.sku, 1))
    detail = reverse("orders:detail", args=[order.number])
    assert reverse("orders:edit", args=[order.number]) in manager.get(detail).content.decode()
    release_order(order_id=order.pk, user=None, source="system")
    assert reverse("orders:edit", args=[order.number]) not in manager.get(detail).content.decode()


def test_the_form_shows_each_line_with_what_is_reserved_and_free(manager, shelf):
    tea = product_with(5, shelf)
    order = reserved_order((tea.sku, 2))
    page = manager.get(reverse("orders:edit", args=[order.number]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="edit-line-1"' in html and "2 reserved" in html and "3 free now" in html


def test_a_manager_changes_a_quantity_adds_a_line_by_scanned_barcode_and_changes_the_address(manager, shelf):
    tea = product_with(10, shelf)
    cup = product_with(10, shelf, barcode="8690000000012", sale_price="4.00", currency="TRY")
    order = reserved_order((tea.sku, 1))
    data = form_data(
        order, qty_1=4, add_sku="8690000000012", add_quantity=2, ship_line1="Moda Cd. 5", shipping_method="express"
    )
    response = manager.post(reverse("orders:edit", args=[order.number]), data)
    assert response.status_code == 302 and response["Location"] == reverse("orders:detail", args=[order.number])
    order.refresh_from_db()
    assert [(ln.sku, ln.quantity, ln.reserved_quantity) for ln in order.lines.all()] == [
        (tea.sku, 4, 4),
        (cup.sku, 2, 2),
    ]
    assert (order.shipping.line1, order.shipping_method) == ("Moda Cd. 5", "express")
    assert AuditLog.objects.get(action="order.edited").source == "ui"
    detail = manager.get(response["Location"]).content.decode()
    assert "changed" in detail and "Order edited" in detail and "1 → 4" in detail


def test_saving_the_form_unchanged_changes_nothing(manager, shelf):
    tea = product_with(5, shelf)
    order = make_order((tea.sku, 1), notes="line one\nline two", tags=("gift", "vip"))
    response = manager.post(reverse("orders:edit", args=[order.number]), form_data(order, notes="line one\r\nline two"))
    assert response.status_code == 302
    assert not AuditLog.objects.filter(action="order.edited").exists()


def test_an_edit_that_would_oversell_is_shown_under_its_line_with_the_available_quantity(manager, shelf):
    tea = product_with(5, shelf)
    order = reserved_order((tea.sku, 2))
    response = manager.post(reverse("orders:edit", args=[order.number]), form_data(order, qty_1=9))
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert "Only 5 of" in errors["qty_1"][0] and "wanted 9" in errors["qty_1"][0]
    assert order.lines.get().quantity == 2 and reserved_units(tea) == 2


def test_removing_a_line_and_a_kit_line_quantity(manager, shelf):
    tea = product_with(5, shelf)
    bolt = product_with(20, shelf)
    kit = ProductFactory(is_kit=True)
    KitComponentFactory(kit=kit, component=bolt, quantity=2)
    order = reserved_order((tea.sku, 1), (kit.sku, 1))
    data = form_data(order, remove_1="on", qty_2=3)
    assert manager.post(reverse("orders:edit", args=[order.number]), data).status_code == 302
    assert [(ln.line_no, ln.quantity, ln.reserved_quantity) for ln in order.lines.all()] == [(2, 3, 3)]
    assert (reserved_units(tea), reserved_units(bolt)) == (0, 6)


def test_removing_every_line_or_an_unknown_sku_is_refused_on_the_form(manager, shelf):
    tea = product_with(5, shelf)
    order = reserved_order((tea.sku, 1))
    url = reverse("orders:edit", args=[order.number])
    refused = manager.post(url, form_data(order, remove_1="on"))
    assert refused.status_code == 422 and "at least one line" in refused.content.decode()
    unknown = manager.post(url, form_data(order, add_sku="NO-SUCH", add_quantity=1))
    assert unknown.status_code == 422 and "add_sku" in unknown.context["form"].errors
    assert order.lines.count() == 1 and not AuditLog.objects.filter(action="order.edited").exists()


def test_a_released_order_sends_the_editor_back_to_the_detail(manager, shelf):
    tea = product_with(5, shelf)
    order = reserved_order((tea.sku, 1))
    release_order(order_id=order.pk, user=None, source="system")
    response = manager.post(reverse("orders:edit", args=[order.number]), form_data(order, qty_1=2))
    assert response.status_code == 302
    assert order.lines.get().quantity == 1


@pytest.mark.parametrize("role", ["viewer", "warehouse", "accountant"])
def test_roles_without_the_manage_permission_get_403_and_change_nothing(client, shelf, role):
    tea = product_with(5, shelf)
    order = reserved_order((tea.sku, 1))
    client.force_login(user_with_role(role))
    url = reverse("orders:edit", args=[order.number])
    assert client.get(url).status_code == 403
    assert client.post(url, form_data(order, qty_1=3)).status_code == 403
    assert order.lines.get().quantity == 1


def test_an_unknown_order_is_404(manager):
    assert manager.get(reverse("orders:edit", args=["SO-999999"])).status_code == 404
