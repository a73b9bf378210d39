"""Inventory API: locations, stock levels, availability, the ledger (read), and the writes that
change stock — adjustments, transfers, reservations. Each write calls one service with
source="api" and the caller as the user; each POST honours Idempotency-Key.
"""

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Query, Router, Status
from ninja.pagination import paginate

from arkaofis.catalog.models import Product
from arkaofis.core.api_auth import caller, requires
from arkaofis.core.api_paging import Paging
from arkaofis.core.exceptions import NotFound
from arkaofis.core.idempotency import idempotent
from arkaofis.core.inputs import Instant
from arkaofis.core.models import Source
from arkaofis.inventory import schemas, selectors
from arkaofis.inventory.models import (
    Location,
    Lot,
    LowStockAlert,
    Reservation,
    ReservationStatus,
    StockMove,
    Usage,
    Warehouse,
)
from arkaofis.inventory.services import reservations
from arkaofis.inventory.services.adjustments import adjust_stock
from arkaofis.inventory.services.transfers import transfer_stock

router = Router(tags=["inventory"])
_USAGE = Query(None, description="internal, supplier, customer, adjustment, transit, …")
_PARENT = Query(None, description="only the direct children of this location code")
_MOVES_AT = Query(None, description="moves into or out of this location code")


def _lot(product: Product, code: str | None) -> Lot | None:
    if code is None:
        return None
    lot = Lot.objects.filter(product=product, code=code).first()
    if lot is None:
        raise NotFound(
            gettext("%(sku)s has no lot %(code)r") % {"sku": product.sku, "code": code},
            sku=product.sku,
            lot=code,
        )
    return lot


def availability_of(product: Product) -> schemas.Availability:
    """ATP of one product in every active warehouse (zeros included) and in total."""
    atp = selectors.available_to_promise(product)
    warehouses = Warehouse.objects.filter(Q(active=True) | Q(pk__in=atp.keys())).values_list("pk", "code")
    rows = [schemas.WarehouseAvailability(warehouse=code, available=atp.get(pk, 0)) for pk, code in warehouses]
    return schemas.Availability(sku=product.sku, warehouses=rows, total=sum(atp.values()))


def _moves_out(moves: list[StockMove]) -> schemas.MovesOut:
    rows = StockMove.objects.filter(pk__in=[m.pk for m in moves]).select_related(
        "product", "from_location", "to_location", "lot", "user"
    )
    return schemas.MovesOut.model_validate({"moves": list(rows.order_by("pk"))})


def _reservations_out(ids: list[int]) -> schemas.ReservationsOut:
    rows = Reservation.objects.filter(pk__in=ids).select_related("product", "warehouse", "location", "lot")
    return schemas.ReservationsOut.model_validate({"reservations": list(rows.order_by("pk"))})


@router.get("/warehouses", response=list[schemas.WarehouseOut], auth=requires("inventory.view_warehouse"))
def list_warehouses(request: HttpRequest) -> QuerySet[Warehouse]:
    return Warehouse.objects.all()


@router.get("/locations", response=list[schemas.LocationOut], auth=requires("inventory.view_location"))
@paginate(Paging)
def list_locations(
    request: HttpRequest,
    warehouse: schemas.Code | None = None,
    usage: Usage | None = _USAGE,
    parent: schemas.Code | None = _PARENT,
) -> QuerySet[Location]:
    """Locations in tree order (a code is its path); `parent` walks the tree one level at a time."""
    locations = Location.objects.select_related("parent", "warehouse").order_by("code")
    if warehouse:
        locations = locations.filter(warehouse__code=warehouse)
    if usage:
        locations = locations.filter(usage=usage)
    if parent:
        locations = locations.filter(parent__code=parent)
    return locations


@router.get("/stock/{path:sku}", response=schemas.StockLevels, auth=requires("inventory.view_quant"))
def stock_levels(request: HttpRequest, sku: str) -> schemas.StockLevels:
    """On hand and reserved per location (and lot), with availability per warehouse."""
    product = selectors.product_by_sku(sku)
    quants = list(selectors.stock_by_location(product))
    return schemas.StockLevels.model_validate(
        {"sku": product.sku, "quants": quants, "availability": availability_of(product)}
    )


@router.get("/availability/{path:sku}", response=schemas.Availability, auth=requires("inventory.view_quant"))
def availability(request: HttpRequest, sku: str) -> schemas.Availability:
    """Available-to-promise per warehouse and in total; a kit's is what its components can make."""
    return availability_of(selectors.product_by_sku(sku))


@router.get("/low-stock", response=list[schemas.LowStockAlertOut], auth=requires("inventory.view_lowstockalert"))
@paginate(Paging)
def low_stock(request: HttpRequest, warehouse: schemas.Code | None = None) -> QuerySet[LowStockAlert]:
    """Open low-stock alerts: available fell below the reorder threshold of a product in a warehouse."""
    alerts = selectors.open_low_stock_alerts().order_by("warehouse__code", "product__sku")
    if warehouse:
        alerts = alerts.filter(warehouse__code=warehouse)
    return alerts


