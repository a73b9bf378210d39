"""The HTTP API: one NinjaAPI, each app's router mounted under its own prefix.

Deny by default: the API-wide auth refuses everyone, so each route must name the permission
it needs (`auth=requires(...)`). Every error leaves as RFC 9457 problem+json.
"""

from arkaofis.catalog.api import router as catalog_router
from arkaofis.channels.api_webhooks import router as webhooks_router
from arkaofis.core.api_auth import DENY
from arkaofis.core.api_errors import install_problem_handlers, unknown_endpoint_router
from arkaofis.core.api_openapi import DocumentedNinjaAPI
from arkaofis.fulfilment.api import router as fulfilment_router
from arkaofis.fulfilment.counts.api import router as counts_router
from arkaofis.fulfilment.floor.api import router as floor_router
from arkaofis.fulfilment.kitting.api import router as kitting_router
from arkaofis.fulfilment.slotting.api import router as slotting_router
from arkaofis.fulfilment.transfers.api import router as transfers_router
from arkaofis.inventory.api import router as inventory_router
from arkaofis.inventory.api_products import router as products_router
from arkaofis.inventory.api_setup import router as inventory_setup_router
from arkaofis.inventory.api_valuation import router as inventory_valuation_router
from arkaofis.inventory.layout.api import router as inventory_layout_router
from arkaofis.orders.api import router as orders_router
from arkaofis.orders.returns.api import router as returns_router
from arkaofis.work.api import router as work_router

api = DocumentedNinjaAPI(
    title="Arkaofis API",
    version="1",
    docs_url="/docs",
    auth=DENY,
    description=(
        "Authenticate with `Authorization: Bearer <token>` (create one with `arkaofis create_api_token`) "
        "or a signed-in session with its CSRF token. Every POST honours an `Idempotency-Key` header: "
        "a retry with the same key and body gets the first answer again. Errors are "
        "`application/problem+json` (RFC 9457). Quantities are whole units of the product's base unit, at "
        "most 1,000,000,000 per request; a stock balance (of a bin, or of a virtual location such as the "
        "adjustment location, which sums every unit ever adjusted) stays within ±2,147,483,647, and a move "
        "that would pass it is refused (`quantity-out-of-range`). Text is UTF-8; codes hold no control "
        "characters; dates are ISO 8601."
    ),
)
install_problem_handlers(api)
api.add_router("/catalog", catalog_router)
api.add_router("/catalog", products_router)  # after: its /products/{sku} matches any tail
api.add_router("/inventory", inventory_router)
api.add_router("/inventory/setup", inventory_setup_router)  # own prefix: a path lives in one router
api.add_router("/inventory/valuation", inventory_valuation_router)
api.add_router("/inventory/layout", inventory_layout_router)
api.add_router("/orders", orders_router)
api.add_router("/fulfilment", fulfilment_router)
api.add_router("/floor", floor_router)
api.add_router("/counts", counts_router)
api.add_router("/transfers", transfers_router)
api.add_router("/kitting", kitting_router)
api.add_router("/slotting", slotting_router)
api.add_router("/returns", returns_router)
api.add_router("/webhook-subscriptions", webhooks_router)
api.add_router("/work", work_router)
api.add_router("", unknown_endpoint_router())  # last: only paths no other route matched
