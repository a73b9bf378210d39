"""Everything a Turkish user reads is Turkish: every screen of the back office, walked over the demo
store in Turkish, shows no English word outside the shop's own data (SKUs, names, codes).

Only Django's own interfaces are used here (URL resolver, app registry, the demo's command), so the
walk follows new screens and the demo wherever they live.
"""

import html
import io
import re
from collections.abc import Iterator

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

# Words of the English interface that have no place on a Turkish screen (whole words, any case).
# Words Turkish shares (Transit, Test, Set, Bin, No, Lot…) or that stay as they are (API, SKU) are left out.
ENGLISH = """
order orders warehouse warehouses reserved reserve status cancel cancelled save search quantity product products
location locations shipped shipment shipments returns return available edit delete back next previous total
customer customers supplier suppliers stock pending paid draft confirmed released delivered received name date
price unit units pieces grams millilitres size colour color add remove filter apply import export download upload
open closed hold reason note scrap production adjustment loss internal virtual zone serial kit channel channels
settings sign password submit yes none active inactive error invalid unknown required refused nothing dashboard
reports inventory catalog catalogue purchasing accounting connection success failed alert alerts rule rules
valuation value cost moves move transfer adjust release confirm ship deliver receive inspect restock quarantine
page the and is are for with from this that not only wanted lines line new items white black red grey green
""".split()
ENGLISH_WORD = re.compile(r"(?<!\w)(" + "|".join(ENGLISH) + r")(?!\w)", re.IGNORECASE)

# Routes not walked, and why.
NOT_SCREENS = {
    "set_language": "a POST that sets the language",
    "logout": "a POST that signs out",
    "channels:webhook": "a channel's machine endpoint (problem+json, tested in the API tests)",
}
# Names of model fields that hold the shop's data (typed by people or channels), stripped before the check.
# Translated labels stored in rows (a virtual location's name, a unit's name) are checked, not stripped.
LABEL_FIELDS = {("inventory", "location", "name"), ("catalog", "unitofmeasure", "name")}
DATA_APPS = ("catalog", "inventory", "orders", "fulfilment", "channels", "core")


