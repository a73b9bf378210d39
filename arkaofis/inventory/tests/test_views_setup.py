import pytest
from django.db.models import Sum
from django.urls import reverse

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.core.models import AuditLog
from arkaofis.core.tests.users import user_with_role
from arkaofis.inventory.models import Location, LowStockAlert, Quant, ReorderRule, Reservation, Warehouse
from arkaofis.inventory.selectors import virtual_location
from arkaofis.inventory.services.ledger import post_move
from arkaofis.inventory.services.locations import create_child_location, create_warehouse, set_negative_stock_policy
from arkaofis.inventory.services.reservations import reserve_stock
from arkaofis.inventory.tests.factories import receive

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    """IST with zone A and bin A-01 holding 5 units of TEA-1."""
    warehouse = create_warehouse(code="IST", name="İstanbul", user=None, source="cli")
    zone = create_child_location(parent=Location.objects.get(code="IST"), code="A", user=None, source="cli")
    bin_ = create_child_location(parent=zone, code="A-01", user=None, source="cli")
    product = ProductFactory(sku="TEA-1", name="Black tea")
    receive(product, bin_, 5)
    return warehouse, zone, bin_, product


def snapshot():
    quants = Quant.objects.aggregate(on_hand=Sum("on_hand"), reserved=Sum("reserved"))
    return (
        Warehouse.objects.count(),
        list(Location.objects.values_list("code", "allow_negative", "removal_strategy").order_by("code")),
        list(ReorderRule.objects.values_list("min_quantity", "reorder_quantity").order_by("pk")),
        list(Reservation.objects.values_list("status", flat=True).order_by("pk")),
        LowStockAlert.objects.filter(resolved_at__isnull=True).count(),
        AuditLog.objects.count(),
        quants["on_hand"],
        quants["reserved"],
    )


def signed_in(client, role):
    client.force_login(user_with_role(role))
    return client


def writes(site):
    _, zone, bin_, _ = site
    rule = ReorderRule.objects.create(product=site[3], warehouse=site[0], min_quantity=1)
    reservation = Reservation.objects.get(pk=reserve_stock(product_id=site[3].pk, quantity=1, demand_ref="DEM-9")[0])
    return [
        (reverse("inventory:add_warehouse"), {"code": "ANK", "name": "Ankara", "country": "TR"}),
        (reverse("inventory:add_child", args=[zone.pk]), {"code": "A-02"}),
        (reverse("inventory:negative_policy", args=[bin_.pk]), {"allow_negative": "1"}),
        (reverse("inventory:removal_strategy", args=[bin_.pk]), {"strategy": "fefo"}),
        (
            reverse("inventory:save_reorder_rule"),
            {"sku": "TEA-1", "warehouse": "IST", "min_quantity": "3", "reorder_quantity": "0"},
        ),  # fmt: skip
        (reverse("inventory:delete_reorder_rule", args=[rule.pk]), {}),
        (reverse("inventory:reserve"), {"sku": "TEA-1", "quantity": "1", "demand_ref": "DEM-1"}),
        (reverse("inventory:release", args=[reservation.pk]), {}),
        (reverse("inventory:release_demand"), {"demand": "DEM-9"}),
    ]


def test_a_viewer_sees_the_three_screens_but_every_write_is_refused_and_writes_nothing(client, site):
    signed_in(client, "viewer")
    for name in ("inventory:locations", "inventory:reorder_rules", "inventory:reservations"):
        page = client.get(reverse(name))
        assert page.status_code == 200, name
        assert b'method="post"' not in page.content.split(b"<main")[1].replace(
            b'class="lang-switch" method="post"', b""
        )
    posts = writes(site)
    before = snapshot()
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    assert snapshot() == before


def test_the_warehouse_role_may_reserve_but_not_shape_locations_or_rules(client, site):
    signed_in(client, "warehouse")
    posts = writes(site)
    before = snapshot()
    for url, data in posts[:6]:
        assert client.post(url, data).status_code == 403, url
    assert snapshot() == before


