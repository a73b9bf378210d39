import pytest
from django.urls import reverse

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.core.tests.users import user_with_role
from arkaofis.core.views import AREAS
from arkaofis.inventory.models import ReorderRule
from arkaofis.inventory.services.low_stock import evaluate_rule
from arkaofis.inventory.tests.factories import LocationFactory, receive

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_login_page_renders_a_form(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b'name="password"' in response.content


def test_a_user_without_a_role_is_refused_everything(client):
    client.force_login(user_with_role(None))
    assert client.get(reverse("dashboard")).status_code == 403
    assert client.get(reverse("catalog:product_list")).status_code == 403


def test_dashboard_shows_stock_figures_and_value_chart_to_a_manager(client):
    shelf = LocationFactory()
    receive(ProductFactory(), shelf, 7, unit_cost=3)
    client.force_login(user_with_role("manager"))
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert response.context["units_on_hand"] == 7
    assert response.context["stock_value"] == 21
    assert shelf.warehouse.code.encode() in response.content
    assert b'class="bar-fill"' in response.content


def test_stock_value_is_hidden_from_those_who_may_not_see_costs(client):
    receive(ProductFactory(), LocationFactory(), 7, unit_cost=3)
    client.force_login(user_with_role("warehouse"))
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert "stock_value" not in response.context
    assert b'data-kpi="value"' not in response.content


def test_dashboard_lists_open_low_stock_alerts(client):
    product, shelf = ProductFactory(sku="LOW-1"), LocationFactory()
    receive(product, shelf, 2)
    evaluate_rule(ReorderRule.objects.create(product=product, warehouse=shelf.warehouse, min_quantity=5))
    client.force_login(user_with_role("viewer"))
    response = client.get(reverse("dashboard"))
    assert response.context["alert_count"] == 1
    assert b"LOW-1" in response.content


def test_navigation_hides_what_a_viewer_may_not_use(client):
    client.force_login(user_with_role("viewer"))
    content = client.get(reverse("dashboard")).content.decode()
    assert reverse("catalog:product_list") in content
    assert reverse("inventory:adjust") not in content
    assert reverse("accounting") not in content


@pytest.mark.parametrize("area", list(AREAS))
def test_areas_not_built_yet_say_coming_soon(client, area):
    client.force_login(user_with_role("admin"))
    response = client.get(reverse(area))
    assert response.status_code == 200
    assert b"Coming soon" in response.content


def test_a_page_renders_in_turkish_when_the_user_picks_turkish(client):
    client.force_login(user_with_role("manager"))
    client.post(reverse("set_language"), {"language": "tr", "next": "/"})
    content = client.get(reverse("dashboard")).content.decode()
    assert 'lang="tr"' in content
    assert "Ürünler" in content
    assert "Düşük stok" in content


def test_logout_is_a_post_and_ends_the_session(client):
    client.force_login(user_with_role("viewer"))
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("dashboard")).status_code == 302
