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
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

# Words of the English interface that have no place on a Turkish screen (whole words, any case).
# Words Turkish shares (Transfer, Transit, Not, Test, Set, Bin, No…) or kept as they are (API, SKU) are left out.
ENGLISH = """
order orders warehouse warehouses reserved reserve status cancel cancelled save search quantity product products
location locations shipped shipment shipments returns return available edit delete back next previous total
customer customers supplier suppliers stock pending paid draft confirmed released delivered received name date
price unit units pieces grams millilitres size colour color add remove filter apply import export download upload
open closed hold reason note scrap production adjustment loss internal virtual zone serial kit channel channels
settings sign password submit yes none active inactive error invalid unknown required refused nothing dashboard
reports inventory catalog catalogue purchasing accounting connection success failed alert alerts rule rules
valuation value cost moves move adjust release confirm ship deliver receive inspect restock quarantine
page the and is are for with from this that only wanted lines line new items white black red grey green
""".split()  # noqa: SIM905 (a list of words reads better as words)
ENGLISH.remove("size")  # Turkish too ("to you")
# What a file or an API takes as it is, named in the prose that explains it: the import columns and their
# values, the default channel code, Shopify's own field. Lowercase, whole words.
IDENTIFIERS = {"sku", "name", "quantity", "channel", "active", "pending", "paid", "refunded", "import"}
TOPIC = re.compile(r"(?<![\w.])[a-z_]+\.[a-z_]+(?![\w.])")  # an event topic, e.g. return.received
ENGLISH_WORD = re.compile(r"(?<!\w)(" + "|".join(ENGLISH) + r")(?!\w)", re.IGNORECASE)

# Routes not walked, and why.
NOT_SCREENS = {
    "set_language": "a POST that sets the language",
    "logout": "a POST that signs out",
    "channels:webhook": "a channel's machine endpoint (problem+json, tested in the API tests)",
}
# The text fields of the shop's rows are its data (typed by people or channels), stripped before the check,
# except the labels stored in rows and said in the reader's language: units' and virtual locations' names.
LABEL_FIELDS = {("catalog", "unitofmeasure", "name")}
# Rows the system writes for itself (codes such as "warehouse" would hide an English word): not data.
SYSTEM_ROWS = {"core.AuditLog", "core.OutboxEvent", "core.IdempotencyKey"}
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


def transfers_to_walk() -> list:
    """The transfers add_what_the_demo_lacks made: one held, one received (its units on the dock)."""
    rows = list(apps.get_model("fulfilment", "Transfer").objects.order_by("pk"))
    assert rows, "the walk needs a transfer"
    return rows


def orders_to_walk() -> list[str]:
    """One order of each status the demo holds, so each state of the order page is read."""
    order = apps.get_model("orders", "SalesOrder")
    numbers: dict[str, str] = {}
    for row in order.objects.order_by("pk"):
        numbers.setdefault(row.status, row.number)
    return list(numbers.values())


