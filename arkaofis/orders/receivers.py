"""Orders' reactions to other apps' signals (connected in apps.py)."""

import logging
from typing import Any

from arkaofis.core.models import Source

log = logging.getLogger(__name__)


def serve_backorders_on_arrival(sender: Any, product_ids: list[int], **kwargs: Any) -> None:
    """Stock arrived (after its commit): serve the backorders waiting for those products."""
    from arkaofis.orders.services.backorders import serve_backorders

    counts = serve_backorders(product_ids=product_ids, user=None, source=Source.SYSTEM)
    if counts["reserved"]:
        log.info("backorders served on arrival", extra={"counts": counts, "products": len(product_ids)})
