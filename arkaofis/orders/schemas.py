"""The orders API's shapes. Money is a decimal string or number with at most 4 places."""

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Field, Schema

from arkaofis.core.api_auth import caller_may
from arkaofis.core.inputs import Amount, Instant
from arkaofis.core.money import CurrencyCode, round_money
from arkaofis.core.roles import SEE_CUSTOMER_CONTACT, SEE_SHIP_TO
from arkaofis.inventory.schemas import Code, Quantity

Money = Amount
Short = Annotated[str, Field(max_length=200, pattern=r"^[^\x00]*$")]
MAX_LINES = 500
MAX_BULK = 200


class AddressIn(Schema):
    name: Short = ""
    company: Short = ""
    line1: Short = ""
    line2: Short = ""
    city: Annotated[str, Field(max_length=100, pattern=r"^[^\x00]*$")] = ""
    region: Annotated[str, Field(max_length=100, pattern=r"^[^\x00]*$")] = ""
    postal_code: Annotated[str, Field(max_length=32, pattern=r"^[^\x00]*$")] = ""
    country: Annotated[str, Field(pattern=r"^([A-Z]{2})?$", description="ISO 3166-1 alpha-2")] = ""
    phone: Annotated[str, Field(max_length=50, pattern=r"^[^\x00]*$")] = ""
    email: Annotated[str, Field(max_length=254, pattern=r"^[^\x00]*$")] = ""


class OrderLineIn(Schema):
    sku: Code
    quantity: Quantity
    unit_price: Money
    discount: Money = Decimal(0)
    tax: Money = Decimal(0)
    external_id: Annotated[str, Field(max_length=100, pattern=r"^[^\x00]*$")] = ""


class OrderCreateIn(Schema):
    external_id: Annotated[
        str, Field(min_length=1, max_length=100, pattern=r"^[^\x00]+$", description="your id; an order is created once")
    ]
    currency: CurrencyCode
    lines: Annotated[list[OrderLineIn], Field(min_length=1, max_length=MAX_LINES)]
    customer_email: Annotated[str, Field(max_length=254, pattern=r"^[^\x00]*$")] = ""
    billing: AddressIn | None = None
    shipping: AddressIn | None = None
    shipping_charge: Money = Decimal(0)
    payment_status: Literal["pending", "paid", "refunded"] = "pending"
    notes: Annotated[str, Field(max_length=5000, pattern=r"^[^\x00]*$")] = ""
    tags: Annotated[list[Annotated[str, Field(max_length=50, pattern=r"^[^\x00]*$")]], Field(max_length=20)] = []
    placed_at: Instant | None = None  # ISO 8601 only: 1733568000 is not a moment anyone typed
    channel: Annotated[
        str,
        Field(
            pattern=r"^[a-z0-9][a-z0-9_-]{0,31}$",
            description="where the order was sold (default api), e.g. web: with external_id it identifies the "
            "order, and routing applies that channel's warehouses and split policy",
        ),
    ] = "api"
    priority: Annotated[int, Field(ge=-32768, le=32767, description="higher is served first when stock is short")] = 0
    shipping_method: Annotated[
        str, Field(max_length=64, pattern=r"^[^\x00]*$", description="as the customer chose it, e.g. Express")
    ] = ""
    draft: bool = Field(
        False,
        description="true: a draft, holding no stock, until POST /api/orders/{number}/confirm (reserve is ignored)",
    )


class OrderBulkIn(Schema):
    orders: Annotated[list[OrderCreateIn], Field(min_length=1, max_length=MAX_BULK)]


_CONTACT_NOTE = "null unless the caller may see customers' contact details (orders.view_customer_contact)"


class AddressOut(Schema):
    name: str
    company: str
    line1: str
    line2: str
    city: str
    region: str
    postal_code: str
    country: str
    phone: str
    email: str | None = Field(None, description=_CONTACT_NOTE)

    @staticmethod
    def resolve_email(address: Any, context: Any) -> str | None:
        return address.email if caller_may(context, SEE_CUSTOMER_CONTACT) else None


class OrderLineOut(Schema):
    line_no: int
    sku: str
    quantity: int
    reserved_quantity: int
    shipped_quantity: int
    returned_quantity: int
    unit_price: Decimal
    discount: Decimal
    tax: Decimal
    external_id: str


