import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.core.tests.users import user_with_role
from arkaofis.inventory.charts import line_chart
from arkaofis.inventory.tests.factories import LocationFactory, WarehouseFactory, receive
from arkaofis.inventory.views_valuation import valuation_moment

pytestmark = pytest.mark.django_db
URL = reverse("inventory:valuation")


@pytest.fixture
def stock():
    """Tea in Istanbul since ten days ago, a dear kettle in Ankara since today."""
    ist, ank = WarehouseFactory(code="IST", name="Istanbul"), WarehouseFactory(code="ANK", name="Ankara")
    tea = ProductFactory(sku="TEA-1", name="Black tea")
    kettle = ProductFactory(sku="KETTLE-1", name="Kettle", cost_method="average")
    receive(tea, LocationFactory(warehouse=ist), 1200, unit_cost=Decimal("2.5"), at=timezone.now() - timedelta(days=10))
    receive(kettle, LocationFactory(warehouse=ank), 3, unit_cost=Decimal("1500"))


@pytest.fixture
def accountant(client):
    client.force_login(user_with_role("accountant"))
    return client


def test_an_accountant_sees_totals_charts_and_products(accountant, stock):
    content = accountant.get(URL).content.decode()
    assert "7,500.00" in content  # 1200 × 2.5 + 3 × 1500, with a thousands separator
    assert "TRY" in content
    assert content.index("KETTLE-1") < content.index("TEA-1")  # highest value first
    assert "Moving average" in content and "FIFO" in content
    assert '<polyline points="' in content  # the 90-day line
    assert 'class="bar-fill"' in content  # the warehouse bars
    assert "1,500.00" in content  # the kettle's average unit cost


@pytest.mark.parametrize("role", ["viewer", "warehouse"])
def test_roles_without_the_valuation_permission_get_403(client, role):
    client.force_login(user_with_role(role))
    assert client.get(URL).status_code == 403


def test_the_menu_links_the_page_only_for_those_who_may_see_it(client, accountant):
    assert URL in accountant.get(reverse("inventory:stock")).content.decode()
    client.force_login(user_with_role("warehouse"))
    assert URL not in client.get(reverse("inventory:stock")).content.decode()


def test_a_past_day_and_one_warehouse_narrow_the_figures(accountant, stock):
    day = (timezone.localdate() - timedelta(days=3)).isoformat()
    content = accountant.get(URL, {"as_of": day}).content.decode()
    assert "TEA-1" in content and "KETTLE-1" not in content
    assert "3,000.00" in content
    content = accountant.get(URL, {"warehouse": "ANK"}).content.decode()
    assert "KETTLE-1" in content and "TEA-1" not in content


def test_an_unknown_warehouse_is_an_error_and_the_day_still_applies(accountant, stock):
    day = (timezone.localdate() - timedelta(days=3)).isoformat()
    content = accountant.get(URL, {"as_of": day, "warehouse": "NOPE"}).content.decode()
    assert 'class="field-error"' in content
    assert "3,000.00" in content and "KETTLE-1" not in content


def test_a_bad_day_is_shown_as_an_error_and_the_figures_are_for_now(accountant, stock):
    response = accountant.get(URL, {"as_of": "31.02.2026"})
    assert response.status_code == 200
    content = response.content.decode()
    assert 'class="field-error"' in content
    assert "7,500.00" in content


def test_the_page_speaks_turkish(accountant, stock):
    accountant.post(reverse("set_language"), {"language": "tr", "next": "/"})
    content = accountant.get(URL).content.decode()
    assert "Stok değerlemesi" in content
    assert "Ortalama birim maliyet" in content
    assert "7.500,00" in content  # Turkish separators


def test_the_product_table_downloads_as_csv(accountant, stock):
    response = accountant.get(URL, {"format": "csv", "warehouse": "IST", "page": "2"})
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="stock-valuation-' in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith('-IST.csv"')
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        {
            "sku": "TEA-1",
            "name": "Black tea",
            "cost_method": "fifo",
            "quantity": "1200",
            "uom": "pcs",
            "currency": "TRY",
            "value": "3000.00",
            "unit_cost": "2.5000",
        }
    ]


def test_the_csv_needs_the_permission_too(client, stock):
    client.force_login(user_with_role("viewer"))
    assert client.get(URL, {"format": "csv"}).status_code == 403


def test_today_or_a_later_day_means_now_and_a_past_day_its_end():
    today = timezone.localdate()
    assert timezone.now() - valuation_moment(today + timedelta(days=2)) < timedelta(seconds=5)
    end = timezone.localtime(valuation_moment(today - timedelta(days=1)))
    assert (end.date(), end.hour, end.minute) == (today - timedelta(days=1), 23, 59)


def test_the_line_chart_spans_the_values_and_keeps_a_flat_line_inside_the_box():
    days = [timezone.localdate() - timedelta(days=n) for n in (2, 1, 0)]
    chart = line_chart(list(zip(days, [Decimal(100), Decimal(300), Decimal(200)], strict=True)))
    points = [tuple(map(float, p.split(","))) for p in chart["points"].split()]
    assert [x for x, _ in points] == [0.0, 300.0, 600.0]
    assert all(0 < y < chart["height"] for _, y in points)
    assert points[1][1] < points[2][1] < points[0][1]  # higher value, higher on the screen
    flat = line_chart(list(zip(days, [Decimal(5)] * 3, strict=True)))
    assert all(0 < float(p.split(",")[1]) < flat["height"] for p in flat["points"].split())
    assert line_chart([]) is None


def test_in_turkish_the_chart_coordinates_keep_a_decimal_point(accountant, stock):
    """Turkish writes 12,5; inside an SVG attribute the comma splits one number into two."""
    import re

    from django.utils import translation

    with translation.override("tr"):
        content = accountant.get(URL, HTTP_ACCEPT_LANGUAGE="tr").content.decode()
    svgs = re.findall(r"<svg.*?</svg>", content, flags=re.S)
    assert len(svgs) >= 2  # the warehouse bars and the 90-day line
    numbers = re.compile(r"^-?\d+(\.\d+)?$")
    for name, value in re.findall(r'\b(x1|x2|y1|y2|width|height)="([^"]*)"', "".join(svgs)):
        assert numbers.match(value), (name, value)
    for points in re.findall(r'points="([^"]*)"', "".join(svgs)):
        assert all(re.match(r"^\d+(\.\d+)?,\d+(\.\d+)?$", pair) for pair in points.split()), points