def arguments(name: str) -> list[dict]:
    """The URL arguments to walk a named route with (several objects where a page has states)."""
    product = apps.get_model("catalog", "Product")
    by_name = {
        "catalog:product_detail": lambda: [
            {"pk": first("catalog", "Product", family__isnull=False).pk},
            {"pk": first("catalog", "Product", is_kit=True).pk},
            {"pk": product._default_manager.exclude(tracking="none").order_by("pk")[0].pk},
        ],
        "catalog:product_export": lambda: [],
        "orders:import_template": lambda: [],
        "orders:import_job": lambda: [{"pk": first("orders", "OrderImportJob").pk}],
        "orders:lift": lambda: [{"number": (hold := first("orders", "OrderHold")).order.number, "hold_id": hold.pk}],
        "returns:open": lambda: [{"number": first("orders", "SalesOrder", status="delivered").number}],
        "routing:delete_distance": lambda: [{"pk": first("orders", "RouteDistance").pk}],
        "inventory:delete_reorder_rule": lambda: [{"pk": first("inventory", "ReorderRule").pk}],
        "inventory:release": lambda: [{"pk": first("inventory", "Reservation").pk}],
        "inventory:layout": lambda: [{"code": first("inventory", "Warehouse").code}],
        "inventory:set_layout": lambda: [{"code": first("inventory", "Warehouse").code}],
        "channels:listing_ref": lambda: [
            {"code": (mapping := first("channels", "ChannelSkuMap")).channel.code, "pk": mapping.pk}
        ],
        "api_token_revoke": lambda: [{"pk": first("core", "ApiToken").pk}],
        "floor:pick": lambda: [{"number": first("fulfilment", "PickBatch").number}],
        "floor:pack": lambda: [{"number": first("fulfilment", "Shipment", status="picking").number}],
        "channels:push_again": lambda: [],  # a POST on the channel's settings page, walked there
        "floor:label": lambda: [{"number": first("fulfilment", "Shipment", status="picking").number}],
        "floor:ship": lambda: [{"number": first("fulfilment", "Shipment", status="picking").number}],
        "floor:document": lambda: [{"number": first("fulfilment", "Shipment", status="picking").number, "kind": "pdf"}],
        "floor:put_away": lambda: [{"number": first("fulfilment", "Shipment", status="cancelled").number}],
        "floor:carrier": lambda: [{"code": first("fulfilment", "CarrierAccount").code}],
        "floor:counts:count": lambda: [{"number": first("fulfilment", "CountDoc").number}],
        "floor:counts:review": lambda: [{"number": first("fulfilment", "CountDoc").number}],
        "floor:transfers:detail": lambda: [{"number": row.number} for row in transfers_to_walk()],
        "floor:transfers:pick": lambda: [{"number": transfers_to_walk()[0].number}],
        "floor:transfers:receive": lambda: [{"number": row.number} for row in transfers_to_walk()],
        "floor:transfers:put_away": lambda: [{"number": row.number} for row in transfers_to_walk()],
        "floor:transfers:action": lambda: [],  # a POST
        "floor:kitting:detail": lambda: [{"number": first("fulfilment", "KittingOrder").number}],
        "floor:kitting:cancel": lambda: [],  # a POST
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
    if namespace == "work":  # the demo's held orders wait for review
        return [{"pk": first("work", "Task").pk}]
    if name.startswith("channels:subscription"):
        return [{"pk": first("channels", "WebhookSubscription").pk}]
    if namespace == "channels" and "pk" in name_arguments(name):
        return [{"pk": first("channels", "InboundEvent").pk}]
    if namespace == "channels":
        return [{"code": code} for code in apps.get_model("channels", "Channel").objects.values_list("code", flat=True)]
    raise AssertionError(f"{name} takes arguments the walk does not know: add them to arguments()")


def name_arguments(name: str) -> set[str]:
    return {key for key in dict(named_routes())[name].pattern.converters}


def shop_data() -> list[str]:
    """Every text value the shop's rows hold, longest first (so a name goes before its parts)."""
    values: set[str] = set()
    for config in (apps.get_app_config(label) for label in DATA_APPS):
        for model in config.get_models():
            if model._meta.label in SYSTEM_ROWS:
                continue
            fields = [
                field.name
                for field in model._meta.get_fields()
                if isinstance(field, models.CharField | models.TextField)
                and not field.choices
                and (config.label, model._meta.model_name, field.name) not in LABEL_FIELDS
            ]
            manager = model._default_manager
            rows = manager.exclude(kind="virtual") if model._meta.label == "inventory.Location" else manager.all()
            for row in rows.values_list(*fields) if fields else ():
                values.update(str(value) for value in row if value)
    values.update(apps.get_model("inventory", "Location").objects.values_list("code", flat=True))  # virtual ones too
    values.update(User.objects.values_list("username", flat=True))
    return sorted(values, key=len, reverse=True)


def visible_text(page: str) -> str:
    """What a reader sees: text and the attributes shown on screen, without scripts, styles, raw
    payloads (<pre>: a channel's own message) or codes (<code>: column names, event topics)."""
    page = re.sub(r"<(script|style|pre|code)\b.*?</\1>", " ", page, flags=re.S | re.I)
    page = re.sub(r"<!--.*?-->", " ", page, flags=re.S)
    shown = re.findall(r'\s(?:title|placeholder|aria-label|alt|data-label)="([^"]*)"', page)
    shown += re.findall(r'<input[^>]*type="(?:submit|button)"[^>]*value="([^"]*)"', page)
    text = re.sub(r"<[^>]+>", " ", page)
    return html.unescape(" ".join([text, *shown]))


def data_value(data: list[str]) -> re.Pattern[str]:
    """Any of the shop's values as a whole word (a one-letter unit code must not cut words in two)."""
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(value) for value in data) + r")(?!\w)")