class HoldOut(Schema):
    id: int
    kind: str
    reason: str
    placed_at: datetime
    lifted_at: datetime | None
    active: bool


class OrderSummaryOut(Schema):
    number: str
    channel: str
    external_id: str
    status: str
    payment_status: str
    on_hold: bool = False
    currency: str
    grand_total: Decimal
    customer_email: str | None = Field(None, description=_CONTACT_NOTE)
    warehouse: str | None = Field(None, validation_alias="warehouse.code")
    priority: int
    placed_at: datetime
    created_at: datetime

    # Totals as the customer sees them: in the currency's minor unit (core.money); lines keep four decimals.
    @staticmethod
    def resolve_grand_total(order: Any) -> Decimal:
        return round_money(order.grand_total, order.currency)

    @staticmethod
    def resolve_customer_email(order: Any, context: Any) -> str | None:
        return order.customer_email if caller_may(context, SEE_CUSTOMER_CONTACT) else None


class OrderOut(OrderSummaryOut):
    billing: AddressOut | None = Field(None, description=_CONTACT_NOTE)
    shipping: AddressOut | None = Field(
        None,
        description="null when none was given, or unless the caller may see ship-to addresses (orders.view_ship_to)",
    )
    shipping_method: str
    shipping_charge: Decimal
    subtotal: Decimal
    discount_total: Decimal
    tax_total: Decimal
    notes: str
    tags: list[str]
    updated_at: datetime
    lines: list[OrderLineOut]
    holds: list[HoldOut]

    @staticmethod
    def resolve_shipping_charge(order: Any) -> Decimal:
        return round_money(order.shipping_charge, order.currency)

    @staticmethod
    def resolve_subtotal(order: Any) -> Decimal:
        return round_money(order.subtotal, order.currency)

    @staticmethod
    def resolve_discount_total(order: Any) -> Decimal:
        return round_money(order.discount_total, order.currency)

    @staticmethod
    def resolve_tax_total(order: Any) -> Decimal:
        return round_money(order.tax_total, order.currency)

    route_reason: str = Field("", description="why routing chose the warehouse(s), e.g. 'IST ships all 3 lines; …'")
    route: dict = Field(
        default_factory=dict,
        description="routing's facts: policy, ship-to zone, warehouse code per line no, backordered line nos, "
        "and per candidate warehouse its distance, priority and the lines it could ship",
    )

    @staticmethod
    def resolve_billing(order: Any, context: Any) -> Any:
        return order.billing if caller_may(context, SEE_CUSTOMER_CONTACT) else None

    @staticmethod
    def resolve_shipping(order: Any, context: Any) -> Any:
        return order.shipping if caller_may(context, SEE_SHIP_TO) else None


class BulkItemOut(Schema):
    index: int
    result: Literal["created", "duplicate", "error"]
    external_id: str
    number: str | None = None
    status: str | None = Field(None, description="the order's status (with reserve: reserved or backordered)")
    error: dict | None = Field(None, description="the problem+json of a refused item")


class BulkOut(Schema):
    created: int
    duplicates: int
    errors: int
    items: list[BulkItemOut]


class HoldIn(Schema):
    kind: Literal["payment", "fraud", "address", "manual"]
    reason: Annotated[str, Field(min_length=1, max_length=500, pattern=r"^[^\x00]+$")]


class CancelIn(Schema):
    reason: Annotated[str, Field(max_length=500, pattern=r"^[^\x00]*$")] = ""


class ReleaseIn(Schema):
    warehouse: Code | None = Field(None, description="defaults to the warehouse holding the reservations")


class OrderImportErrorOut(Schema):
    line: int
    column: str
    reason: str


class OrderImportOut(Schema):
    file_name: str
    ok: bool
    dry_run: bool
    reserve: bool
    rows: int
    orders: int
    created: int = Field(description="orders created now (with dry_run: that would be created)")
    existing: int = Field(description="orders already there (an earlier import, another path): left unchanged")
    reserved: int
    backordered: int
    seconds: float
    errors: list[OrderImportErrorOut]
    done: int = Field(0, description="orders handled so far (created or found); while a job runs, its progress")


class OrderImportJobOut(Schema):
    """A file too large to write within the request, written by the worker: ask again for its
    progress (`report.done` of `report.orders`) until `status` is done or failed."""

    id: int
    file_name: str
    status: Literal["queued", "running", "done", "failed"]
    percent: int
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    report: OrderImportOut
