"""A released order from wave to a label that scans back and to shipped with its tracking, each step a task."""

import pytest

from arkaofis.core.tests.api_support import as_role, assert_problem
from arkaofis.fulfilment.carriers import AddressIncomplete
from arkaofis.fulfilment.exceptions import ShipmentClosed
from arkaofis.fulfilment.floor import documents
from arkaofis.fulfilment.labels import LabelAddressIncomplete
from arkaofis.fulfilment.models import Box, CarrierAccount, PickLine, Shipment
from arkaofis.fulfilment.services.labels import issue_label
from arkaofis.fulfilment.services.packing import close_box, scan_into_box
from arkaofis.fulfilment.services.picking import confirm_pick
from arkaofis.fulfilment.services.shipping import ship_shipment
from arkaofis.fulfilment.services.waves import plan_wave
from arkaofis.fulfilment.tests.factories import released_order, stocked
from arkaofis.fulfilment.tests.test_carrier_easypost import easypost as easypost_server
from arkaofis.fulfilment.tests.test_labels_pdf import decoded, needs_zbar, pages_as_png
from arkaofis.inventory.models import Warehouse
from arkaofis.orders.services.intake import AddressIn
from arkaofis.work.models import Task

pytestmark = pytest.mark.django_db
RATES = {"rates": {"currency": "TRY", "services": [{"code": "standard", "bands": [[30000, "60.00"]]}]}}
CUSTOMER = AddressIn(
    name="Ayşe Yılmaz", line1="Bağdat Cd. 1", city="İstanbul", postal_code="34710", country="TR", phone="+905320000000"
)


def own_fleet(**fields):
    return CarrierAccount.objects.create(
        code=fields.pop("code", "own"), name="Arkaofis Lojistik", tracking_prefix="AO", is_default=True,
        default_service="standard", tracking_url_template="https://t.example/{number}", options=RATES, **fields,
    )  # fmt: skip


def packed_shipment(shipping=CUSTOMER):
    product, bin_ = stocked(5)
    Warehouse.objects.filter(pk=bin_.warehouse_id).update(
        name="Tuzla Depo", address_line1="Tepeören Cd. 12", city="İstanbul", postal_code="34956", district="Tuzla"
    )
    order = released_order((product.sku, 2), shipping=shipping)
    shipment = Shipment.objects.get(order=order)
    plan_wave(warehouse=shipment.warehouse, user=None, source="ui")
    stop = PickLine.objects.get(shipment=shipment)
    confirm_pick(pick_line_id=stop.pk, bin_scan=bin_.code, item_scan=product.sku, quantity=2, user=None, source="ui")
    for _ in range(2):
        scan_into_box(shipment_id=shipment.pk, item_scan=product.sku, user=None, source="ui")
    Box.objects.create(code="M", name="Medium", length_mm=400, width_mm=300, height_mm=200)
    close_box(shipment_id=shipment.pk, box_code="M", weight_g=1500, user=None, source="ui")
    return order, shipment


@needs_zbar
def test_a_packed_shipment_gets_a_label_that_scans_back_and_ships_with_its_tracking(tmp_path, settings):
    settings.ARKAOFIS_GS1_COMPANY_PREFIX = "0614141"
    own_fleet(tracking_next=41)
    order, shipment = packed_shipment()
    labelled = issue_label(shipment_id=shipment.pk, user=None, source="ui")
    assert (
        labelled.tracking_number.startswith("AO")
        and labelled.sscc == f"00614141{shipment.pk:09d}"[:17] + labelled.sscc[-1]
    )
    again = issue_label(shipment_id=shipment.pk, user=None, source="ui")
    assert again.tracking_number == labelled.tracking_number  # a reprint never takes a second number
    [page] = pages_as_png(documents.label_pdf(labelled), tmp_path)
    assert decoded(page) == sorted(
        [("CODE-128", "", labelled.tracking_number), ("CODE-128", "GS1", "00" + labelled.sscc)]
    )
    zpl = documents.label_zpl(labelled)
    assert labelled.tracking_number in zpl and labelled.sscc in zpl and "^CI28" in zpl
    shipped = ship_shipment(shipment_id=shipment.pk, carrier="", tracking_number="", user=None, source="ui")
    assert (shipped.status, shipped.carrier, shipped.tracking_number) == (
        "shipped",
        "Arkaofis Lojistik",
        labelled.tracking_number,
    )
    assert shipped.tracking_url == f"https://t.example/{labelled.tracking_number}"
    kinds = {(task.kind, task.status) for task in Task.objects.all()}
    assert kinds == {("pick", "done"), ("pack", "done")}


