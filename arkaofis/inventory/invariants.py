"""The ledger invariants, checked in SQL so they stay fast on millions of moves.

Each check returns human-readable lines, one per break; an empty list means it holds.
"""

from django.db import connection

_QUANT_VS_MOVES = """
WITH legs AS (
    SELECT product_id, to_location_id AS location_id, COALESCE(lot_id, 0) AS lot, quantity AS q
    FROM inventory_stockmove
    UNION ALL
    SELECT product_id, from_location_id, COALESCE(lot_id, 0), -quantity FROM inventory_stockmove
), ledger AS (
    SELECT product_id, location_id, lot, SUM(q) AS total FROM legs GROUP BY product_id, location_id, lot
)
SELECT ledger.product_id, ledger.location_id, ledger.lot, ledger.total, COALESCE(qt.on_hand, 0)
FROM ledger LEFT JOIN inventory_quant qt
  ON qt.product_id = ledger.product_id AND qt.location_id = ledger.location_id
 AND COALESCE(qt.lot_id, 0) = ledger.lot
WHERE ledger.total <> COALESCE(qt.on_hand, 0)
UNION ALL
SELECT qt.product_id, qt.location_id, COALESCE(qt.lot_id, 0), 0, qt.on_hand
FROM inventory_quant qt
WHERE qt.on_hand <> 0 AND NOT EXISTS (
    SELECT 1 FROM ledger l WHERE l.product_id = qt.product_id AND l.location_id = qt.location_id
      AND l.lot = COALESCE(qt.lot_id, 0))
LIMIT 50
"""

_PRODUCT_SUMS = """
SELECT product_id, SUM(on_hand) FROM inventory_quant GROUP BY product_id HAVING SUM(on_hand) <> 0 LIMIT 50
"""

_OVERSOLD = """
SELECT product_id, location_id, on_hand, reserved FROM inventory_quant
WHERE reserved < 0 OR (NOT negative_allowed AND (on_hand < 0 OR reserved > on_hand)) LIMIT 50
"""

_RESERVED_VS_RESERVATIONS = """
SELECT qt.id, qt.product_id, qt.location_id, qt.reserved, COALESCE(r.total, 0)
FROM inventory_quant qt LEFT JOIN (
    SELECT quant_id, SUM(quantity) AS total FROM inventory_reservation WHERE status = 'active' GROUP BY quant_id
) r ON r.quant_id = qt.id
WHERE qt.reserved <> COALESCE(r.total, 0) LIMIT 50
"""


def _rows(sql: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def quants_match_moves() -> list[str]:
    return [
        f"quant product={p} location={loc} lot={lot or '-'}: on_hand {on_hand} but moves sum to {total}"
        for p, loc, lot, total, on_hand in _rows(_QUANT_VS_MOVES)
    ]


def products_balance() -> list[str]:
    return [f"product={p}: balances sum to {total}, not 0" for p, total in _rows(_PRODUCT_SUMS)]


def nothing_oversold() -> list[str]:
    return [
        f"quant product={p} location={loc}: on_hand {on_hand}, reserved {reserved}"
        for p, loc, on_hand, reserved in _rows(_OVERSOLD)
    ]


def reserved_matches_reservations() -> list[str]:
    return [
        f"quant {q} product={p} location={loc}: reserved {reserved} but active reservations hold {total}"
        for q, p, loc, reserved, total in _rows(_RESERVED_VS_RESERVATIONS)
    ]


CHECKS = {
    "each quant equals the sum of its moves": quants_match_moves,
    "each product's stock sums to zero over all locations": products_balance,
    "reserved <= on hand where negative stock is forbidden": nothing_oversold,
    "reserved equals the active reservations": reserved_matches_reservations,
}


def ledger_breaks() -> dict[str, list[str]]:
    """{check name: breaks} for every check that fails (at most 50 lines each)."""
    results = {name: check() for name, check in CHECKS.items()}
    return {name: lines for name, lines in results.items() if lines}
