"""The carriers screen: managers add and change carriers; the own fleet's range never goes back;
one default; bad settings are refused with the field named and nothing saved."""

import pytest
from django.urls import reverse

from arkaofis.core.models import AuditLog
from arkaofis.core.tests.users import user_with_role
from arkaofis.fulfilment.models import CarrierAccount

pytestmark = pytest.mark.django_db

RATES = '{"rates": {"currency": "TRY", "services": [{"code": "standard", "bands": [[30000, "60.00"]]}]}}'


def _form(**fields):
    values = {
        "code": "own", "name": "Arkaofis Lojistik", "kind": "manual", "default_service": "standard",
        "cutoff_time": "17:00", "shipping_methods": "standard", "tracking_prefix": "AO", "tracking_first": "100",
        "tracking_last": "999999", "tracking_check_digit": "on", "tracking_url_template": "https://t.example/{number}",
        "is_default": "on", "active": "on", "options": RATES,
    }  # fmt: skip
    values.update(fields)
    return values


@pytest.fixture
def manager(client):
    client.force_login(user_with_role("manager"))
    return client


def test_a_manager_adds_a_carrier_and_the_next_default_takes_the_default(manager):
    response = manager.post(reverse("floor:carrier_new"), _form())
    assert response.status_code == 302
    own = CarrierAccount.objects.get(code="own")
    assert (own.tracking_next, own.is_default, own.options["rates"]["currency"]) == (100, True, "TRY")
    manager.post(reverse("floor:carrier_new"), _form(code="kurye", name="Kurye", tracking_prefix="KR"))
    own.refresh_from_db()
    assert not own.is_default and CarrierAccount.objects.get(code="kurye").is_default
    page = manager.get(reverse("floor:carriers")).content.decode()
    assert "Arkaofis Lojistik" in page and "AO100" in page
    assert AuditLog.objects.filter(action="carrier.created").count() == 2


def test_changing_a_range_never_reissues_a_number(manager):
    manager.post(reverse("floor:carrier_new"), _form())
    CarrierAccount.objects.filter(code="own").update(tracking_next=250)
    manager.post(reverse("floor:carrier", args=["own"]), _form(tracking_first="1"))
    assert CarrierAccount.objects.get(code="own").tracking_next == 250
    manager.post(reverse("floor:carrier", args=["own"]), _form(tracking_first="500"))
    assert CarrierAccount.objects.get(code="own").tracking_next == 500


@pytest.mark.parametrize(
    "field,value",
    [
        ("code", "Bad Code!"),
        ("tracking_first", "1000000"),  # after tracking_last
        ("tracking_url_template", "http://t.example/"),
        ("options", '{"rates": {"currency": "XXX1", "services": []}}'),
        ("options", "[1, 2]"),
        ("kind", "pigeon"),
    ],
)
def test_bad_settings_are_refused_and_nothing_is_saved(manager, field, value):
    response = manager.post(reverse("floor:carrier_new"), _form(**{field: value}))
    assert response.status_code == 200 and b"errorlist" in response.content
    assert not CarrierAccount.objects.exists()


def test_only_managers_see_and_change_carriers(client):
    client.force_login(user_with_role("warehouse"))
    assert client.get(reverse("floor:carriers")).status_code == 403
    assert client.post(reverse("floor:carrier_new"), _form()).status_code == 403
    assert not CarrierAccount.objects.exists()


def test_the_carriers_screen_speaks_turkish(manager):
    manager.post(reverse("floor:carrier_new"), _form())
    page = manager.get(reverse("floor:carriers"), HTTP_ACCEPT_LANGUAGE="tr").content.decode()
    assert "Kargo firmaları" in page