@router.get("/moves", response=list[schemas.MoveOut], auth=requires("inventory.view_stockmove"))
@paginate(Paging)
def list_moves(
    request: HttpRequest,
    sku: schemas.Code | None = None,
    location: schemas.Code | None = _MOVES_AT,
    since: Instant | None = None,
    until: Instant | None = None,
) -> QuerySet[StockMove]:
    """The ledger, newest first."""
    moves = StockMove.objects.select_related("product", "from_location", "to_location", "lot", "user")
    if sku:
        moves = moves.filter(product=selectors.product_by_sku(sku))
    if location:
        place = selectors.location_by_code(location)
        moves = moves.filter(Q(from_location=place) | Q(to_location=place))
    if since:
        moves = moves.filter(created_at__gte=since)
    if until:
        moves = moves.filter(created_at__lt=until)
    return moves.order_by("-created_at", "-id")


@router.post("/adjustments", response={201: schemas.MovesOut}, auth=requires("inventory.adjust_stock"))
@idempotent
def adjust(request: HttpRequest, payload: schemas.AdjustmentIn) -> Status:
    """Add (delta > 0) or remove (delta < 0) stock at an internal location, with a reason code."""
    product = selectors.product_by_sku(payload.sku)
    moves = adjust_stock(
        product=product,
        location=selectors.location_by_code(payload.location),
        delta=payload.delta,
        reason_code=payload.reason_code,
        lot=_lot(product, payload.lot),
        note=payload.note,
        user=caller(request),
        source=Source.API,
    )
    return Status(201, _moves_out(moves))


@router.post("/transfers", response={201: schemas.MovesOut}, auth=requires("inventory.transfer_stock"))
@idempotent
def transfer(request: HttpRequest, payload: schemas.TransferIn) -> Status:
    """Move stock between internal locations (or through transit)."""
    product = selectors.product_by_sku(payload.sku)
    moves = transfer_stock(
        product=product,
        quantity=payload.quantity,
        from_location=selectors.location_by_code(payload.from_location),
        to_location=selectors.location_by_code(payload.to_location),
        lot=_lot(product, payload.lot),
        reference=payload.reference,
        user=caller(request),
        source=Source.API,
    )
    return Status(201, _moves_out(moves))


@router.get("/reservations", response=list[schemas.ReservationOut], auth=requires("inventory.view_reservation"))
@paginate(Paging)
def list_reservations(
    request: HttpRequest,
    demand_ref: schemas.Text | None = None,
    sku: schemas.Code | None = None,
    status: ReservationStatus | None = None,
) -> QuerySet[Reservation]:
    rows = Reservation.objects.select_related("product", "warehouse", "location", "lot").order_by("-id")
    if demand_ref:
        rows = rows.filter(demand_ref=demand_ref)
    if sku:
        rows = rows.filter(product=selectors.product_by_sku(sku))
    if status:
        rows = rows.filter(status=status)
    return rows


@router.post("/reservations", response={201: schemas.ReservationsOut}, auth=requires("inventory.reserve_stock"))
@idempotent
def reserve(request: HttpRequest, payload: schemas.ReservationIn) -> Status:
    """Hold stock for a demand, in one warehouse or any; 409 with `available` when short."""
    product = selectors.product_by_sku(payload.sku)
    warehouse_id = selectors.warehouse_by_code(payload.warehouse).pk if payload.warehouse else None
    ids = reservations.reserve_stock(
        product_id=product.pk,
        quantity=payload.quantity,
        demand_ref=payload.demand_ref,
        warehouse_id=warehouse_id,
        user_id=caller(request).pk,
        source=Source.API,
    )
    return Status(201, _reservations_out(ids))


@router.post(
    "/reservations/release-demand", response={200: schemas.ReleasedOut}, auth=requires("inventory.reserve_stock")
)
@idempotent
def release_demand(request: HttpRequest, payload: schemas.ReleaseDemandIn) -> Status:
    """Release every active reservation of a demand (0 when it has none)."""
    released = reservations.release_demand(demand_ref=payload.demand_ref, user=caller(request), source=Source.API)
    return Status(200, schemas.ReleasedOut(demand_ref=payload.demand_ref, released=released))


@router.post(
    "/reservations/{int:reservation_id}/release",
    response={200: schemas.ReservationOut},
    auth=requires("inventory.reserve_stock"),
)
@idempotent
def release_reservation(request: HttpRequest, reservation_id: int) -> Status:
    """Give a reservation's stock back; 409 if it is no longer active."""
    if not Reservation.objects.filter(pk=reservation_id).exists():
        raise NotFound(
            gettext("No reservation %(reservation_id)s") % {"reservation_id": reservation_id},
            reservation=reservation_id,
        )
    reservation = reservations.release_reservation(
        reservation_id=reservation_id, user=caller(request), source=Source.API
    )
    return Status(200, _reservations_out([reservation.pk]).reservations[0])