def test_a_label_for_an_address_missing_fields_names_them_and_stores_nothing():
    own_fleet()
    order, shipment = packed_shipment(shipping=AddressIn(name="Ayşe", line1="", city="İstanbul", country="TR"))
    with pytest.raises((LabelAddressIncomplete, AddressIncomplete)) as refusal:
        issue_label(shipment_id=shipment.pk, user=None, source="ui")
    assert {"line1", "postal_code"} <= set(refusal.value.data["fields"])
    shipment.refresh_from_db()
    assert (shipment.tracking_number, shipment.sscc) == ("", "")
    assert CarrierAccount.objects.get().tracking_next == 1  # no number spent on a refused label


def test_labels_are_refused_before_packing_and_by_api_for_roles_that_may_not_see_addresses():
    own_fleet()
    product, bin_ = stocked(5)
    order = released_order((product.sku, 1), shipping=CUSTOMER)
    shipment = Shipment.objects.get(order=order)
    with pytest.raises(ShipmentClosed):
        issue_label(shipment_id=shipment.pk, user=None, source="ui")
    assert_problem(as_role("viewer").post(f"/floor/shipments/{shipment.number}/label", {}), 403)
    assert_problem(as_role("warehouse").post(f"/floor/shipments/{shipment.number}/label", {}), 409, "shipment-closed")
    assert_problem(as_role("warehouse").get(f"/floor/shipments/{shipment.number}/label"), 409, "shipment-closed")


def test_the_api_issues_and_prints_a_label_and_the_manifest_lists_the_day(settings):
    own_fleet()
    order, shipment = packed_shipment()
    floor = as_role("warehouse")
    issued = floor.post(f"/floor/shipments/{shipment.number}/label", {})
    assert issued.status_code == 200 and issued.json()["tracking_number"].startswith("AO")
    pdf = floor.get(f"/floor/shipments/{shipment.number}/label")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    zpl = floor.get(f"/floor/shipments/{shipment.number}/label", format="zpl")
    assert zpl.content.startswith(b"^XA")
    assert floor.get(f"/floor/shipments/{shipment.number}/slip").content.startswith(b"%PDF")
    ship_shipment(shipment_id=shipment.pk, carrier="", tracking_number="", user=None, source="ui")
    from django.utils import timezone

    day = timezone.localdate().isoformat()
    sheet = floor.get("/floor/manifests", carrier="own", warehouse=shipment.warehouse.code, day=day, format="csv")
    assert sheet.status_code == 200 and issued.json()["tracking_number"].encode() in sheet.content


easypost = easypost_server  # the recorded EasyPost server, a fixture of the carrier's own tests


def test_a_label_bought_from_easypost_is_kept_and_printed_as_the_carrier_made_it(easypost, monkeypatch, client):
    from django.urls import reverse

    from arkaofis.core.tests.users import user_with_role
    from arkaofis.fulfilment.tests.test_carrier_easypost import API_KEY, PDF

    server, _ = easypost
    monkeypatch.setenv("EASYPOST_API_KEY", API_KEY)
    CarrierAccount.objects.create(
        code="easypost", kind="easypost", name="EasyPost", is_default=True, default_service="USPS:GroundAdvantage",
        options={"api_base": f"{server.url}/v2", "label_format": "pdf", "timeout": 5},
    )  # fmt: skip
    order, shipment = packed_shipment()
    Warehouse.objects.filter(pk=shipment.warehouse_id).update(phone="+902160000000")
    labelled = issue_label(shipment_id=shipment.pk, user=None, source="ui")
    assert labelled.tracking_number == "9400100208303109505657"
    assert (bytes(labelled.carrier_label), labelled.carrier_label_format) == (PDF, "pdf")
    floor = as_role("warehouse")
    assert floor.get(f"/floor/shipments/{shipment.number}/label").content == PDF
    assert_problem(floor.get(f"/floor/shipments/{shipment.number}/label", format="zpl"), 409, "carrier-label-only")
    client.force_login(user_with_role("warehouse"))
    assert client.get(reverse("floor:document", args=[shipment.number, "pdf"])).content == PDF
    page = client.get(reverse("floor:document", args=[shipment.number, "zpl"]), follow=True).content.decode()
    assert "print that one, not a ZPL" in page
    pack = client.get(reverse("floor:pack", args=[shipment.number])).content.decode()
    assert "Carrier's label (PDF)" in pack and "Label (ZPL printer)" not in pack
