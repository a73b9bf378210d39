import re

import pytest
from django.contrib.auth.models import User
from django.test import Client, RequestFactory
from django.utils.crypto import get_random_string

from arkaofis.api import api
from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.core.api_auth import DENY, Forbidden
from arkaofis.core.roles import ROLES
from arkaofis.core.tests.api_support import ApiClient, assert_problem, user_in_role
from arkaofis.inventory.models import StockMove
from arkaofis.inventory.tests.factories import LocationFactory

# The API's security policy, written out: each operation and the one permission it needs.
POLICY = {
    "GET /api/catalog/products": "catalog.view_product",
    "POST /api/catalog/products": "catalog.add_product",
    "GET /api/catalog/products/{sku}": "catalog.view_product",
    "POST /api/catalog/products/import": "catalog.import_products",
    "GET /api/catalog/products/export": "catalog.import_products",
    "GET /api/inventory/warehouses": "inventory.view_warehouse",
    "GET /api/inventory/locations": "inventory.view_location",
    "GET /api/inventory/stock/{sku}": "inventory.view_quant",
    "GET /api/inventory/availability/{sku}": "inventory.view_quant",
    "GET /api/inventory/low-stock": "inventory.view_lowstockalert",
    "GET /api/inventory/moves": "inventory.view_stockmove",
    "GET /api/inventory/valuation": "inventory.view_valuation",
    "GET /api/inventory/valuation/products": "inventory.view_valuation",
    "POST /api/inventory/adjustments": "inventory.adjust_stock",
    "POST /api/inventory/transfers": "inventory.transfer_stock",
    "GET /api/inventory/reservations": "inventory.view_reservation",
    "POST /api/inventory/reservations": "inventory.reserve_stock",
    "POST /api/inventory/reservations/release-demand": "inventory.reserve_stock",
    "POST /api/inventory/reservations/{reservation_id}/release": "inventory.reserve_stock",
    "POST /api/inventory/setup/warehouses": "inventory.add_warehouse",
    "POST /api/inventory/setup/locations": "inventory.add_location",
    "POST /api/inventory/setup/locations/{code}/negative-policy": "inventory.change_location",
    "GET /api/inventory/setup/reorder-rules": "inventory.view_reorderrule",
    "POST /api/inventory/setup/reorder-rules": "inventory.add_reorderrule",
    "DELETE /api/inventory/setup/reorder-rules/{rule_id}": "inventory.delete_reorderrule",
    "POST /api/orders": "orders.add_salesorder",
    "POST /api/orders/bulk": "orders.add_salesorder",
    "POST /api/orders/import": "orders.add_salesorder",
    "GET /api/orders/import/template": "orders.add_salesorder",
    "GET /api/orders/import/jobs/{job_id}": "orders.add_salesorder",
    "GET /api/orders": "orders.view_salesorder",
    "GET /api/orders/{number}": "orders.view_salesorder",
    "POST /api/orders/{number}/reserve": "orders.manage_salesorder",
    "POST /api/orders/{number}/confirm": "orders.manage_salesorder",
    "POST /api/orders/{number}/cancel": "orders.manage_salesorder",
    "POST /api/orders/{number}/holds": "orders.manage_salesorder",
    "POST /api/orders/{number}/holds/{hold_id}/lift": "orders.manage_salesorder",
    "POST /api/orders/{number}/release": "orders.manage_salesorder",
    "POST /api/orders/{number}/edit": "orders.manage_salesorder",
    "GET /api/fulfilment/shipments": "fulfilment.view_shipment",
    "GET /api/fulfilment/shipments/{number}": "fulfilment.view_shipment",
    "POST /api/fulfilment/shipments/{number}/ship": "fulfilment.ship_shipment",
    "POST /api/fulfilment/shipments/{number}/deliver": "fulfilment.ship_shipment",
    "POST /api/floor/waves": "fulfilment.plan_wave",
    "GET /api/floor/batches/{number}": "fulfilment.view_shipment",
    "POST /api/floor/stops/{stop_id}/pick": "fulfilment.ship_shipment",
    "POST /api/floor/stops/{stop_id}/short": "fulfilment.ship_shipment",
    "POST /api/floor/shipments/{number}/scan": "fulfilment.ship_shipment",
    "POST /api/floor/shipments/{number}/close": "fulfilment.ship_shipment",
    "GET /api/floor/shipments/{number}/put-away": "fulfilment.view_shipment",
    "POST /api/floor/shipments/{number}/put-away": "fulfilment.ship_shipment",
    "POST /api/floor/shipments/{number}/put-away/finish": "fulfilment.ship_shipment",
    "GET /api/counts": "fulfilment.count_stock",
    "POST /api/counts": "fulfilment.count_stock",
    "GET /api/counts/{number}": "fulfilment.count_stock",
    "POST /api/counts/{number}/record": "fulfilment.count_stock",
    "POST /api/counts/{number}/empty": "fulfilment.count_stock",
    "POST /api/counts/{number}/finish": "fulfilment.count_stock",
    "POST /api/counts/{number}/approve": "fulfilment.approve_count",
    "POST /api/counts/{number}/reject": "fulfilment.approve_count",
    "POST /api/counts/{number}/cancel": "fulfilment.approve_count",
    "GET /api/transfers": "fulfilment.view_transfer",
    "POST /api/transfers": "fulfilment.manage_transfer",
    "GET /api/transfers/in-transit": "fulfilment.view_transfer",
    "GET /api/transfers/{number}": "fulfilment.view_transfer",
    "POST /api/transfers/{number}/pick": "inventory.transfer_stock",
    "POST /api/transfers/{number}/ship": "inventory.transfer_stock",
    "POST /api/transfers/{number}/receive": "inventory.transfer_stock",
    "POST /api/transfers/{number}/put-away": "inventory.transfer_stock",
    "POST /api/transfers/{number}/close": "fulfilment.manage_transfer",
    "POST /api/transfers/{number}/cancel": "fulfilment.manage_transfer",
    "GET /api/kitting": "fulfilment.view_kittingorder",
    "POST /api/kitting": "fulfilment.manage_kitting",
    "GET /api/kitting/{number}": "fulfilment.view_kittingorder",
    "POST /api/kitting/{number}/complete": "fulfilment.assemble_kit",
    "POST /api/kitting/{number}/cancel": "fulfilment.manage_kitting",
    "GET /api/inventory/layout/warehouses/{code}": "inventory.view_location",
    "POST /api/inventory/layout/warehouses/{code}": "inventory.change_warehouse",
    "POST /api/inventory/layout/bins/{code}": "inventory.change_location",
    "POST /api/inventory/layout/zones/{code}/aisles": "inventory.add_location",
    "GET /api/inventory/layout/warehouses/{code}/fill": "inventory.view_location",
    "POST /api/floor/shipments/{number}/label": "fulfilment.ship_shipment",
    "GET /api/floor/shipments/{number}/label": "fulfilment.ship_shipment",
    "GET /api/floor/shipments/{number}/slip": "fulfilment.ship_shipment",
    "GET /api/floor/manifests": "fulfilment.ship_shipment",
    "GET /api/work/tasks": "work.view_task",
    "GET /api/work/tasks/mine": "work.view_task",
    "GET /api/work/tasks/{task_id}": "work.view_task",
    "POST /api/work/next": "work.claim_task",
    "POST /api/work/tasks/{task_id}/start": "work.claim_task",
    "POST /api/work/tasks/{task_id}/release": "work.claim_task",
    "POST /api/work/tasks/{task_id}/reassign": "work.manage_task",
    "POST /api/work/tasks/{task_id}/cancel": "work.manage_task",
    "GET /api/work/board": "work.manage_task",
    "GET /api/work/past-due": "work.view_task",
    "GET /api/work/throughput": "work.manage_task",
    "GET /api/slotting/{code}": "inventory.change_location",
    "GET /api/returns": "orders.view_salesreturn",
    "GET /api/returns/{number}": "orders.view_salesreturn",
    "POST /api/returns": "orders.add_salesreturn",
    "POST /api/returns/{number}/receive": "orders.manage_salesreturn",
    "POST /api/returns/{number}/inspect": "orders.manage_salesreturn",
    "POST /api/returns/{number}/cancel": "orders.manage_salesreturn",
    "GET /api/webhook-subscriptions": "channels.view_webhooksubscription",
    "POST /api/webhook-subscriptions": "channels.add_webhooksubscription",
    "POST /api/webhook-subscriptions/{subscription_id}": "channels.change_webhooksubscription",
    "DELETE /api/webhook-subscriptions/{subscription_id}": "channels.delete_webhooksubscription",
}


