"""Receive a batch of orders in one transaction, each reserved as it is created.

What `receive_order` then `reserve_order` do for one order, done for many with set-based
statements. Before the transaction: one read each for the orders already there, the SKUs, the
kits' components and the routing settings. Inside it: one insert each for the addresses, the
orders, their lines, the reservations, the audit rows and the events, plus one lock and one
update of the quants (inventory/services/locked_stock.py). The rows are the ones the
one-by-one path writes (the same route, reservations, audit rows and events), so the order
page and every later step cannot tell the two apart; a new order is written already reserved
or backordered, never seen half done.

Idempotent like receive_order: an order whose (channel, external_id) is there already, or came
earlier in the same batch, is a duplicate and changes nothing. Bad input (an invalid order, an
unknown SKU) is reported for that order alone; the others go on. When another writer commits
one of our external ids first (our insert then breaks the unique constraint) or deadlocks with
us, the batch rolls back whole and is tried again, and then finds those orders there.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone

from arkaofis.catalog.exceptions import UnknownSku
from arkaofis.catalog.models import Product
from arkaofis.core.exceptions import DomainError, InvalidInput
from arkaofis.core.models import AuditLog, OutboxEvent
from arkaofis.core.money import round_unit
from arkaofis.core.services.outbox import deliver_after_commit
from arkaofis.inventory.services.locked_stock import LockedStock, Take
from arkaofis.orders import domain
from arkaofis.orders.events import order_audit_row, order_change_rows
from arkaofis.orders.models import Address, SalesOrder, SalesOrderLine
from arkaofis.orders.services._kits import Component, kit_components, line_demands
from arkaofis.orders.services._locking import user_id_of
from arkaofis.orders.services.intake import AddressIn, OrderIn, validate_order
from arkaofis.orders.services.reservation import hold_lines
from arkaofis.orders.services.routing import RoutingSettings, route_lines

ATTEMPTS = 4  # a batch that keeps colliding with other writers gives up after this many tries
_RETRY_SQLSTATES = frozenset({"40P01", "40001"})  # PostgreSQL: deadlock detected, serialization failure


@dataclass(frozen=True)
class Outcome:
    """What became of the order at `index` of the batch."""

    index: int
    external_id: str
    order_id: int | None = None
    created: bool = False  # False: a duplicate of order_id, or an error
    status: str = ""
    error: DomainError | None = None
    # A new order as saved (addresses attached) and its lines, so a caller can answer without a re-read.
    order: SalesOrder | None = field(default=None, repr=False, compare=False)
    lines: tuple[SalesOrderLine, ...] = field(default=(), repr=False, compare=False)

    @property
    def number(self) -> str:
        return domain.format_number(self.order_id)


def receive_orders(orders: Sequence[OrderIn], *, user: Any, source: str, reserve: bool = True) -> list[Outcome]:
    """Create the new orders of `orders` (reserved, or backordered where stock is short, unless
    `reserve` is False); return one Outcome per order, in the batch's order. A batch of more
    than MAX_LINES_PER_WRITE lines is written in several transactions."""
    outcomes: dict[int, Outcome] = {}
    pending: list[tuple[int, OrderIn]] = []
    for index, order in enumerate(orders):
        try:
            validate_order(order)
        except InvalidInput as error:
            outcomes[index] = Outcome(index, order.external_id, error=error)
        else:
            pending.append((index, order))
    for chunk in _chunks(pending):
        for attempt in range(1, ATTEMPTS + 1):
            try:
                outcomes.update(_attempt(chunk, user=user, source=source, reserve=reserve))
                break
            except (IntegrityError, OperationalError) as error:
                if attempt == ATTEMPTS or not _worth_retrying(error):
                    raise
    return [outcomes[index] for index in range(len(orders))]


MAX_LINES_PER_WRITE = 5_000  # keeps every IN (…) list and insert well under SQLite's 32,766 parameters


def _chunks(pending: list[tuple[int, OrderIn]]) -> list[list[tuple[int, OrderIn]]]:
    """The batch cut where its lines pass MAX_LINES_PER_WRITE: each part is written in its own
    transaction (a savepoint inside the caller's)."""
    chunks: list[list[tuple[int, OrderIn]]] = [[]]
    lines = 0
    for item in pending:
        if chunks[-1] and lines + len(item[1].lines) > MAX_LINES_PER_WRITE:
            chunks.append([])
            lines = 0
        chunks[-1].append(item)
        lines += len(item[1].lines)
    return chunks


def _worth_retrying(error: Exception) -> bool:
    """A unique clash (another writer committed one of our orders first) or a deadlock."""
    if isinstance(error, IntegrityError):
        return True
    return getattr(error.__cause__, "sqlstate", None) in _RETRY_SQLSTATES


def _attempt(pending: list[tuple[int, OrderIn]], *, user: Any, source: str, reserve: bool) -> dict[int, Outcome]:
    there = _existing({(order.channel, order.external_id) for _, order in pending})
    skus = {line.sku for _, order in pending for line in order.lines}
    products = {
        sku: (pk, is_kit) for sku, pk, is_kit in Product.objects.filter(sku__in=skus).values_list("sku", "pk", "is_kit")
    }
    outcomes: dict[int, Outcome] = {}
    new: list[tuple[int, OrderIn]] = []
    first_of: dict[tuple[str, str], int] = {}  # key → index of the batch's order that creates it
    repeats: list[tuple[int, int]] = []
    for index, order in pending:
        key = (order.channel, order.external_id)
        if key in there:
            order_id, status = there[key]
            outcomes[index] = Outcome(index, order.external_id, order_id, status=status)
        elif key in first_of:
            repeats.append((index, first_of[key]))
        elif unknown := next((line.sku for line in order.lines if line.sku not in products), None):
            outcomes[index] = Outcome(index, order.external_id, error=UnknownSku(unknown))
        else:
            first_of[key] = index
            new.append((index, order))
    if new:
        with transaction.atomic():
            written = _write([order for _, order in new], products, user=user, source=source, reserve=reserve)
        for (index, order), (sales_order, lines) in zip(new, written, strict=True):
            outcomes[index] = Outcome(
                index, order.external_id, sales_order.pk, True, sales_order.status, None, sales_order, tuple(lines)
            )
    for index, first in repeats:
        original = outcomes[first]
        outcomes[index] = Outcome(index, original.external_id, original.order_id, status=original.status)
    return outcomes


def _existing(keys: set[tuple[str, str]]) -> dict[tuple[str, str], tuple[int, str]]:
    by_channel: dict[str, list[str]] = defaultdict(list)
    for channel, external_id in keys:
        by_channel[channel].append(external_id)
    if not by_channel:
        return {}
    match = Q()
    for channel, external_ids in by_channel.items():
        match |= Q(channel=channel, external_id__in=external_ids)
    rows = SalesOrder.objects.filter(match).values_list("channel", "external_id", "pk", "status")
    return {(channel, external_id): (pk, status) for channel, external_id, pk, status in rows}


def _write(
    orders: list[OrderIn], products: dict[str, tuple[int, bool]], *, user: Any, source: str, reserve: bool
) -> list[tuple[SalesOrder, list[SalesOrderLine]]]:
    """Insert `orders` (all new, all SKUs known) and their reservations; return them saved."""
    built = [_build(order, products) for order in orders]
    Address.objects.bulk_create([address for _, _, addresses in built for address in addresses])
    kits = [pk for pk, is_kit in products.values() if is_kit]
    confirmed = [one for one in built if one[0].status == domain.OrderStatus.CONFIRMED.value]  # drafts hold nothing
    reserving = _Reserving.start(confirmed, kits=kits, user=user, source=source) if reserve and confirmed else None
    SalesOrder.objects.bulk_create([sales_order for sales_order, _, _ in built])
    SalesOrderLine.objects.bulk_create([line for _, lines, _ in built for line in lines])
    audits: list[AuditLog] = []
    events: list[OutboxEvent] = []
    for (sales_order, _, _), order in zip(built, orders, strict=True):
        created = {
            "status": (domain.OrderStatus.DRAFT if order.draft else domain.OrderStatus.CONFIRMED).value,
            "channel": order.channel,
            "external_id": order.external_id,
            "currency": order.currency,
            "total": str(sales_order.grand_total),
        }
        rows = order_change_rows(
            order=sales_order, action="order.created", topic="order.created", user=user, source=source, data=created
        )
        audits.append(rows[0])
        events.append(rows[1])
    if reserving is not None:
        reserving.finish(audits, events)
    AuditLog.objects.bulk_create(audits)
    OutboxEvent.objects.bulk_create(events)
    deliver_after_commit()
    return [(sales_order, lines) for sales_order, lines, _ in built]


def _build(
    order: OrderIn, products: dict[str, tuple[int, bool]]
) -> tuple[SalesOrder, list[SalesOrderLine], list[Address]]:
    """The order, its lines and addresses as unsaved rows (receive_order's fields). Money is
    rounded to the columns' 4 places here, so the rows in memory read as the stored ones."""
    billing, shipping = _address(order.billing), _address(order.shipping)
    totals = domain.order_totals(
        ((line.quantity, line.unit_price, line.discount, line.tax) for line in order.lines), order.shipping_charge
    )
    totals = {name: _money(value) for name, value in totals.items()}
    sales_order = SalesOrder(
        channel=order.channel,
        external_id=order.external_id,
        customer_email=order.customer_email,
        billing=billing,
        shipping=shipping,
        currency=order.currency,
        status=(domain.OrderStatus.DRAFT if order.draft else domain.OrderStatus.CONFIRMED).value,
        payment_status=order.payment_status,
        notes=order.notes,
        tags=list(order.tags),
        shipping_charge=_money(order.shipping_charge),
        placed_at=order.placed_at or timezone.now(),
        priority=order.priority,
        shipping_method=order.shipping_method,
        **totals,
    )
    lines = [
        SalesOrderLine(
            order=sales_order,
            line_no=line_no,
            product_id=products[line.sku][0],
            sku=line.sku,
            quantity=line.quantity,
            unit_price=_money(line.unit_price),
            discount=_money(line.discount),
            tax=_money(line.tax),
            external_id=line.external_id,
        )
        for line_no, line in enumerate(order.lines, start=1)
    ]
    return sales_order, lines, [address for address in (billing, shipping) if address is not None]


def _money(value: Decimal) -> Decimal:
    """To the money columns' internal places (core.money.UNIT_PLACES), as the rows will read."""
    return round_unit(value)


def _address(address: AddressIn | None) -> Address | None:
    if address is None:
        return None
    return Address(**{field: getattr(address, field) for field in AddressIn.__dataclass_fields__})


@dataclass
class _Held:
    """What reserving one order decided in memory, written once the order has its number."""

    order: SalesOrder
    takes: list[tuple[SalesOrderLine, str, list[Take]]]  # (line, component SKU or "", takes)
    short: list[dict]
    route: dict | None  # the order.routed audit data, when routing chose something new


@dataclass
class _Reserving:
    """The batch's reservations: planned under the quants' lock, saved after the orders."""

    stock: LockedStock
    held: list[_Held]
    user: Any
    source: str

    @classmethod
    def start(
        cls,
        built: list[tuple[SalesOrder, list[SalesOrderLine], list[Address]]],
        *,
        kits: list[int],
        user: Any,
        source: str,
    ) -> "_Reserving":
        """Route and reserve every order in memory, in batch order: the first order gets the
        last units. The orders' status, route and lines' warehouse and reserved quantity are
        set on the unsaved rows. `kits`: the batch's kit products (their components are read)."""
        bom = kit_components(kits) if kits else {}
        settings = RoutingSettings.load(
            channels={sales_order.channel for sales_order, _, _ in built},
            countries={sales_order.shipping.country for sales_order, _, _ in built if sales_order.shipping},
        )
        needed = {
            pid
            for _, lines, _ in built
            for line in lines
            for pid in ([c[0] for c in bom[line.product_id]] if line.product_id in bom else [line.product_id])
        }
        reserving = cls(LockedStock.lock(needed), [], user, source)
        for sales_order, lines, _ in built:
            reserving.held.append(reserving._order(sales_order, lines, bom, settings))
        return reserving

    def _order(
        self, order: SalesOrder, lines: list[SalesOrderLine], bom: dict[int, list[Component]], settings: RoutingSettings
    ) -> _Held:
        ship_to = order.shipping
        setting = settings.setting(
            channel=order.channel,
            country=ship_to.country if ship_to else "",
            postal_code=ship_to.postal_code if ship_to else "",
        )
        routed = route_lines(order=order, lines=lines, bom=bom, setting=setting, stock=self.stock.free)
        route = {"status": order.status, **routed.audit()} if routed is not None and routed.changed else None
        held = _Held(order, [], [], route)
        held.short = hold_lines(
            lines, bom, routed, hold=lambda line, components: held.takes.extend(self._line(order, line, components))
        )
        order.status = domain.check_transition(
            order.status, domain.status_after_reserving(lines_short=len(held.short))
        ).value
        return held

    def _line(
        self, order: SalesOrder, line: SalesOrderLine, components: list[Component] | None
    ) -> list[tuple[SalesOrderLine, str, list[Take]]]:
        """Hold one whole line (a kit: every component or none), as reserve_order's _reserve_line."""
        demands = line_demands(
            product_id=line.product_id,
            sku=line.sku,
            quantity=line.quantity,
            components=components,
            warehouse_id=line.warehouse_id or order.warehouse_id,
        )
        held = self.stock.take_line(demands)  # the whole line, or InsufficientStock and nothing
        taken = [(line, sku if components else "", takes) for (sku, _), takes in zip(demands, held, strict=True)]
        line.reserved_quantity = line.quantity
        if line.warehouse_id is None:
            where = {take.slot.warehouse_id for _, _, takes in taken for take in takes}
            if len(where) == 1:
                line.warehouse_id = where.pop()
        return taken

    def finish(self, audits: list[AuditLog], events: list[OutboxEvent]) -> None:
        """Save the reservations (the orders now have numbers) and add the audit rows and
        events of routing and reserving, as reserve_order writes them."""
        holds: list[tuple[str, Take]] = []
        for held in self.held:
            number = held.order.number
            for line, component_sku, takes in held.takes:
                ref = domain.demand_ref(number, line.line_no, component_sku)
                holds.extend((ref, take) for take in takes)
        self.stock.save(holds, user_id=user_id_of(self.user), source=self.source, now=timezone.now())
        for held in self.held:
            order = held.order
            data: dict[str, Any] = {"short": held.short}
            if held.route is not None:
                audit_data = {"number": order.number, **held.route}
                audits.append(
                    order_audit_row(
                        order=order, action="order.routed", user=self.user, source=self.source, data=audit_data
                    )
                )
                data["route"] = order.route_reason
            action = "order.backordered" if held.short else "order.reserved"
            audit, event = order_change_rows(order=order, action=action, user=self.user, source=self.source, data=data)
            audits.append(audit)
            events.append(event)
