"""Where a task's document opens, by the prefix of its reference.

Work knows no documents (it sits below orders, fulfilment and channels), so each context that queues
tasks registers, when it starts, how to reach its documents: orders says "SO-…" opens the order's
page (OrdersConfig.ready), fulfilment "SH-…" the shipment, channels "IE-…" the exception queue.
The task screens link there; a reference under no registered prefix is shown as plain text.
"""

from collections.abc import Callable

_LINKS: dict[str, Callable[[str], str]] = {}  # reference prefix → the URL of a reference


def register_document_link(*, prefix: str, url_for: Callable[[str], str]) -> None:
    """Declare that references starting with `prefix` open at `url_for(reference)`."""
    _LINKS[prefix.upper()] = url_for


def document_url(document_ref: str) -> str | None:
    """The URL of the document `document_ref` names, or None when no context registered its prefix."""
    ref = document_ref.upper()
    for prefix in sorted(_LINKS, key=len, reverse=True):  # the longest prefix wins: "SO-R-" before "SO-"
        if ref.startswith(prefix):
            return _LINKS[prefix](document_ref)
    return None
