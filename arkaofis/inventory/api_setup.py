"""Inventory set-up API: warehouses, their zones and bins, the negative-stock policy, and reorder
rules (low-stock thresholds). Each write calls one service with source="api" and the caller as
the user; each POST honours Idempotency-Key."""

from typing import TYPE_CHECKING, Annotated, TypedDict

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from arkaofis.core.api_auth import caller, requires
from arkaofis.core.api_paging import Paging
from arkaofis.core.exceptions import Conflict, NotFound
from arkaofis.core.idempotency import idempotent
from arkaofis.core.inputs import SEGMENT_PATTERN
from arkaofis.core.models import Source
from arkaofis.inventory import selectors
from arkaofis.inventory.models import Location, ReorderRule, Warehouse
from arkaofis.inventory.schemas import MAX_QUANTITY, Code, LocationOut, Text, WarehouseOut
from arkaofis.inventory.selectors_setup import reorder_rules_with_available
from arkaofis.inventory.services import locations
from arkaofis.inventory.services.reorder_rules import delete_reorder_rule, set_reorder_rule

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations  # a typing aid only (django-stubs), not needed at run time

router = Router(tags=["inventory set-up"])
# A code part may not hold "/": the full code of a location is its path.
Segment = Annotated[str, Field(min_length=1, max_length=16, pattern=SEGMENT_PATTERN)]
Threshold = Annotated[int, Field(ge=0, le=MAX_QUANTITY, strict=True)]


class WarehouseIn(Schema):
    code: Segment
    name: Text = Field(..., min_length=1, max_length=100)
    country: str = Field("TR", pattern=r"^[A-Z]{2}$")
    postal_code: Text = Field("", max_length=16)


class LocationIn(Schema):
    parent: Code = Field(..., description="code of the warehouse or zone to add under, e.g. IST or IST/A")
    code: Segment = Field(..., description="the new part of the path, e.g. A-01 (full code: IST/A/A-01)")
    name: Text = Field("", max_length=100)


class NegativePolicyIn(Schema):
    allow_negative: bool = Field(..., strict=True)


class ReorderRuleIn(Schema):
    sku: Code
    warehouse: Code
    min_quantity: Threshold = Field(..., description="alert when available stock falls below this")
    reorder_quantity: Threshold = Field(0, description="how much to order when it does")


class _Available(TypedDict):
    available: int  # what reorder_rules_with_available() annotates each rule with


class ReorderRuleOut(Schema):
    id: int
    sku: str = Field(..., validation_alias="product.sku")
    warehouse: str = Field(..., validation_alias="warehouse.code")
    min_quantity: int
    reorder_quantity: int
    available: int = Field(..., description="on hand − reserved in the warehouse now")
    low: bool = Field(..., description="available is below min_quantity (a low-stock alert is open)")

    @staticmethod
    def resolve_low(rule: "WithAnnotations[ReorderRule, _Available]") -> bool:
        return rule.available < rule.min_quantity


def _rule_out(rule_id: int) -> ReorderRule:
    return reorder_rules_with_available().get(pk=rule_id)


def _location_out(code: str) -> Location:
    return Location.objects.select_related("parent", "warehouse").get(code=code)


@router.post("/warehouses", response={201: WarehouseOut}, auth=requires("inventory.add_warehouse"))
@idempotent
def create_warehouse(request: HttpRequest, payload: WarehouseIn) -> Status:
    """A warehouse and its root location (same code); add zones and bins under it."""
    if Warehouse.objects.filter(code=payload.code).exists() or Location.objects.filter(code=payload.code).exists():
        raise Conflict(
            gettext("Code %(code)r is already in use") % {"code": payload.code},
            code_in_use=payload.code,
        )
    warehouse = locations.create_warehouse(
        code=payload.code,
        name=payload.name,
        country=payload.country,
        postal_code=payload.postal_code,
        user=caller(request),
        source=Source.API,
    )
    return Status(201, WarehouseOut.model_validate(warehouse))


@router.post("/locations", response={201: LocationOut}, auth=requires("inventory.add_location"))
@idempotent
def create_location(request: HttpRequest, payload: LocationIn) -> Status:
    """A zone under a warehouse or a bin under a zone; 422 under anything else."""
    parent = selectors.location_by_code(payload.parent)
    full_code = f"{parent.code}/{payload.code}"
    if Location.objects.filter(code=full_code).exists():
        raise Conflict(gettext("Location %(full_code)r already exists") % {"full_code": full_code}, location=full_code)
    location = locations.create_child_location(
        parent=parent, code=payload.code, name=payload.name, user=caller(request), source=Source.API
    )
    return Status(201, LocationOut.model_validate(_location_out(location.code)))


@router.post(
    "/locations/{path:code}/negative-policy", response={200: LocationOut}, auth=requires("inventory.change_location")
)
@idempotent
def set_negative_policy(request: HttpRequest, code: str, payload: NegativePolicyIn) -> Status:
    """Allow or forbid negative stock; 409 when forbidding it while stock there is negative."""
    location = selectors.location_by_code(code)
    locations.set_negative_stock_policy(
        location=location, allow=payload.allow_negative, user=caller(request), source=Source.API
    )
    return Status(200, LocationOut.model_validate(_location_out(location.code)))


@router.get("/reorder-rules", response=list[ReorderRuleOut], auth=requires("inventory.view_reorderrule"))
@paginate(Paging)
def list_reorder_rules(
    request: HttpRequest, warehouse: Code | None = None, sku: Code | None = None
) -> QuerySet[ReorderRule]:
    """Rules with the warehouse's available stock now and whether it is below the minimum."""
    rules = reorder_rules_with_available()
    if warehouse:
        rules = rules.filter(warehouse__code=warehouse)
    if sku:
        rules = rules.filter(product__sku=sku)
    return rules.order_by("warehouse__code", "product__sku")


@router.post("/reorder-rules", response={200: ReorderRuleOut}, auth=requires("inventory.add_reorderrule"))
@idempotent
def set_rule(request: HttpRequest, payload: ReorderRuleIn) -> Status:
    """Create or replace the rule of (sku, warehouse); its low-stock alert is re-evaluated at once."""
    rule = set_reorder_rule(
        product=selectors.product_by_sku(payload.sku),
        warehouse=selectors.warehouse_by_code(payload.warehouse),
        min_quantity=payload.min_quantity,
        reorder_quantity=payload.reorder_quantity,
        user=caller(request),
        source=Source.API,
    )
    return Status(200, ReorderRuleOut.model_validate(_rule_out(rule.pk)))


@router.delete("/reorder-rules/{int:rule_id}", response={204: None}, auth=requires("inventory.delete_reorderrule"))
def delete_rule(request: HttpRequest, rule_id: int) -> Status:
    """Delete a rule; its open low-stock alert is resolved."""
    rule = ReorderRule.objects.select_related("product", "warehouse").filter(pk=rule_id).first()
    if rule is None:
        raise NotFound(gettext("No reorder rule %(rule_id)s") % {"rule_id": rule_id}, rule=rule_id)
    delete_reorder_rule(rule=rule, user=caller(request), source=Source.API)
    return Status(204, None)
