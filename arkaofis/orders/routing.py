"""Routing: which warehouse serves each line of an order, and why. Pure rules, no Django.

Preference order:
  (a) one warehouse that can ship every line: the nearest to the ship-to, then the best
      priority (lower first), then the code;
  (b) otherwise, by the channel's split policy:
      - "split": fewest shipments (greedy set cover: each round takes the warehouse that ships
        the most remaining lines, ties by distance then priority); lines no warehouse can ship
        are backordered in the warehouse best for them (one already shipping part of the
        order, else the one with the most of their stock, then distance and priority);
      - "backorder" (ship complete): the one warehouse that ships the most (lines, then units);
        everything else waits there.
A warehouse "ships" a set of lines when its available-to-promise covers their summed demand
per product (a kit line's demand is its components'). Lines already reserved are `fixed`: their
warehouse already ships, so routing prefers it for the rest (one parcel fewer), and a
ship-complete order keeps to it. Distance is unknown when no row of the distance table matches;
an unknown distance ranks after every known one.
"""

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

SPLIT = "split"
BACKORDER = "backorder"


@dataclass(frozen=True)
class LineNeed:
    line_no: int
    quantity: int  # units of the line as ordered (whole kits for a kit line)
    needs: Mapping[int, int]  # product id → units of stock it takes (a kit: its components)
    fixed_warehouse: int | None = None  # already reserved there


@dataclass(frozen=True)
class Candidate:
    warehouse_id: int
    code: str
    priority: int
    distance_km: int | None = None
    zone: str = ""  # the distance row that matched, e.g. "TR-34" (country-prefix)


@dataclass(frozen=True)
class DistanceRow:
    warehouse_id: int
    country: str
    postal_prefix: str
    distance_km: int


@dataclass
class Plan:
    warehouse_by_line: dict[int, int]  # line no → warehouse id, every line that has a candidate
    backordered: list[int]  # line nos no warehouse can ship now (they wait in their warehouse)
    single_warehouse: int | None  # the one warehouse that serves every line, if any
    reason: str
    facts: dict = field(default_factory=dict)


Stock = Mapping[tuple[int, int], int]  # (warehouse id, product id) → available-to-promise

# The reason is kept as clauses (a key and its values), in groups: clauses of a group are joined by
# ", ", groups by "; ". The English sentence (route_reason, the API, the audit) is made from them
# here, and the order page says the same clauses in the reader's language (orders_ui.route_reason).
# The English texts are the catalogue's message ids: makemessages finds them by the names of these
# two markers (no-ops: this module knows nothing of Django).
Clause = tuple[str, dict]
Why = list[list[Clause]]


def gettext_noop(text: str) -> tuple[str, str]:
    return text, text


def ngettext_lazy(singular: str, plural: str) -> tuple[str, str]:
    return singular, plural


CLAUSES: dict[str, tuple[str, str]] = {
    "ships_all": ngettext_lazy("%(warehouse)s ships all %(count)s line", "%(warehouse)s ships all %(count)s lines"),
    "ships_rest": ngettext_lazy(
        "%(warehouse)s ships all %(count)s line left; it already holds the rest of the order",
        "%(warehouse)s ships all %(count)s lines left; it already holds the rest of the order",
    ),
    "only_one": gettext_noop("the only warehouse that can (%(distance)s)"),
    "nearest": gettext_noop("nearest to %(zone)s (%(km)s km)"),
    "best_priority": gettext_noop("%(distance)s, best priority (%(priority)s)"),
    "distance": gettext_noop("%(km)s km to %(zone)s"),
    "no_distance": gettext_noop("no distance known to %(zone)s"),
    "no_distance_address": gettext_noop("no distance known to the address"),
    "nearer_short": gettext_noop("%(warehouses)s nearer but short of stock"),
    "none_ships_all": ngettext_lazy("No warehouse ships all %(count)s line", "No warehouse ships all %(count)s lines"),
    "split_into": ngettext_lazy(
        "split into %(count)s shipment: %(parts)s", "split into %(count)s shipments: %(parts)s"
    ),
    "none_has_stock": gettext_noop("none has stock for any of them"),
    "backordered_in": gettext_noop("%(lines)s backordered in %(warehouse)s"),
    "ships_complete": gettext_noop(
        "No warehouse ships all %(count)s lines and the channel ships complete: "
        "%(warehouse)s ships the most (%(taken)s of %(count)s)"
    ),
    "backordered_there": gettext_noop("%(lines)s backordered there"),
    "no_warehouse": gettext_noop("No active warehouse may ship this order's channel"),
}


def say(why: Why, text: Callable[[str, dict], str] | None = None) -> str:
    """The sentence of `why`; `text(key, values)` says one clause (default: in English). A value
    that is itself a clause (a distance inside "the only warehouse that can") is said first."""
    text = text or english

    def clause(key: str, values: dict) -> str:
        said = {name: clause(*value) if isinstance(value, list | tuple) else value for name, value in values.items()}
        return text(key, said)

    return "; ".join(", ".join(clause(key, values) for key, values in group) for group in why)