def test_the_nav_links_the_three_screens(client, site):
    page = signed_in(client, "viewer").get(reverse("inventory:stock")).content.decode()
    for name in ("inventory:locations", "inventory:reorder_rules", "inventory:reservations"):
        assert f'href="{reverse(name)}"' in page


# --- locations ---


def test_the_tree_shows_each_location_with_its_policies_and_units_and_virtual_ones_apart(client, site):
    page = signed_in(client, "viewer").get(reverse("inventory:locations")).content.decode()
    assert f'id="loc-{site[2].pk}"' in page and "A-01" in page and "5 units" in page
    virtual = page.split('id="virtual-locations"')[1]
    assert "Supplier" in virtual and "-5" in virtual
    assert "IST/A/A-01" not in virtual


def test_a_manager_adds_a_warehouse_then_a_zone_and_a_bin(client, site):
    signed_in(client, "manager")
    response = client.post(reverse("inventory:add_warehouse"), {"code": "ank", "name": "Ankara", "country": "tr"})
    assert response.status_code == 302
    root = Location.objects.get(code="ANK")
    assert response.url.endswith(f"?at={root.pk}#loc-{root.pk}")
    client.post(reverse("inventory:add_child", args=[root.pk]), {"code": "B", "name": "Cold room"})
    zone = Location.objects.get(code="ANK/B")
    response = client.post(reverse("inventory:add_child", args=[zone.pk]), {"code": "B-01"})
    bin_ = Location.objects.get(code="ANK/B/B-01")
    assert (zone.kind, zone.name, bin_.kind, bin_.warehouse.code) == ("zone", "Cold room", "bin", "ANK")
    page = client.get(response.url).content.decode()
    assert "ANK/B/B-01 added." in page
    assert AuditLog.objects.filter(action="location.created", source="ui").count() == 2


@pytest.mark.parametrize("code", ["A-01", "a b", "X/Y", ""])
def test_a_bad_or_taken_child_code_is_refused_beside_the_location_and_nothing_is_written(client, site, code):
    signed_in(client, "manager")
    before = snapshot()
    response = client.post(reverse("inventory:add_child", args=[site[1].pk]), {"code": code})
    assert response.status_code == 422
    assert "Nothing was changed." in response.content.decode()
    assert snapshot() == before


def test_a_bin_holds_no_locations(client, site):
    signed_in(client, "manager")
    before = snapshot()
    response = client.post(reverse("inventory:add_child", args=[site[2].pk]), {"code": "deeper"})
    assert response.status_code == 422 and "bins are the last level" in response.content.decode()
    assert snapshot() == before


def test_a_taken_warehouse_code_is_refused_on_the_form(client, site):
    signed_in(client, "manager")
    before = snapshot()
    response = client.post(reverse("inventory:add_warehouse"), {"code": "IST", "name": "Again", "country": "TR"})
    assert response.status_code == 422 and "The code IST is already in use." in response.content.decode()
    assert snapshot() == before


def test_a_manager_allows_then_forbids_negative_stock(client, site):
    signed_in(client, "manager")
    bin_ = site[2]
    client.post(reverse("inventory:negative_policy", args=[bin_.pk]), {"allow_negative": "1"})
    bin_.refresh_from_db()
    assert bin_.allow_negative and Quant.objects.get(location=bin_).negative_allowed
    client.post(reverse("inventory:negative_policy", args=[bin_.pk]), {"allow_negative": "0"})
    bin_.refresh_from_db()
    assert not bin_.allow_negative


