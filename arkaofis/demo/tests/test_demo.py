import io
import random
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from arkaofis.catalog.domain import is_valid_gtin
from arkaofis.catalog.models import KitComponent, Product
from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.channels.models import Channel, InboundEvent
from arkaofis.demo.catalog import build_rows
from arkaofis.demo.loader import DemoRefused, load_demo
from arkaofis.demo.progress import Progress
from arkaofis.fulfilment.models import PickBatch, PickLine, PickLineStatus, Shipment, Wave
from arkaofis.inventory.invariants import ledger_breaks
from arkaofis.inventory.layout.selectors import fill_report, warehouse_layout
from arkaofis.inventory.models import Location, Lot, LowStockAlert, Reservation, StockMove, Warehouse
from arkaofis.inventory.valuation_selectors import totals_by_currency, warehouse_valuation
from arkaofis.orders.models import SalesOrder, SalesReturn
from arkaofis.work.models import OPEN_STATUSES, Task, TaskKind

pytestmark = pytest.mark.django_db


def run_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def store_digest():
    """What must be equal for two loads with one seed: times relative to the first move, except
    for the moves the demo makes through the live services (its shipped order), dated when they ran."""
    products = list(Product.objects.order_by("sku").values_list("sku", "barcode", "sale_price", "standard_cost"))
    moves = list(
        StockMove.objects.order_by("created_at", "id").values_list(
            "product__sku", "quantity", "from_location__code", "to_location__code", "reason", "created_at"
        )
    )
    first, history_ends = moves[0][-1], timezone.now() - timedelta(hours=1)  # history stops 2 h before the load
    return products, [(*move[:-1], move[-1] - first if move[-1] < history_ends else "live") for move in moves]


def test_full_demo_is_a_realistic_store_with_a_balanced_ledger():
    summary = load_demo(seed=42, size="full", stream=io.StringIO())
    assert Product.objects.count() >= 200 and summary.products >= 200
    kits = Product.objects.filter(is_kit=True)
    assert kits.count() >= 10
    assert all(kit.components.exists() for kit in kits)
    assert set(Warehouse.objects.values_list("code", flat=True)) == {"IST", "ANK", "IZM"}
    bins = Location.objects.filter(kind="bin")
    assert bins.filter(code="IST/A/A-01-02-1", parent__code="IST/A", warehouse__code="IST").exists()
    assert not bins.filter(warehouse__isnull=True).exists()
    assert bins.filter(code__startswith="IST/C/", removal_strategy="fefo").exists()
    barcodes = list(Product.objects.exclude(barcode=None).values_list("barcode", flat=True))
    assert len(barcodes) >= 200 and all(len(code) == 13 and is_valid_gtin(code) for code in barcodes)
    assert Product.objects.filter(family__name__contains="T-shirt").count() >= 20
    assert Lot.objects.filter(expires_on__isnull=False).count() >= 20
    reasons = set(StockMove.objects.values_list("reason", flat=True))
    assert {"receipt", "shipment", "transfer", "adjustment", "return"} <= reasons
    assert StockMove.objects.filter(reason="shipment").count() >= 200
    assert StockMove.objects.exclude(reason_code="").exists()
    assert StockMove.objects.filter(source_document__startswith="PO-").exists()
    assert LowStockAlert.objects.filter(resolved_at__isnull=True).exists()
    assert Reservation.objects.filter(status="active").exists()
    assert SalesOrder.objects.filter(status="reserved").exists()  # open orders hold that stock
    assert SalesOrder.objects.filter(status="cancelled").count() == 1
    # Every channel screen has something to show: the channels, an exception, a return.
    assert set(Channel.objects.values_list("code", flat=True)) == {"shopify", "woocommerce", "trendyol", "amazon"}
    assert set(SalesOrder.objects.values_list("channel", flat=True)) <= {
        *Channel.objects.values_list("code", flat=True),
        "web",
    }
    waiting = InboundEvent.objects.get()
    assert (waiting.status, waiting.error_code) == ("exception", "unmapped-skus")
    returned = SalesReturn.objects.get()
    assert (returned.status, returned.order.status) == ("open", "delivered")
    assert sum(totals_by_currency(warehouse_valuation(timezone.now())).values()) > Decimal(0)
    assert ledger_breaks() == {}


def test_demo_warehouses_are_single_blocks_with_every_bin_placed_inside():
    load_demo(size="small", stream=io.StringIO())
    for warehouse in Warehouse.objects.all():
        layout = warehouse_layout(warehouse)
        assert layout.mapped and layout.kind == "single_block", warehouse.code
        assert 6 <= len(layout.aisles) <= 12 and layout.depot[1] == 0.0
        xs = [aisle.x for aisle in layout.aisles]
        assert min(xs) <= layout.depot[0] <= max(xs)
        assert all(b2 - b1 == 3.0 for b1, b2 in zip(xs, xs[1:], strict=False))  # racks both sides, 1.8 m aisles
        assert all(b.aisle is not None and 0 < b.y < layout.aisle_length for b in layout.bins), warehouse.code
        assert all(b.x == next(a.x for a in layout.aisles if a.number == b.aisle) for b in layout.bins)
        assert {b.level for b in layout.bins} in ({1, 2, 3}, {1, 2, 3, 4})
        assert len({b.pick_sequence for b in layout.bins}) == len(layout.bins)
        fills, report = fill_report(warehouse)
        assert all(f.fill.ratio is not None for f in fills)  # every demo bin has a limit
        assert {z.zone.code.split("/")[1] for z in report.zones} == {"A", "B", "C"}
        assert report.fill.occupied > 0 or warehouse.code != "IST"  # the small demo stocks Istanbul only
    stocked = Product.objects.filter(is_kit=False)
    assert not stocked.filter(weight_g__isnull=True).exists() and not stocked.filter(volume_ml__isnull=True).exists()
    kit = Product.objects.get(sku="KIT-MUM")
    assert kit.weight_g == sum(c.component.weight_g * c.quantity for c in kit.components.all())