def english_words(text: str, data: list[str]) -> list[str]:
    """Each English word found, with a little of the text around it (to find it in the templates)."""
    text = data_value(data).sub(" ", text)
    text = TOPIC.sub(" ", text)
    text = re.sub(r"(?<!\w)(" + "|".join(IDENTIFIERS) + r")(?!\w)", " ", text)
    text = re.sub(r"\s+", " ", text)
    return sorted({text[max(0, m.start() - 30) : m.end() + 30].strip() for m in ENGLISH_WORD.finditer(text)})


def add_transfers_and_kitting(client) -> None:
    """A transfer held at its origin, one received (on the dock) and a kitting order, made through the screens."""
    from arkaofis.inventory.selectors import available_by_warehouse, available_to_promise

    warehouses = dict(apps.get_model("inventory", "Warehouse").objects.values_list("pk", "code"))
    product = apps.get_model("catalog", "Product")
    stocked = [
        (row, origin) for row in product.objects.filter(is_kit=False, tracking="none").order_by("pk")
        for origin, free in available_by_warehouse(row.pk).items() if free >= 2
    ]  # fmt: skip
    (first_product, origin), (second_product, _) = stocked[0], next(p for p in stocked[1:] if p[1] == stocked[0][1])
    destination = next(code for pk, code in warehouses.items() if pk != origin)
    for row in (first_product, second_product):
        client.post(
            reverse("floor:transfers:create"),
            {"from_warehouse": warehouses[origin], "to_warehouse": destination, "lines": f"{row.sku} 1"},
        )
    held, received = apps.get_model("fulfilment", "Transfer").objects.order_by("pk")[:2]
    stop = received.lines.get()
    reservation = apps.get_model("inventory", "Reservation").objects.get(demand_ref=f"{received.number}/L1")
    client.post(
        reverse("floor:transfers:pick", args=[received.number]),
        {"line": 1, "bin": reservation.location.code, "item": stop.product.sku, "quantity": 1},
    )
    client.post(reverse("floor:transfers:receive", args=[received.number]), {"item": stop.product.sku, "quantity": 1})
    kit = next(
        row for row in product.objects.filter(is_kit=True).order_by("pk") if any(available_to_promise(row).values())
    )
    where = next(pk for pk, free in available_to_promise(kit).items() if free)
    client.post(
        reverse("floor:kitting:list"),
        {"warehouse": warehouses[where], "kit": kit.sku, "quantity": 1, "kind": "assemble"},
    )
    assert held.status == "requested" and first("fulfilment", "KittingOrder")


def add_a_cancelled_pick(client) -> None:
    """An order taken on the new-order screen, released, waved, picked in part and cancelled from its page:
    its picked unit waits at packing to be put away."""
    from arkaofis.fulfilment.services.picking import confirm_pick
    from arkaofis.inventory.selectors import available_by_warehouse

    product = next(
        row for row in apps.get_model("catalog", "Product").objects.filter(is_kit=False, tracking="none").order_by("pk")
        if any(free >= 1 for free in available_by_warehouse(row.pk).values())
    )  # fmt: skip
    client.post(
        reverse("orders:new"),
        {
            "token": "iptal-1", "rows": "1", "currency": "TRY", "customer_email": "ayse@example.com", "reserve": "on",
            "ship_name": "Ayşe Yılmaz", "ship_line1": "Cumhuriyet Cd. 7", "ship_city": "İzmir", "ship_country": "TR",
            "sku_1": product.sku, "qty_1": "1", "price_1": "10",
        },
    )  # fmt: skip
    order = apps.get_model("orders", "SalesOrder").objects.order_by("-pk")[0]
    client.post(reverse("orders:release", args=[order.number]))
    shipment = first("fulfilment", "Shipment", order=order)
    client.post(reverse("floor:waves"), {"warehouse": shipment.warehouse.code, "cart_orders": 8})
    stop = first("fulfilment", "PickLine", shipment=shipment)
    # The pick screen works a batch in walking order: this shipment's stop is picked by the service itself.
    confirm_pick(
        pick_line_id=stop.pk, bin_scan=stop.location.code, item_scan=stop.product.sku, quantity=1, user=None,
        source="ui",
    )  # fmt: skip
    client.post(reverse("orders:cancel", args=[order.number]), {"reason": "müşteri vazgeçti"})
    assert first("work", "Task", kind="put_away", document_ref=shipment.number).status == "open"


