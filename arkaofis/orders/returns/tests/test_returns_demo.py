"""The demo can still be wiped after its orders were released, shipped and returned (shipments,
returns and the warehouses' own returns and quarantine locations go with it)."""

import io

import pytest
from django.core.management import call_command

from arkaofis.fulfilment.models import Shipment
from arkaofis.fulfilment.services.shipping import ship_shipment
from arkaofis.inventory.invariants import ledger_breaks
from arkaofis.orders.models import SalesOrder, SalesReturn
from arkaofis.orders.returns.services.inspection import inspect_return
from arkaofis.orders.returns.services.lifecycle import open_return, receive_return
from arkaofis.orders.services.holds import lift_hold
from arkaofis.orders.services.release import release_order

pytestmark = pytest.mark.django_db


def run_demo(*args: str) -> None:
    call_command("load_demo", *args, stdout=io.StringIO(), stderr=io.StringIO())


def test_a_demo_with_shipped_and_returned_orders_is_wiped_and_reloaded():
    run_demo("--size", "small", "--seed", "3")
    fresh = sorted(Shipment.objects.values_list("order__status", "status"))  # the demo's shift ships one too
    order = SalesOrder.objects.filter(status="reserved").order_by("pk").first()
    for hold in order.holds.filter(lifted_at__isnull=True):
        lift_hold(hold_id=hold.pk, user=None, source="system")
    release_order(order_id=order.pk, user=None, source="system")
    for shipment in Shipment.objects.filter(order=order):
        ship_shipment(shipment_id=shipment.pk, carrier="Aras", tracking_number="", user=None, source="system")
    line = order.lines.order_by("line_no").first()
    sales_return = open_return(order_id=order.pk, lines=[(line.pk, 1, "")], reason="x", user=None, source="ui")
    return_line = sales_return.lines.get()
    receive_return(return_id=sales_return.pk, received={return_line.pk: 1}, user=None, source="ui")
    inspect_return(return_id=sales_return.pk, decisions={return_line.pk: "quarantine"}, user=None, source="ui")
    run_demo("--size", "small", "--seed", "3", "--reset")
    # Only the fresh demo's own shipments (its delivered order, its shift's) and its open return are left.
    assert not SalesReturn.objects.filter(pk=sales_return.pk).exists()
    assert list(SalesReturn.objects.values_list("status", flat=True)) == ["open"]
    assert sorted(Shipment.objects.values_list("order__status", "status")) == fresh
    assert SalesOrder.objects.exists()
    assert ledger_breaks() == {}