def _as_stored(value: object) -> object:
    """The clauses as JSON keeps them (tuples become lists), so a plan in memory equals one read back."""
    if isinstance(value, list | tuple):
        return [_as_stored(item) for item in value]
    if isinstance(value, dict):
        return {key: _as_stored(item) for key, item in value.items()}
    return value


def english(key: str, values: dict) -> str:
    singular, plural = CLAUSES[key]
    return (singular if values.get("count") == 1 else plural) % values


def match_distance(rows: Iterable[DistanceRow], *, country: str, postal_code: str) -> dict[int, tuple[int, str]]:
    """Per warehouse, the distance of its most specific row matching the address, and the zone
    label: the longest postal prefix of the address's country (an empty prefix: the whole country)."""
    postal = postal_code.replace(" ", "").upper()
    best: dict[int, DistanceRow] = {}
    for row in rows:
        prefix = row.postal_prefix.replace(" ", "").upper()
        if row.country.upper() != country.upper() or not postal.startswith(prefix):
            continue
        current = best.get(row.warehouse_id)
        if current is None or len(prefix) > len(current.postal_prefix):
            best[row.warehouse_id] = row
    return {wid: (row.distance_km, zone_label(row.country, row.postal_prefix)) for wid, row in best.items()}


def zone_label(country: str, postal_prefix: str) -> str:
    return f"{country.upper()}-{postal_prefix}" if postal_prefix else country.upper()


def _rank(candidate: Candidate) -> tuple:
    unknown = candidate.distance_km is None
    return (unknown, candidate.distance_km or 0, candidate.priority, candidate.code)


def ships(candidate: Candidate, lines: Iterable[LineNeed], stock: Stock) -> bool:
    """True when the warehouse's stock covers the summed demand of `lines`."""
    total: Counter[int] = Counter()
    for line in lines:
        total.update(line.needs)
    return all(stock.get((candidate.warehouse_id, pid), 0) >= units for pid, units in total.items())


def _greedy_take(candidate: Candidate, lines: list[LineNeed], stock: Stock) -> list[LineNeed]:
    """The lines (in order) this warehouse can ship together from its stock."""
    left = dict(stock)
    taken = []
    for line in lines:
        if all(left.get((candidate.warehouse_id, pid), 0) >= units for pid, units in line.needs.items()):
            for pid, units in line.needs.items():
                left[(candidate.warehouse_id, pid)] = left.get((candidate.warehouse_id, pid), 0) - units
            taken.append(line)
    return taken


def _after_taking(stock: Stock, warehouse_id: int, lines: Iterable[LineNeed]) -> dict[tuple[int, int], int]:
    left = dict(stock)
    for line in lines:
        for pid, units in line.needs.items():
            left[(warehouse_id, pid)] = left.get((warehouse_id, pid), 0) - units
    return left


def plan_route(
    *, lines: list[LineNeed], candidates: list[Candidate], stock: Stock, policy: str = SPLIT, zone: str = ""
) -> Plan:
    """Choose a warehouse for every line not yet fixed; see the module's docstring for the order."""
    if not candidates:
        why: Why = [[("no_warehouse", {})]]
        return Plan({}, [], None, say(why), {**_facts([], lines, stock, {}), "why": _as_stored(why)})
    by_id = {c.warehouse_id: c for c in candidates}
    fixed = {line.line_no: line.fixed_warehouse for line in lines if line.fixed_warehouse is not None}
    used = {wid for wid in fixed.values() if wid in by_id}
    if policy == BACKORDER and used:
        candidates = [by_id[wid] for wid in sorted(used, key=lambda wid: _rank(by_id[wid]))]
    open_lines = [line for line in lines if line.fixed_warehouse is None]
    ranked = sorted(candidates, key=lambda c: (c.warehouse_id not in used, *_rank(c)))
    everything = [c for c in ranked if ships(c, open_lines, stock)]
    if everything:
        chosen = everything[0]
        plan = {line.line_no: chosen.warehouse_id for line in open_lines}
        nearer = [c for c in ranked if _rank(c) < _rank(chosen) and c.warehouse_id not in used]
        why = _reason_all(chosen, everything, len(open_lines), zone, used, nearer)
        backordered: list[int] = []
    elif policy == BACKORDER:
        plan, backordered, why = _ship_complete(open_lines, ranked, stock)
    else:
        plan, backordered, why = _split(open_lines, ranked, stock, used)
    plan = {**fixed, **plan}
    warehouses = set(plan.values())
    single = next(iter(warehouses)) if len(warehouses) == 1 and len(plan) == len(lines) else None
    facts = {**_facts(candidates, lines, stock, plan, backordered), "why": _as_stored(why)}
    return Plan(plan, sorted(backordered), single, say(why), facts)


def _distance(candidate: Candidate, zone: str) -> Clause:
    if candidate.distance_km is None:
        return ("no_distance", {"zone": zone}) if zone else ("no_distance_address", {})
    return ("distance", {"km": candidate.distance_km, "zone": candidate.zone or zone})


