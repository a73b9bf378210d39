"""Route an order: choose the warehouse of each line not yet reserved, store why, audit it.

The rules are in orders/routing.py; this module gathers their inputs (the channel's allowed
warehouses and split policy, available-to-promise per warehouse × product, the distance table
row for the ship-to) and stores the plan: SalesOrderLine.warehouse per line, SalesOrder.warehouse
when one warehouse serves the whole order (else empty), the reason and the facts behind it.

Routing is advice read without locks: reserve_order routes and reserves in one transaction, and
the reservation's guarded update is the final word (a line whose stock went meanwhile is
backordered in the warehouse chosen for it, and routed again on the next try).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Sum

from arkaofis.inventory.models import Quant
from arkaofis.orders import routing
from arkaofis.orders.domain import OrderStatus
from arkaofis.orders.events import record_order_change
from arkaofis.orders.exceptions import OrderClosed
from arkaofis.orders.models import Address, SalesOrder, SalesOrderLine
from arkaofis.orders.services._kits import Component, kit_components
from arkaofis.orders.services._locking import lock_order

# Reserved orders may be routed too: every line is fixed then, so only the facts are refreshed.
ROUTABLE = frozenset({OrderStatus.DRAFT, OrderStatus.CONFIRMED, OrderStatus.BACKORDERED, OrderStatus.RESERVED})


def route_order(*, order_id: int, user: Any, source: str) -> SalesOrder:
    """Route every line not reserved yet. Raises OrderClosed once the order is released or closed."""
    with transaction.atomic():
        order = lock_order(order_id)
        if order.status not in ROUTABLE:
            raise OrderClosed(order.number, order.status, "routed")
        lines = list(order.lines.all())
        routed = route_lines(order=order, lines=lines, bom=kit_components([line.product_id for line in lines]))
        if routed is not None and routed.changed:
            save_route(order, routed)
            order.save(update_fields=[*ROUTE_FIELDS, "updated_at"])
            record_order_change(order=order, action="order.routed", user=user, source=source, data=routed.audit())
        return order


ROUTE_FIELDS = ("warehouse", "route_reason", "route")
# (warehouse ids, product ids) → available-to-promise per (warehouse, product)
StockReader = Callable[[list[int], list[int]], dict[tuple[int, int], int]]


@dataclass
class Routed:
    """A plan laid on the order and its lines in memory; save_route (or the caller's own saves)
    writes it."""

    plan: routing.Plan
    moved: list[SalesOrderLine]  # lines whose warehouse changed
    changed: bool  # anything new to store and audit
    shippable: bool = True  # False: no active warehouse may ship the order's channel

    def may_reserve(self, line: SalesOrderLine) -> bool:
        """A line the plan left without a warehouse is held nowhere when the channel may ship from
        no warehouse at all: reserving it "anywhere" would break the channel's restriction."""
        return self.shippable or line.warehouse_id is not None

    def audit(self) -> dict:
        return {"reason": self.plan.reason, "lines": self.plan.facts["lines"], "backordered": self.plan.backordered}


def route_lines(
    *,
    order: SalesOrder,
    lines: list[SalesOrderLine],
    bom: dict[int, list[Component]],
    setting: "Setting | None" = None,
    stock: StockReader | None = None,
) -> Routed | None:
    """Plan `lines` (all lines of the locked `order`) and lay the plan on them and the order in
    memory (line.warehouse, order.warehouse, route_reason, route). No write; reads the setting
    and the stock unless given (a batch passes its own: settings read once, stock it holds locked).

    Reserved lines stay where they are and pull the rest towards their warehouse. None when
    there is nothing to route.
    """
    needs = [_need(line, bom) for line in lines if _routable(line)]
    if not any(need.fixed_warehouse is None for need in needs):
        return None
    setting = setting or read_setting(order)
    product_ids = sorted({pid for need in needs if need.fixed_warehouse is None for pid in need.needs})
    free = (stock or available_stock)([c.warehouse_id for c in setting.candidates], product_ids)
    plan = routing.plan_route(
        lines=needs, candidates=setting.candidates, stock=free, policy=setting.policy, zone=setting.zone
    )
    codes = {c.warehouse_id: c.code for c in setting.candidates}
    plan.facts.update(
        policy=setting.policy,
        zone=setting.zone,
        lines={str(no): codes.get(wid, "") for no, wid in sorted(plan.warehouse_by_line.items())},
    )
    moved = []
    for line in lines:
        target = plan.warehouse_by_line.get(line.line_no)
        if target is not None and target != line.warehouse_id:
            line.warehouse_id = target
            moved.append(line)
    changed = bool(moved) or order.route_reason != plan.reason or order.warehouse_id != plan.single_warehouse
    order.warehouse_id = plan.single_warehouse
    order.route_reason = plan.reason[:500]
    order.route = plan.facts
    return Routed(plan, moved, changed, shippable=bool(setting.candidates))


def save_route(order: SalesOrder, routed: Routed, *, saved: frozenset[int] = frozenset()) -> None:
    """Write the moved lines' warehouses (except lines in `saved`, written by the caller); the
    order's own fields are the caller's to save (ROUTE_FIELDS), with whatever else it changes."""
    unsaved = [line for line in routed.moved if line.pk not in saved]
    if unsaved:
        SalesOrderLine.objects.bulk_update(unsaved, ["warehouse"])


def _routable(line: SalesOrderLine) -> bool:
    # A line reserved before routing existed has no warehouse on record: leave it out.
    return line.reserved_quantity < line.quantity or line.warehouse_id is not None


def _need(line: SalesOrderLine, bom: dict[int, list[Component]]) -> routing.LineNeed:
    components = bom.get(line.product_id)
    if components:
        needs = {component_id: line.quantity * per_kit for component_id, _sku, per_kit in components}
    else:
        needs = {line.product_id: line.quantity}
    fixed = line.warehouse_id if line.reserved_quantity >= line.quantity else None
    return routing.LineNeed(line.line_no, line.quantity, needs, fixed_warehouse=fixed)


@dataclass
class Setting:
    policy: str
    candidates: list[routing.Candidate]
    zone: str


@dataclass(frozen=True)
class _ChannelRule:
    policy: str
    warehouses: list[tuple[int, str, int]]  # (id, code, priority) it may ship from


class RoutingSettings:
    """What routing knows about orders besides stock, read once for a batch: per channel its
    split policy and the active warehouses it may ship from (all when it names none; "api" and
    "import", which have no channel row, split and may use every one), and the distance rows of
    the ship-to countries."""

    def __init__(self, rules: dict[str, _ChannelRule], distances: dict[str, list[routing.DistanceRow]]) -> None:
        self._rules = rules
        self._distances = distances

    @classmethod
    def load(cls, *, channels: set[str], countries: set[str]) -> "RoutingSettings":
        channels, countries = channels or {""}, {c.upper() for c in countries if c} or {""}
        sql = _SETTING.format(channels=_marks(channels), countries=_marks(countries))
        with connection.cursor() as cursor:
            cursor.execute(sql, [*channels, *countries])
            rows = cursor.fetchall()
        every: dict[int, tuple[int, str, int]] = {}
        named: dict[str, tuple[str, set[int]]] = {}
        distances: dict[str, dict[tuple, routing.DistanceRow]] = {}
        for wid, code, priority, channel, policy, allowed, d_country, d_prefix, d_km in rows:
            every[wid] = (wid, code, priority)
            if channel is not None:
                named.setdefault(channel, (policy, set()))[1].update({wid} if allowed else set())
            if d_country is not None:
                row = routing.DistanceRow(wid, d_country, d_prefix, d_km)
                distances.setdefault(d_country, {})[(wid, d_prefix)] = row
        rules = {
            code: _ChannelRule(policy or routing.SPLIT, [w for w in every.values() if w[0] in allowed])
            for code, (policy, allowed) in named.items()
        }
        rules[""] = _ChannelRule(routing.SPLIT, list(every.values()))  # a channel without a row
        return cls(rules, {country: list(rows.values()) for country, rows in distances.items()})

    def setting(self, *, channel: str, country: str, postal_code: str) -> Setting:
        """The policy, candidate warehouses (with their distance to the address) and zone of one order."""
        rule = self._rules.get(channel) or self._rules[""]
        country, postal = (country or "").upper(), (postal_code or "").strip()
        distances = routing.match_distance(self._distances.get(country, ()), country=country, postal_code=postal)
        candidates = [
            routing.Candidate(wid, code, priority, *distances.get(wid, (None, "")))
            for wid, code, priority in rule.warehouses
        ]
        return Setting(rule.policy, candidates, routing.zone_label(country, postal) if country else "")


def _marks(values: set[str]) -> str:
    return ", ".join(["%s"] * len(values))


# Each active warehouse (in priority order) × each named channel that has a row, with whether
# the channel may use the warehouse and its split policy, × the distance rows of the countries.
_SETTING = """
    SELECT w.id, w.code, w.priority, c.code, c.split_policy,
           (c.id IS NULL
            OR NOT EXISTS (SELECT 1 FROM channels_channel_warehouses n WHERE n.channel_id = c.id)
            OR EXISTS (SELECT 1 FROM channels_channel_warehouses m
                       WHERE m.channel_id = c.id AND m.warehouse_id = w.id)),
           d.country, d.postal_prefix, d.distance_km
    FROM inventory_warehouse w
    LEFT JOIN channels_channel c ON c.code IN ({channels})
    LEFT JOIN orders_routedistance d ON d.warehouse_id = w.id AND d.country IN ({countries})
    WHERE w.active
    ORDER BY w.priority, w.code
"""


def read_setting(order: SalesOrder) -> Setting:
    """One order's routing setting (see RoutingSettings)."""
    ship_to = None
    if order.shipping_id is not None:
        ship_to = Address.objects.filter(pk=order.shipping_id).values_list("country", "postal_code").first()
    country, postal = ship_to or ("", "")
    settings = RoutingSettings.load(channels={order.channel}, countries={country})
    return settings.setting(channel=order.channel, country=country, postal_code=postal)


def available_stock(warehouse_ids: list[int], product_ids: list[int]) -> dict[tuple[int, int], int]:
    """Available-to-promise per (warehouse, product), one grouped read."""
    if not warehouse_ids or not product_ids:
        return {}
    rows = (
        Quant.objects.filter(warehouse_id__in=warehouse_ids, product_id__in=product_ids)
        .values_list("warehouse_id", "product_id")
        .annotate(on_hand=Sum("on_hand"), reserved=Sum("reserved"))
    )
    return {(wid, pid): max(0, on_hand - reserved) for wid, pid, on_hand, reserved in rows}
