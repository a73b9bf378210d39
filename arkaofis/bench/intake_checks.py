"""What `bench intake` checks after its runs: nothing oversold, each phase's orders exactly once,
the ledger's invariants."""

from arkaofis.bench.common import progress

# Virtual locations (a supplier's, the customer's) run negative by design: only real ones count.
_OVERSOLD_QUANTS = (
    "SELECT COUNT(*) FROM inventory_quant WHERE reserved < 0 OR (reserved > on_hand AND NOT negative_allowed)"
)
_OVERSOLD_PRODUCTS = """
SELECT COUNT(*) FROM (
    SELECT r.product_id, SUM(r.quantity) AS held FROM inventory_reservation r
    WHERE r.status = 'active' GROUP BY r.product_id
) h WHERE h.held > (SELECT COALESCE(SUM(q.on_hand), 0) FROM inventory_quant q
                    JOIN inventory_location l ON l.id = q.location_id
                    WHERE q.product_id = h.product_id AND l.warehouse_id IS NOT NULL)
"""


def checks(sizes: dict[str, int], paths: tuple[str, ...], *, channel: str) -> dict:
    """Oversold quants and products, each phase's orders exactly once, the ledger invariants."""
    from django.db import connection

    from arkaofis.inventory.invariants import ledger_breaks
    from arkaofis.orders.models import SalesOrder

    with connection.cursor() as cursor:
        oversold = sum(cursor.execute(sql).fetchone()[0] for sql in (_OVERSOLD_QUANTS, _OVERSOLD_PRODUCTS))
    ran = ("baseline", "rawbatch", "bulk", *(("http", "steady") if "http" in paths else ()))
    orders_ok = True
    for phase in ran:
        count = SalesOrder.objects.filter(channel=channel, external_id__startswith=f"{phase}-").count()
        if count != sizes[phase]:
            progress(f"{phase}: {count} orders in the database, expected {sizes[phase]}")
            orders_ok = False
    breaks = ledger_breaks()
    for name, lines in breaks.items():
        progress(f"ledger check FAILED: {name}: {lines[:3]}")
    return {"oversold": oversold, "orders_ok": orders_ok, "ledger_ok": not breaks}