def test_demo_users_have_their_roles_and_the_command_prints_the_admin_login():
    output = run_demo("--size", "small")
    password = output.split("Admin login: admin / ")[1].split()[0]
    users = get_user_model().objects
    assert users.get(username="admin").check_password(password)
    assert users.get(username="admin").is_superuser
    for role in ("manager", "warehouse", "accountant", "viewer"):
        assert list(users.get(username=role).groups.values_list("name", flat=True)) == [role]


def test_loading_twice_duplicates_nothing():
    run_demo("--size", "small")
    counts = (
        Product.objects.count(),
        StockMove.objects.count(),
        KitComponent.objects.count(),
        Location.objects.count(),
    )
    output = run_demo("--size", "small")
    assert "already loaded" in output
    assert counts == (
        Product.objects.count(),
        StockMove.objects.count(),
        KitComponent.objects.count(),
        Location.objects.count(),
    )


def test_same_seed_gives_the_same_store_after_a_reset():
    run_demo("--size", "small", "--seed", "7")
    first = store_digest()
    run_demo("--size", "small", "--seed", "7", "--reset")
    assert store_digest() == first
    assert ledger_breaks() == {}


def test_another_seed_gives_other_prices_and_barcodes():
    def catalog(seed):
        return [(row.sku, row.values["barcode"], row.values["sale_price"]) for row in build_rows(random.Random(seed))]

    assert catalog(7) == catalog(7)
    assert catalog(7) != catalog(8)
    assert [sku for sku, _, _ in catalog(7)] == [sku for sku, _, _ in catalog(8)]


def test_demo_refuses_a_database_that_holds_other_data():
    ProductFactory()
    with pytest.raises(DemoRefused):
        load_demo(size="small", stream=io.StringIO())
    with pytest.raises(CommandError, match="refusing to wipe"):
        run_demo("--reset", "--size", "small")
    assert Product.objects.count() == 1


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_redraws_one_line_and_ends_at_100_percent():
    stream = FakeTerminal()
    progress = Progress(4, stream=stream)
    progress.start("loading")
    for _ in range(4):
        progress.advance()
    progress.finish()
    text = stream.getvalue()
    assert text.count("\n") == 1 and "100%" in text and "loading" in text


def test_the_order_import_template_imports_into_the_demo_as_downloaded():
    """A new user's first try: download the template from the import screen, upload it unchanged."""
    from arkaofis.orders.services.importing import order_template
    from arkaofis.orders.tests.import_support import run_import

    load_demo(size="small", stream=io.StringIO())
    before = SalesOrder.objects.count()
    report = run_import(order_template(fmt="xlsx"), file_name="template.xlsx")
    assert report.ok, report.errors
    assert SalesOrder.objects.count() == before + 1


def test_demo_floor_is_in_the_middle_of_a_shift_and_arkaofis_check_passes():
    """A newcomer opening /floor/ or /work/ finds work under way: a wave, a batch part-picked, a shipment
    packed, labelled and shipped through the floor's services, counts scheduled; the data stays sound."""
    load_demo(size="small", stream=io.StringIO())
    istanbul = Warehouse.objects.get(code="IST")
    assert Wave.objects.filter(warehouse=istanbul).exists()
    assert Task.objects.filter(kind=TaskKind.PICK, status__in=OPEN_STATUSES, warehouse=istanbul).exists()
    assert PickLine.objects.filter(status=PickLineStatus.PICKED, picked_by__username="warehouse").exists()
    assert PickLine.objects.filter(status=PickLineStatus.OPEN).exists()  # the picker is not done yet
    assert Task.objects.filter(kind=TaskKind.COUNT, status__in=OPEN_STATUSES, warehouse=istanbul).exists()
    shipped = Shipment.objects.filter(status="shipped", warehouse=istanbul).exclude(tote=None).get()
    assert shipped.sscc and shipped.tracking_number.startswith("AO") and shipped.box is not None
    assert shipped.order.status == "shipped"
    assert StockMove.objects.filter(reason="shipment", source_document__contains=shipped.number).exists()
    # Held orders and the other warehouses' orders wait; the cancelled one stays out.
    assert not Shipment.objects.filter(order__holds__lifted_at__isnull=True, order__holds__isnull=False).exists()
    out = io.StringIO()
    call_command("check", stdout=out)
    call_command("check_ledger", stdout=out)
    assert "Invariants hold." in out.getvalue()


def test_demo_floor_screens_show_the_shift(client):
    load_demo(size="small", stream=io.StringIO())
    client.force_login(get_user_model().objects.get(username="warehouse"))
    batch = PickBatch.objects.filter(lines__status=PickLineStatus.OPEN).order_by("id").first()
    hub = client.get("/floor/")
    assert hub.status_code == 200 and batch.number in hub.content.decode()
    assert client.get(f"/floor/pick/{batch.number}/").status_code == 200
    board = client.get("/work/board/")
    assert board.status_code == 200 and batch.number in board.content.decode()