def named_routes(patterns=None, namespace: str = "", prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if str(entry.pattern).startswith(("admin/", "api/")):
                continue
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
            yield from named_routes(entry.url_patterns, inner, prefix + str(entry.pattern))
        elif entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry


def first(app: str, model: str, **filters):
    row = apps.get_model(app, model).objects.filter(**filters).order_by("pk").first()
    assert row is not None, f"the demo holds no {app}.{model} {filters or ''}: the walk needs one"
    return row


def orders_to_walk() -> list[str]:
    """One order of each status the demo holds, so each state of the order page is read."""
    order = apps.get_model("orders", "SalesOrder")
    numbers = {}
    for row in order.objects.order_by("pk"):
        numbers.setdefault(row.status, row.number)
    return list(numbers.values())


def arguments(name: str) -> list[dict]:
    """The URL arguments to walk a named route with (several objects where a page has states)."""
    product = apps.get_model("catalog", "Product")
    by_name = {
        "catalog:product_detail": lambda: [
            {"pk": product.objects.filter(family__isnull=False).order_by("pk").first().pk},
            {"pk": product.objects.filter(is_kit=True).order_by("pk").first().pk},
            {"pk": product.objects.exclude(tracking="none").order_by("pk").first().pk},
        ],
        "catalog:product_export": lambda: [],
        "orders:import_template": lambda: [],
        "orders:import_job": lambda: [{"pk": first("orders", "OrderImportJob").pk}],
        "orders:lift": lambda: [
            {"number": (hold := first("orders", "OrderHold")).order.number, "hold_id": hold.pk}
        ],
        "returns:open": lambda: [{"number": first("orders", "SalesOrder", status="shipped").number}],
        "routing:delete_distance": lambda: [{"pk": first("orders", "RouteDistance").pk}],
        "inventory:delete_reorder_rule": lambda: [{"pk": first("inventory", "ReorderRule").pk}],
        "inventory:release": lambda: [{"pk": first("inventory", "Reservation").pk}],
        "channels:listing_ref": lambda: [
            {"code": (level := first("channels", "ChannelStockLevel")).channel.code, "pk": level.pk}
        ],
        "api_token_revoke": lambda: [{"pk": first("core", "ApiToken").pk}],
        "password_reset_confirm": lambda: [{"uidb64": "MQ", "token": "set-password"}],
    }
    if name in by_name:
        return by_name[name]()
    namespace = name.split(":")[0]
    if namespace == "orders":
        return [{"number": number} for number in orders_to_walk()]
    if namespace == "returns":
        return [{"number": row.number} for row in apps.get_model("orders", "SalesReturn").objects.order_by("pk")]
    if namespace == "fulfilment":
        return [{"number": first("fulfilment", "Shipment").number}]
    if namespace == "inventory":
        return [{"pk": first("inventory", "Location", kind="bin").pk}]
    if name.startswith("channels:subscription"):
        return [{"pk": first("channels", "WebhookSubscription").pk}]
    if namespace == "channels" and "pk" in name_arguments(name):
        return [{"pk": first("channels", "InboundEvent").pk}]
    if namespace == "channels":
        return [{"code": code} for code in apps.get_model("channels", "Channel").objects.values_list("code", flat=True)]
    raise AssertionError(f"{name} takes arguments the walk does not know: add them to arguments()")


def name_arguments(name: str) -> set[str]:
    return {key for key in dict(named_routes()).get(name).pattern.converters}


def shop_data() -> list[str]:
    """Every text value the shop's rows hold, longest first (so a name goes before its parts)."""
    values: set[str] = set()
    for config in (apps.get_app_config(label) for label in DATA_APPS):
        for model in config.get_models():
            fields = [
                field.name
                for field in model._meta.get_fields()
                if isinstance(field, models.CharField | models.TextField)
                and not field.choices
                and (config.label, model._meta.model_name, field.name) not in LABEL_FIELDS
            ]
            for row in model.objects.values_list(*fields) if fields else ():
                values.update(str(value) for value in row if value)
    values.update(User.objects.values_list("username", flat=True))
    return sorted(values, key=len, reverse=True)


def visible_text(page: str) -> str:
    """What a reader sees: text and the attributes shown on screen, without scripts, styles or raw
    payloads (<pre>: a channel's own message, data by definition)."""
    page = re.sub(r"<(script|style|pre)\b.*?</\1>", " ", page, flags=re.S | re.I)
    page = re.sub(r"<!--.*?-->", " ", page, flags=re.S)
    shown = re.findall(r'\s(?:title|placeholder|aria-label|alt|data-label)="([^"]*)"', page)
    shown += re.findall(r'<input[^>]*type="(?:submit|button)"[^>]*value="([^"]*)"', page)
    text = re.sub(r"<[^>]+>", " ", page)
    return html.unescape(" ".join([text, *shown]))


def english_words(text: str, data: list[str]) -> list[str]:
    for value in data:
        text = text.replace(value, " ")
    return sorted({match.group(0) for match in ENGLISH_WORD.finditer(text)})


@pytest.fixture
def demo_store():
    call_command("load_demo", "--size", "small", stdout=io.StringIO(), stderr=io.StringIO())


def test_every_screen_reads_in_turkish(client, demo_store):
    client.force_login(User.objects.create_superuser("yonetici", password="a-long-test-password-1"))
    client.post(reverse("set_language"), {"language": "tr", "next": "/"})
    data = shop_data()
    found, walked = {}, 0
    for name, route in named_routes():
        if name in NOT_SCREENS:
            continue
        for kwargs in arguments(name) if route.pattern.converters else [{}]:
            url = reverse(name, kwargs=kwargs)
            response = client.get(url, HTTP_ACCEPT_LANGUAGE="tr")
            assert response.status_code < 500, url
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            walked += 1
            words = english_words(visible_text(response.content.decode()), data)
            if words:
                found[url] = words
    assert walked >= 40
    assert not found, "English on Turkish screens:\n" + "\n".join(f"{url}: {words}" for url, words in found.items())