@pytest.fixture
def demo_store():
    call_command("load_demo", "--size", "small", stdout=io.StringIO(), stderr=io.StringIO())


def add_what_the_demo_lacks(client, settings) -> dict[str, str]:
    """Rows some screens need that the demo does not hold, made through the screens themselves;
    returns the pages those posts answered with (an import's row report is only shown so)."""
    sku = first("catalog", "Product", is_kit=False).sku
    client.post(reverse("api_tokens"), {"name": "stok betiği"})
    client.post(
        reverse("channels:subscription_create"), {"name": "muhasebe", "url": "https://example.com/hook", "topics": "*"}
    )
    released = first("orders", "SalesOrder", status="reserved", holds__isnull=True)
    client.post(reverse("orders:release", args=[released.number]))  # a released order and a pending shipment
    assert first("orders", "SalesOrder", pk=released.pk).status == "released"
    # The demo's shift (demo/shift.py) already holds a shipped order, waves with a batch to pick and counts.
    assert first("orders", "SalesOrder", status="shipped") and first("fulfilment", "PickBatch", status="picking")
    shelf = first("inventory", "Location", kind="bin", quants__on_hand__gt=0)
    client.post(reverse("floor:counts:list"), {"warehouse": shelf.warehouse.code, "bins": shelf.code})  # a count
    add_transfers_and_kitting(client)
    add_a_cancelled_pick(client)
    channel = first("channels", "Channel").code
    client.post(reverse("channels:map_sku"), {"map-channel": channel, "map-external_sku": "KANAL-1", "map-sku": sku})
    pages = {}
    bad_products = b"sku,name,barcode,sale_price,uom,colour\nBAD SKU,,12345,-3,box,\n"
    pages["catalog import report"] = client.post(
        reverse("catalog:product_import"), {"file": SimpleUploadedFile("urunler.csv", bad_products)}
    )
    bad_orders = f"order_id,currency,sku,quantity,unit_price,country\nS-1,XX,{sku},0,abc,Turkey\n".encode()
    pages["order import report"] = client.post(
        reverse("orders:import"), {"file": SimpleUploadedFile("siparisler.csv", bad_orders)}
    )
    settings.ORDER_IMPORT_INLINE_ORDERS = 0  # the next file goes to the worker: an import job to walk
    good_orders = f"order_id,currency,sku,quantity,unit_price\nS-2,TRY,{sku},1,10\n".encode()
    client.post(reverse("orders:import"), {"file": SimpleUploadedFile("siparisler.csv", good_orders)})
    return {name: response.content.decode() for name, response in pages.items()}


def test_every_screen_reads_in_turkish(client, settings, demo_store):
    client.force_login(User.objects.create_superuser("yonetici", password="a-long-test-password-1"))
    client.post(reverse("set_language"), {"language": "tr", "next": "/"})
    posted = add_what_the_demo_lacks(client, settings)
    data = shop_data()
    found, walked = {}, 0
    for name, page in posted.items():
        words = english_words(visible_text(page), data)
        if words:
            found[name] = words
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
    # The admin's own pages are Django's (translated by Django); its index names our apps and models.
    admin_pages = [reverse("admin:index")]
    admin_pages += [
        reverse("admin:app_list", args=[label]) for label in ("core", "catalog", "inventory", "orders", "channels")
    ]
    for url in admin_pages:
        words = english_words(visible_text(client.get(url, HTTP_ACCEPT_LANGUAGE="tr").content.decode()), data)
        if words:
            found[url] = words
    assert walked >= 40
    assert not found, "English on Turkish screens:\n" + "\n".join(f"{url}: {words}" for url, words in found.items())


def test_the_user_menu_names_the_roles_in_turkish(client):
    user = User.objects.create_user("depocu", password="a-long-test-password-1")
    user.groups.set(Group.objects.filter(name__in=["warehouse", "viewer"]))
    client.force_login(user)
    page = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="tr").content.decode()
    assert "Depo personeli, İzleyici" in page or "İzleyici, Depo personeli" in page
