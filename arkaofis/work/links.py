"""Where a task's document opens, by the prefix of its reference.

Work knows no documents (it sits below orders, fulfilment and channels), so each context that queues
tasks registers, when it starts, how to reach its documents: orders says "SO-…" opens the order's
page (OrdersConfig.ready), fulfilment "SH-…" the shipment, channels "IE-…" the exception queue.
The task screens link there; a reference under no registered prefix is shown as plain text.
A context may send one kind of task on a document elsewhere (a cancelled shipment's put-away opens the
put-away screen, not the pack screen): a link registered for a kind wins over the document's own.
"""

from collections.abc import Callable

# (reference prefix, task kind or None for any kind) → the URL of a reference
_LINKS: dict[tuple[str, str | None], Callable[[str], str]] = {}


def register_document_link(*, prefix: str, url_for: Callable[[str], str], kind: str | None = None) -> None:
    """Declare that references starting with `prefix` open at `url_for(reference)` (for tasks of `kind` only,
    when given)."""
    _LINKS[prefix.upper(), kind] = url_for


def document_url(document_ref: str, kind: str | None = None) -> str | None:
    """The URL of the document `document_ref` names (as a task of `kind` opens it), or None when no context
    registered its prefix."""
    ref = document_ref.upper()
    # The longest prefix wins ("SO-R-" before "SO-"); for one prefix, the task kind's own link first.
    for prefix, for_kind in sorted(_LINKS, key=lambda key: (len(key[0]), key[1] is not None), reverse=True):
        if ref.startswith(prefix) and for_kind in (None, kind):
            return _LINKS[prefix, for_kind](document_ref)
    return None