def operations():
    """(method, "/api/…" template with plain {names}, operation) for every route of the API."""
    for bound in api._get_bound_routers():
        for path, view in bound.path_operations.items():
            template = re.sub(r"\{\w+:(\w+)\}", r"{\1}", "/api/" + (bound.prefix + path).strip("/"))
            template = re.sub(r"/+", "/", template)
            for operation in view.operations:
                if not operation.include_in_schema:  # the catch-all 404 for unknown paths
                    continue
                for method in operation.methods:
                    yield method, template, operation


def concrete(template: str) -> str:
    for name, value in {
        "{sku}": "NO-SUCH-SKU",
        "{reservation_id}": "999999",
        "{rule_id}": "999999",
        "{code}": "NO/SUCH",
        "{number}": "DEM-999999",
        "{hold_id}": "999999",
        "{subscription_id}": "999999",
        "{task_id}": "999999",
        "{stop_id}": "999999",
    }.items():
        # A warehouse's code is one path segment; a location's is its whole path.
        template = template.replace(name, "NOSUCH" if name == "{code}" and "/warehouses/" in template else value)
    return template


def call(client: Client, method: str, url: str):
    if method == "POST":
        return client.post(url, data="{}", content_type="application/json")
    if method == "DELETE":
        return client.delete(url)
    return client.get(url)


