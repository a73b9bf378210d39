"""Dates read the same way everywhere: the month by name and a 24-hour clock, in each language."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.core.tests.users import user_with_role
from arkaofis.orders.models import SalesOrder
from arkaofis.orders.tests.factories import make_order

AFTERNOON = datetime(2026, 12, 7, 14, 5, tzinfo=ZoneInfo("Europe/Istanbul"))
FORMATS = ["SHORT_DATETIME_FORMAT", "DATETIME_FORMAT", "SHORT_DATE_FORMAT", "DATE_FORMAT"]


@pytest.mark.parametrize(("language", "month"), [("en", "Dec"), ("tr", "Ara")])
@pytest.mark.parametrize("name", FORMATS)
def test_every_date_format_names_the_month(language, month, name):
    """English used to print 12/07/2026: 7 December to some readers, 12 July to others."""
    with translation.override(language), timezone.override("Europe/Istanbul"):
        shown = Template("{{ at|date:name }}").render(Context({"at": AFTERNOON, "name": name}))
    expected = f"7 {month} 2026 14:05" if "DATETIME" in name else f"7 {month} 2026"
    assert shown == expected


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "month"), [("en", "Dec"), ("tr", "Ara")])
def test_the_order_queue_shows_when_an_order_was_placed_unambiguously(client, language, month):
    order = make_order((ProductFactory().sku, 1))
    SalesOrder.objects.filter(pk=order.pk).update(placed_at=AFTERNOON)
    client.force_login(user_with_role("manager"))
    with translation.override(language):
        html = client.get(reverse("orders:queue"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f"7 {month} 2026 14:05" in html
    assert "12/07/2026" not in html
