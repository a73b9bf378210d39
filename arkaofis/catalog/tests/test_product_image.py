"""A product's photo as an https:// address (image_url): optional, through the import and export
columns, the API and the new product form, judged by one rule (catalog/domain.is_image_url)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from arkaofis.catalog.domain import IMAGE_URL_MAX_LENGTH, is_image_url, parse_image_sources
from arkaofis.catalog.models import Product
from arkaofis.catalog.services.exporting import export_products
from arkaofis.catalog.tests.factories import ProductFactory, UnitFactory
from arkaofis.catalog.tests.import_support import run_import
from arkaofis.core.tests.api_support import as_role, assert_problem
from arkaofis.core.tests.users import user_with_role

PHOTO = "https://cdn.shopify.com/s/files/1/0001/files/tea.jpg?v=1700000000&width=400"
LONGEST = "https://cdn.example.com/" + "a" * (IMAGE_URL_MAX_LENGTH - len("https://cdn.example.com/"))
REFUSED = [
    "http://cdn.example.com/tea.jpg",  # plain http: mixed content on our https pages
    "javascript:alert(1)",
    "data:image/png;base64,iVBORw0KGgo=",
    "ftp://cdn.example.com/tea.jpg",
    "//cdn.example.com/tea.jpg",
    "/media/tea.jpg",
    "https://user:secret@cdn.example.com/tea.jpg",
    "https://cdn.example.com/te a.jpg",
    'https://cdn.example.com/tea.jpg"onerror="alert(1)',
    "https://cdn.example.com:99999/tea.jpg",
    "https://[::1/tea.jpg",
    "https:///tea.jpg",
    LONGEST + "a",
]


@pytest.mark.parametrize("url", [PHOTO, LONGEST, "HTTPS://CDN.EXAMPLE.COM/TEA.JPG", "https://çay.com.tr/ürün.jpg"])
def test_an_absolute_https_address_is_an_image_url(url):
    assert is_image_url(url)


@pytest.mark.parametrize("url", REFUSED)
def test_other_schemes_credentials_markup_and_overlong_addresses_are_not(url):
    assert not is_image_url(url)


def test_image_sources_are_https_or_https_hosts_and_anything_else_stops_the_start():
    assert parse_image_sources("https:") == ["https:"]
    assert parse_image_sources(" https://cdn.shopify.com , https://*.example.com:8443 ") == [
        "https://cdn.shopify.com",
        "https://*.example.com:8443",
    ]
    assert parse_image_sources("") == []
    for bad in ("*", "http:", "https://cdn.example.com/path", "https://a.com; script-src *", "'unsafe-inline'"):
        with pytest.raises(ValueError, match="ARKAOFIS_IMAGE_HOSTS"):
            parse_image_sources(bad)


@pytest.mark.django_db
def test_the_model_refuses_an_address_that_is_not_https():
    product = ProductFactory.build(uom=UnitFactory(), image_url="ftp://cdn.example.com/tea.jpg")
    with pytest.raises(ValidationError) as refused:
        product.full_clean()
    assert "image_url" in refused.value.message_dict
    product.image_url = PHOTO
    product.full_clean()


@pytest.mark.django_db
def test_the_import_reads_the_image_url_and_an_empty_cell_means_none():
    report = run_import(f"sku,name,image_url\nTEA-1,Tea,{PHOTO}\nMUG-1,Mug,\n".encode())
    assert report.ok, report.errors
    assert Product.objects.get(sku="TEA-1").image_url == PHOTO
    assert Product.objects.get(sku="MUG-1").image_url == ""


@pytest.mark.django_db
def test_a_bad_image_url_is_a_row_error_and_nothing_is_written():
    report = run_import(
        b"sku,name,image_url\nTEA-1,Tea,https://cdn.example.com/tea.jpg\nMUG-1,Mug,javascript:alert(1)\n"
    )
    assert not report.ok
    assert [(e.line, e.column) for e in report.errors] == [(3, "image_url")]
    assert not Product.objects.exists()


@pytest.mark.django_db
def test_export_carries_the_image_url_and_imports_back_unchanged():
    ProductFactory(sku="TEA-1", image_url=PHOTO)
    ProductFactory(sku="MUG-1")
    text = export_products(fmt="csv").decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].endswith(",image_url")
    assert PHOTO in next(line for line in lines if line.startswith("TEA-1"))
    report = run_import(text.encode())
    assert report.ok and report.unchanged == 2


@pytest.mark.django_db
def test_the_api_takes_and_shows_the_image_url_and_null_when_there_is_none():
    UnitFactory(code="pcs", name="Pieces")
    manager = as_role("manager")
    created = manager.post("/catalog/products", {"sku": "TEA-1", "name": "Tea", "image_url": PHOTO})
    assert created.status_code == 201, created.content
    assert created.json()["image_url"] == PHOTO
    assert manager.post("/catalog/products", {"sku": "MUG-1", "name": "Mug"}).json()["image_url"] is None
    listed = {row["sku"]: row["image_url"] for row in manager.get("/catalog/products").json()["items"]}
    assert listed == {"TEA-1": PHOTO, "MUG-1": None}
    assert manager.get("/catalog/products/TEA-1").json()["image_url"] == PHOTO


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["http://cdn.example.com/tea.jpg", "javascript:alert(1)", LONGEST + "a", 42])
def test_the_api_refuses_a_bad_image_url_with_a_problem_and_writes_nothing(url):
    UnitFactory(code="pcs", name="Pieces")
    problem = assert_problem(
        as_role("manager").post("/catalog/products", {"sku": "TEA-1", "name": "Tea", "image_url": url}), 422
    )
    assert "image_url" in str(problem)
    assert not Product.objects.exists()


@pytest.mark.django_db
def test_the_new_product_form_saves_the_image_and_the_product_page_shows_it_escaped(client):
    UnitFactory(code="pcs", name="Pieces")
    client.force_login(user_with_role("manager"))
    typed = {"sku": "TEA-1", "name": 'Tea "<b>Earl</b>"', "uom": "pcs", "sale_price": "10", "standard_cost": "5",
             "currency": "TRY", "image_url": PHOTO}  # fmt: skip
    assert client.post(reverse("catalog:product_new"), typed).status_code == 302
    product = Product.objects.get(sku="TEA-1")
    assert product.image_url == PHOTO
    page = client.get(reverse("catalog:product_detail", args=[product.pk])).content.decode()
    assert 'src="https://cdn.shopify.com/s/files/1/0001/files/tea.jpg?v=1700000000&amp;width=400"' in page
    assert 'alt="Tea &quot;&lt;b&gt;Earl&lt;/b&gt;&quot;"' in page


@pytest.mark.django_db
def test_the_new_product_form_refuses_a_plain_http_image_and_saves_nothing(client):
    UnitFactory(code="pcs", name="Pieces")
    client.force_login(user_with_role("manager"))
    typed = {"sku": "TEA-1", "name": "Tea", "uom": "pcs", "sale_price": "10", "standard_cost": "5", "currency": "TRY",
             "image_url": "http://cdn.example.com/tea.jpg"}  # fmt: skip
    response = client.post(reverse("catalog:product_new"), typed)
    assert response.status_code == 422
    assert response.context["form"].errors["image_url"]
    assert not Product.objects.exists()