def test_forbidding_negatives_while_stock_is_negative_is_refused_clearly(client, site):
    _, _, bin_, product = site
    set_negative_stock_policy(location=bin_, allow=True, user=None, source="cli")
    post_move(product=product, quantity=7, from_location=bin_, to_location=virtual_location("customer"),
              reason="shipment")  # fmt: skip
    signed_in(client, "manager")
    before = snapshot()
    response = client.post(reverse("inventory:negative_policy", args=[bin_.pk]), {"allow_negative": "0"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "IST/A/A-01 holds negative or over-reserved stock" in page and "Nothing was changed." in page
    assert snapshot() == before


def test_a_manager_switches_a_bin_to_fefo(client, site):
    signed_in(client, "manager")
    client.post(reverse("inventory:removal_strategy", args=[site[2].pk]), {"strategy": "fefo"})
    site[2].refresh_from_db()
    assert site[2].removal_strategy == "fefo"
    before = snapshot()
    assert (
        client.post(reverse("inventory:removal_strategy", args=[site[2].pk]), {"strategy": "lifo"}).status_code == 422
    )
    assert snapshot() == before


# --- reorder rules ---


def test_a_manager_creates_a_rule_and_its_alert_opens_at_once(client, site):
    signed_in(client, "manager")
    data = {"sku": "tea-1", "warehouse": "IST", "min_quantity": "10", "reorder_quantity": "20"}
    assert client.post(reverse("inventory:save_reorder_rule"), data).status_code == 302
    rule = ReorderRule.objects.get()
    assert (rule.min_quantity, rule.reorder_quantity) == (10, 20)
    assert LowStockAlert.objects.get(resolved_at__isnull=True).available == 5
    page = client.get(reverse("inventory:reorder_rules")).content.decode()
    row = page.split(f'id="rule-{rule.pk}"')[1].split("</tr>")[0]
    assert "Low stock" in row and ">5<" in row


def test_editing_a_rule_prefills_the_form_and_saving_changes_it(client, site):
    rule = ReorderRule.objects.create(product=site[3], warehouse=site[0], min_quantity=10)
    signed_in(client, "manager")
    page = client.get(reverse("inventory:reorder_rules"), {"edit": rule.pk}).content.decode()
    assert 'value="TEA-1"' in page and 'value="10"' in page
    data = {"sku": "TEA-1", "warehouse": "IST", "min_quantity": "2", "reorder_quantity": "0"}
    client.post(reverse("inventory:save_reorder_rule"), data)
    assert ReorderRule.objects.get().min_quantity == 2
    assert AuditLog.objects.filter(action="reorder_rule.changed", source="ui").exists()


@pytest.mark.parametrize(
    "data",
    [{"sku": "NOPE", "warehouse": "IST", "min_quantity": "1"}, {"sku": "TEA-1", "warehouse": "XX", "min_quantity": "1"},
     {"sku": "TEA-1", "warehouse": "IST", "min_quantity": "-1"}, {"sku": "TEA-1", "warehouse": "IST"}],
)  # fmt: skip
def test_a_bad_rule_is_refused_on_the_form_and_nothing_is_written(client, site, data):
    signed_in(client, "manager")
    before = snapshot()
    response = client.post(reverse("inventory:save_reorder_rule"), {"reorder_quantity": "0", **data})
    assert response.status_code == 422 and "Nothing was changed." in response.content.decode()
    assert snapshot() == before


def test_deleting_a_rule_closes_its_alert(client, site):
    signed_in(client, "manager")
    client.post(reverse("inventory:save_reorder_rule"),
                {"sku": "TEA-1", "warehouse": "IST", "min_quantity": "10", "reorder_quantity": "0"})  # fmt: skip
    client.post(reverse("inventory:delete_reorder_rule", args=[ReorderRule.objects.get().pk]))
    assert not ReorderRule.objects.exists()
    assert not LowStockAlert.objects.filter(resolved_at__isnull=True).exists()


# --- reservations ---


def test_reserving_through_the_form_holds_stock_and_lists_it(client, site):
    user = user_with_role("warehouse")
    client.force_login(user)
    response = client.post(reverse("inventory:reserve"), {"sku": "TEA-1", "quantity": "2", "demand_ref": "DEM-1",
                                                         "warehouse": "IST"})  # fmt: skip
    assert response.status_code == 302
    reservation = Reservation.objects.get()
    assert (reservation.quantity, reservation.source, reservation.user) == (2, "ui", user)
    page = client.get(response.url).content.decode()
    assert "2 × TEA-1 reserved for DEM-1." in page and f'id="reservation-{reservation.pk}"' in page


def test_reserving_more_than_available_shows_the_number_and_writes_nothing(client, site):
    reserve_stock(product_id=site[3].pk, quantity=2, demand_ref="DEM-0")
    signed_in(client, "warehouse")
    before = snapshot()
    response = client.post(reverse("inventory:reserve"), {"sku": "TEA-1", "quantity": "9", "demand_ref": "DEM-1"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "TEA-1: wanted 9, only 3 available." in page and "Nothing was changed." in page
    assert snapshot() == before


def test_releasing_one_reservation_and_then_a_whole_demand(client, site):
    first, second = (reserve_stock(product_id=site[3].pk, quantity=1, demand_ref="DEM-1")[0] for _ in range(2))
    signed_in(client, "warehouse")
    response = client.post(reverse("inventory:release", args=[first]), {"demand_ref": "DEM-1"})
    assert response.url == reverse("inventory:reservations") + "?demand_ref=DEM-1"
    assert Reservation.objects.get(pk=first).status == "released"
    page = client.get(response.url).content.decode()
    assert "Release the 1 active reservation of DEM-1" in page
    client.post(reverse("inventory:release_demand"), {"demand": "DEM-1"})
    assert Reservation.objects.get(pk=second).status == "released"
    assert Quant.objects.get(location=site[2]).reserved == 0
    assert AuditLog.objects.filter(action="reservation.released", source="ui").count() == 2
    before = snapshot()
    again = client.post(reverse("inventory:release", args=[first]), follow=True).content.decode()
    assert "no longer active" in again and snapshot() == before


def test_reservations_filter_by_status_sku_and_demand(client, site):
    kept = reserve_stock(product_id=site[3].pk, quantity=1, demand_ref="DEM-1")[0]
    gone = reserve_stock(product_id=site[3].pk, quantity=1, demand_ref="DEM-2")[0]
    signed_in(client, "viewer")
    page = client.get(reverse("inventory:reservations"), {"demand_ref": "DEM-1", "sku": "tea-1",
                                                          "status": "active"}).content.decode()  # fmt: skip
    assert f'id="reservation-{kept}"' in page and f'id="reservation-{gone}"' not in page


def test_the_three_screens_speak_turkish(client, site):
    signed_in(client, "manager")
    client.post(reverse("set_language"), {"language": "tr", "next": "/"})
    reserve_stock(product_id=site[3].pk, quantity=1, demand_ref="DEM-1")
    ReorderRule.objects.create(product=site[3], warehouse=site[0], min_quantity=1)
    expected = {
        "inventory:locations": [
            "Lokasyonlar",
            "Depo ekle",
            "Negatif stoğa izin ver",
            "Bölge ekle",
            "Sanal lokasyonlar",
        ],
        "inventory:reorder_rules": ["Yeniden sipariş kuralları", "Kuralı kaydet", "Sipariş miktarı", "Yeterli"],
        "inventory:reservations": ["Rezervasyonlar", "Stok rezerve et", "Talep referansı", "Serbest bırak"],
    }
    for name, words in expected.items():
        content = client.get(reverse(name)).content.decode()
        for word in words:
            assert word in content, (name, word)


def test_a_warehouse_and_its_zone_count_the_units_their_bins_hold(client, site):
    warehouse, zone, bin_, product = site
    other_bin = create_child_location(parent=zone, code="A-02", user=None, source="cli")
    receive(product, other_bin, 3)
    receive(product, Location.objects.get(code="IST"), 2)  # stock booked on the warehouse itself
    page = signed_in(client, "viewer").get(reverse("inventory:locations")).content.decode()

    def units(location):
        facts = page.split(f'id="loc-{location.pk}"')[1]
        return facts[facts.index('class="tree-qty"') :].split("</span>")[0]

    root = Location.objects.get(code="IST")
    assert "10 units" in units(root) and "2 on this location itself" in page
    assert "8 units" in units(zone)
    assert "5 units" in units(bin_) and "3 units" in units(other_bin)
