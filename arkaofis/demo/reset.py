"""Find and wipe the demo store.

The demo loads only into an empty database, so once it is marked loaded every product,
location and stock row in it belongs to the demo. Wiping deletes the ledger too, which the
application otherwise never does: it is the one sanctioned way to throw a demo away.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import ProtectedError

from arkaofis.catalog.models import KitComponent, Product, ProductFamily
from arkaofis.channels.models import Channel, ChannelSkuMap, InboundEvent, ShipmentPush
from arkaofis.core.models import AuditLog, OutboxEvent
from arkaofis.demo.people import demo_usernames
from arkaofis.fulfilment.models import (
    Box,
    CarrierAccount,
    CountBin,
    CountDoc,
    CountLine,
    KittingLine,
    KittingOrder,
    PickBatch,
    PickLine,
    Shipment,
    Transfer,
    TransferLine,
    Wave,
)
from arkaofis.inventory.models import (
    CostLayer,
    Kind,
    Location,
    Lot,
    LowStockAlert,
    Quant,
    ReorderRule,
    Reservation,
    StockMove,
    Usage,
    Warehouse,
)
from arkaofis.orders.models import Address, OrderImportJob, SalesOrder, SalesReturn
from arkaofis.work.models import Task

MARKER_ACTION = "demo.loaded"


class DemoWipeFailed(RuntimeError):
    pass


def demo_marker() -> AuditLog | None:
    return AuditLog.objects.filter(action=MARKER_ACTION).order_by("-id").first()


def holds_other_data() -> bool:
    """True when the database has products, warehouses or stock but is not a loaded demo."""
    if demo_marker() is not None:
        return False
    return Product.objects.exists() or Warehouse.objects.exists() or StockMove.objects.exists()


def wipe_demo() -> None:
    """Delete everything the demo created (and anything added to the demo since)."""
    ordered = [
        ShipmentPush,
        CountLine,
        CountBin,
        CountDoc,
        TransferLine,
        Transfer,
        KittingLine,
        KittingOrder,
        InboundEvent,
        ChannelSkuMap,
        Channel,  # after its events and maps (which protect it); its pushed levels go with it
        OrderImportJob,
        Task,
        SalesReturn,  # before the orders: returns and shipments protect the order lines
        PickLine,
        Shipment,
        PickBatch,
        Wave,
        CarrierAccount,
        Box,
        SalesOrder,
        Address,
        Reservation,
        LowStockAlert,
        ReorderRule,
        CostLayer,
        StockMove,
        Quant,
        Lot,
        KitComponent,
        Product,
    ]
    try:
        with transaction.atomic():
            for model in ordered:
                model._default_manager.all().delete()
            ProductFamily.objects.all().delete()
            internal = Location.objects.exclude(kind=Kind.VIRTUAL).exclude(usage__in=_virtual_usages())
            for kind in (Kind.BIN, Kind.ZONE, Kind.WAREHOUSE):
                internal.filter(kind=kind).delete()
            # A warehouse's own virtual locations (its returns dock, its quarantine) go with it.
            Location.objects.filter(kind=Kind.VIRTUAL, warehouse__isnull=False).delete()
            Warehouse.objects.all().delete()
            OutboxEvent.objects.all().delete()
            AuditLog.objects.all().delete()
            get_user_model().objects.filter(username__in=demo_usernames()).delete()
    except ProtectedError as problem:
        names = sorted({obj._meta.label for obj in problem.protected_objects})
        raise DemoWipeFailed(
            f"other records still use the demo's data ({', '.join(names)}); delete the database file instead"
        ) from None


def _virtual_usages() -> list[str]:
    return [usage for usage in Usage.values if usage != Usage.INTERNAL]