def test_every_operation_needs_exactly_the_permission_the_policy_names():
    declared = {}
    for method, template, operation in operations():
        permissions = {callback.permission for callback in operation.auth_callbacks}
        assert len(permissions) == 1, f"{method} {template} has {permissions}"
        declared[f"{method} {template}"] = permissions.pop()
    assert declared == POLICY


def test_every_post_honours_idempotency_keys():
    posts = [(template, op) for method, template, op in operations() if method == "POST"]
    assert posts
    for template, operation in posts:
        assert getattr(operation.view_func, "idempotent", False), f"POST {template} ignores Idempotency-Key"


@pytest.mark.django_db
def test_the_default_auth_refuses_even_a_superuser():
    request = RequestFactory().get("/api/anything")
    request.user = User.objects.create_superuser("root", "root@example.com", None)
    for callback in DENY[1:]:
        with pytest.raises(Forbidden):
            callback(request)


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "template"), [key.split(" ", 1) for key in POLICY])
def test_calls_without_credentials_get_401(method, template):
    assert_problem(call(Client(), method, concrete(template)), 401, "unauthenticated")


@pytest.mark.django_db
@pytest.mark.parametrize("role", [*ROLES, None])
def test_each_role_is_refused_exactly_what_it_lacks(role):
    client = ApiClient(user_in_role(role))
    for key, permission in POLICY.items():
        method, template = key.split(" ", 1)
        response = call(client.client, method, concrete(template))
        if client.user.has_perm(permission):
            assert response.status_code not in (401, 403), (role, key, response.content)
        else:
            assert_problem(response, 403, "forbidden")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "may"),
    [("viewer", set()), ("accountant", set()), ("warehouse", {"adjust", "reserve"}),
     ("manager", {"adjust", "reserve", "create"}), ("admin", {"adjust", "reserve", "create"})],
)  # fmt: skip
def test_roles_match_the_jobs_they_stand_for(role, may):
    user = user_in_role(role)
    assert user.has_perm("catalog.view_product") and user.has_perm("inventory.view_stockmove")
    assert {
        "adjust": user.has_perm("inventory.adjust_stock"),
        "reserve": user.has_perm("inventory.reserve_stock"),
        "create": user.has_perm("catalog.add_product"),
    } == {name: name in may for name in ("adjust", "reserve", "create")}


def _session(role: str) -> tuple[Client, str]:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user_in_role(role))
    secret = get_random_string(32)
    client.cookies["csrftoken"] = secret
    return client, secret


@pytest.mark.django_db
def test_a_signed_in_browser_may_read_and_write_with_its_csrf_token():
    client, secret = _session("warehouse")
    shelf, product = LocationFactory(), ProductFactory()
    assert client.get("/api/inventory/warehouses").status_code == 200
    body = f'{{"sku": "{product.sku}", "location": "{shelf.code}", "delta": 2, "reason_code": "found"}}'
    refused = client.post("/api/inventory/adjustments", data=body, content_type="application/json")
    assert_problem(refused, 403, "csrf-failed")
    assert not StockMove.objects.exists()
    accepted = client.post(
        "/api/inventory/adjustments", data=body, content_type="application/json", headers={"X-CSRFToken": secret}
    )
    assert accepted.status_code == 201, accepted.content


@pytest.mark.django_db
def test_a_signed_in_user_without_the_permission_gets_403():
    client, secret = _session("viewer")
    response = client.post("/api/inventory/reservations", data="{}", content_type="application/json",
                           headers={"X-CSRFToken": secret})  # fmt: skip
    assert_problem(response, 403, "forbidden")