def _reason_all(
    chosen: Candidate, able: list[Candidate], count: int, zone: str, used: set[int], nearer: list[Candidate]
) -> Why:
    if chosen.warehouse_id in used:
        return [[("ships_rest", {"warehouse": chosen.code, "count": count})]]
    what: Clause = ("ships_all", {"warehouse": chosen.code, "count": count})
    short: Why = [[("nearer_short", {"warehouses": ", ".join(c.code for c in nearer)})]] if nearer else []
    if len(able) == 1:
        return [[what], [("only_one", {"distance": _distance(chosen, zone)})], *short]
    runner_up = able[1]
    if chosen.distance_km is not None and chosen.distance_km != runner_up.distance_km:
        return [[what], [("nearest", {"zone": chosen.zone or zone, "km": chosen.distance_km})], *short]
    return [[what], [("best_priority", {"distance": _distance(chosen, zone), "priority": chosen.priority})], *short]


def _split(
    lines: list[LineNeed], ranked: list[Candidate], stock: Stock, used: set[int]
) -> tuple[dict[int, int], list[int], Why]:
    plan: dict[int, int] = {}
    left_stock = dict(stock)
    remaining = list(lines)
    shipments: list[tuple[Candidate, list[LineNeed]]] = []
    while remaining:
        # Most lines first; warehouses already shipping win ties, then distance and priority.
        options = [(c, _greedy_take(c, remaining, left_stock)) for c in ranked]
        best, taken = max(options, key=lambda option: len(option[1]), default=(None, []))
        if best is None or not taken:
            break
        shipments.append((best, taken))
        left_stock = _after_taking(left_stock, best.warehouse_id, taken)
        for line in taken:
            plan[line.line_no] = best.warehouse_id
        remaining = [line for line in remaining if line.line_no not in plan]
    shipping = used | {c.warehouse_id for c, _ in shipments}
    waits: dict[int, Candidate] = {}
    for line in remaining:
        home = _best_home(line, ranked, stock, shipping)
        plan[line.line_no] = home.warehouse_id
        waits[line.line_no] = home
    parts = ", ".join(f"{c.code} ({_line_list(taken)})" for c, taken in shipments)
    why: Why = [[("none_ships_all", {"count": len(lines)})]]
    why.append([("split_into", {"count": len(shipping), "parts": parts})] if shipments else [("none_has_stock", {})])
    if waits:
        why.append([("backordered_in", {"lines": f"L{no}", "warehouse": c.code}) for no, c in waits.items()])
    return plan, list(waits), why


def _best_home(line: LineNeed, ranked: list[Candidate], stock: Stock, shipping: set[int]) -> Candidate:
    """Where a line no warehouse can ship now waits: with a shipment of this order if possible
    (one parcel fewer when it arrives), else where most of its stock already is."""

    def covered(c: Candidate) -> float:
        parts = [min(1.0, stock.get((c.warehouse_id, pid), 0) / units) for pid, units in line.needs.items() if units]
        return sum(parts) / len(parts) if parts else 0.0

    return min(ranked, key=lambda c: (c.warehouse_id not in shipping, -covered(c), *_rank(c)))


def _ship_complete(
    lines: list[LineNeed], ranked: list[Candidate], stock: Stock
) -> tuple[dict[int, int], list[int], Why]:
    def score(c: Candidate) -> tuple:
        taken = _greedy_take(c, lines, stock)
        return (-len(taken), -sum(line.quantity for line in taken))

    chosen = min(ranked, key=lambda c: (*score(c), ranked.index(c)))
    taken = _greedy_take(chosen, lines, stock)
    waiting = [line.line_no for line in lines if line not in taken]
    plan = {line.line_no: chosen.warehouse_id for line in lines}
    why: Why = [
        [("ships_complete", {"count": len(lines), "warehouse": chosen.code, "taken": len(taken)})],
        [("backordered_there", {"lines": ", ".join(f"L{no}" for no in waiting)})],
    ]
    return plan, waiting, why


def _line_list(lines: Iterable[LineNeed]) -> str:
    return ", ".join(f"L{line.line_no}" for line in lines)


def _facts(
    candidates: list[Candidate],
    lines: list[LineNeed],
    stock: Stock,
    plan: dict[int, int],
    backordered: list[int] | None = None,
) -> dict:
    """What the order page shows: per candidate, the lines it could ship on its own, distance and
    priority, and the lines routed to it."""
    rows = [
        {
            "warehouse_id": c.warehouse_id,
            "warehouse": c.code,
            "distance_km": c.distance_km,
            "zone": c.zone,
            "priority": c.priority,
            "can_ship": [line.line_no for line in lines if ships(c, [line], stock)],
            "ships_all": ships(c, [line for line in lines if line.fixed_warehouse is None], stock),
            "lines": sorted(no for no, wid in plan.items() if wid == c.warehouse_id),
        }
        for c in sorted(candidates, key=_rank)
    ]
    return {"candidates": rows, "backordered": sorted(backordered or [])}
