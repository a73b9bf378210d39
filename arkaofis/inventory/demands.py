"""Who owns a demand's reservations.

A reservation held for a document (an order line today; transfers and picks later) changes only
through that document's services, or the document and its reservations disagree: an order
says "reserved" while its stock is free for another. Inventory knows no documents (it is the
lower floor), so each owning context registers the prefix of its demand references when it
starts (OrdersConfig.ready: "SO-"); the reservation services then refuse a caller that does not
name that owner. Demands under no registered prefix belong to whoever holds them (the generic
reservation routes).
"""

_OWNERS: dict[str, str] = {}  # demand-ref prefix → owner kind ("sales_order")


def register_owner(*, prefix: str, owner: str) -> None:
    """Declare that demand references starting with `prefix` belong to documents of `owner`."""
    _OWNERS[prefix.upper()] = owner


def owner_of(demand_ref: str) -> str | None:
    """The kind of document that owns `demand_ref`, or None when it is free-standing."""
    ref = demand_ref.upper()
    for prefix, owner in _OWNERS.items():
        if ref.startswith(prefix):
            return owner
    return None


def document_of(demand_ref: str) -> str:
    """The owning document's reference: "SO-000123" for "SO-000123/L1/KIT-A"."""
    return demand_ref.split("/", 1)[0]
