"""The five roles and what each may do. Deny by default: a user with no role can do nothing.

Synced into auth groups after every migrate, so the groups always match this table.
"""

# Beyond the screens a permission opens, three things are shown only to the roles whose work needs
# them, on every screen, API answer, export and admin page alike (least privilege):
SEE_COSTS = "inventory.view_valuation"  # unit costs, cost methods, stock value
SEE_SHIP_TO = "orders.view_ship_to"  # where an order ships: the warehouse needs it for the label
SEE_CUSTOMER_CONTACT = "orders.view_customer_contact"  # e-mail addresses and billing addresses
# What an answer shows to whom; an API token's caller has these read with the token (services/tokens.py).
SEEING = (SEE_COSTS, SEE_SHIP_TO, SEE_CUSTOMER_CONTACT)

VIEW_ALL = [
    "catalog.view_product",
    "catalog.view_kitcomponent",
    "catalog.view_unitofmeasure",
    "catalog.view_productfamily",
    "inventory.view_warehouse",
    "inventory.view_location",
    "inventory.view_lot",
    "inventory.view_stockmove",
    "inventory.view_quant",
    "inventory.view_reservation",
    "inventory.view_reorderrule",
    "inventory.view_lowstockalert",
    "orders.view_salesorder",
    "orders.view_orderhold",
    "orders.view_salesreturn",
    "fulfilment.view_shipment",
    # Transfers between warehouses and kitting orders: everyone reads them (costs only with SEE_COSTS).
    "fulfilment.view_transfer",
    "fulfilment.view_kittingorder",
    # The task queue (work): everyone reads it; warehouse staff are handed floor tasks (claim, start,
    # release); managers reassign, cancel and see throughput per person. Which kinds a person is handed
    # follows the permission each kind needs (work/domain.py KIND_PERMISSION).
    "work.view_task",
]
WAREHOUSE = [
    *VIEW_ALL,
    "inventory.adjust_stock",
    "inventory.transfer_stock",
    "inventory.reserve_stock",
    "inventory.add_lot",
    # Staff on the floor ship parcels (to the ship-to address) and receive and inspect returns.
    SEE_SHIP_TO,
    "fulfilment.ship_shipment",
    # The floor plans its own waves (which shipments go to the carts): no costs or addresses in it.
    "fulfilment.plan_wave",
    "orders.manage_salesreturn",
    "work.claim_task",
    # Cycle counts: the floor asks for and records counts (blind); a variance beyond the tolerance waits
    # for a manager's approval (MANAGER below).
    "fulfilment.count_stock",
    # The floor picks, receives and puts away transfers (inventory.transfer_stock above) and makes kits.
    "fulfilment.assemble_kit",
]
MANAGER = [
    *WAREHOUSE,
    "catalog.add_product",
    "catalog.change_product",
    "catalog.import_products",
    "catalog.add_kitcomponent",
    "catalog.change_kitcomponent",
    "catalog.delete_kitcomponent",
    "catalog.add_productfamily",
    "catalog.change_productfamily",
    "inventory.add_location",
    "inventory.change_location",
    "inventory.add_warehouse",
    "inventory.change_warehouse",
    "inventory.add_reorderrule",
    "inventory.change_reorderrule",
    "inventory.delete_reorderrule",
    SEE_COSTS,
    SEE_CUSTOMER_CONTACT,
    "core.view_auditlog",
    "orders.add_salesorder",
    "orders.manage_salesorder",
    # The exception queue shows raw channel payloads (customers' addresses): managers and admins only.
    "channels.view_channel",
    "channels.view_inboundevent",
    "channels.reprocess_inboundevent",
    "channels.view_channelskumap",
    "channels.add_channelskumap",
    "channels.change_channelskumap",
    "channels.change_channel",
    # Our own webhooks: where our events (orders, customers' addresses) are sent.
    "channels.view_webhooksubscription",
    "channels.add_webhooksubscription",
    "channels.change_webhooksubscription",
    "channels.delete_webhooksubscription",
    "orders.add_salesreturn",
    "orders.view_routedistance",
    "orders.add_routedistance",
    "orders.change_routedistance",
    "orders.delete_routedistance",
    "work.manage_task",
    "fulfilment.approve_count",
    # Managers request, close short and cancel transfers, and plan and cancel kitting orders.
    "fulfilment.manage_transfer",
    "fulfilment.manage_kitting",
    # The shop's carriers: their tracking ranges, rates and cut-offs (no secrets: those are environment).
    "fulfilment.view_carrieraccount",
    "fulfilment.add_carrieraccount",
    "fulfilment.change_carrieraccount",
]
# Invoices carry the billing and delivery addresses and go to the customer's e-mail.
ACCOUNTANT = [
    *VIEW_ALL,
    SEE_COSTS,
    "inventory.view_costlayer",
    SEE_SHIP_TO,
    SEE_CUSTOMER_CONTACT,
    "core.view_auditlog",
]

ROLE_PERMISSIONS: dict[str, list[str] | str] = {
    "admin": "*",
    "manager": MANAGER,
    "warehouse": WAREHOUSE,
    "accountant": ACCOUNTANT,
    "viewer": VIEW_ALL,
}
ROLES = tuple(ROLE_PERMISSIONS)


def may_see(user: object, permission: str) -> bool:
    """Whether `user` (None, anonymous or a user) holds `permission`: deny when in doubt.

    A user authenticated by API token carries the SEEING permissions read with the token
    (`known_permissions`), so rendering an answer costs no permission queries."""
    known = getattr(user, "known_permissions", None)
    if known is not None and permission in known:
        return bool(getattr(user, "is_active", False) and known[permission])
    has_perm = getattr(user, "has_perm", None)
    return bool(has_perm and getattr(user, "is_active", False) and has_perm(permission))


def sync_role_groups(**_: object) -> None:
    """Create or update one auth group per role with exactly its permissions."""
    from django.contrib.auth.models import Group, Permission

    every = {f"{p.content_type.app_label}.{p.codename}": p for p in Permission.objects.select_related("content_type")}
    for role, wanted in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        names = every.keys() if wanted == "*" else wanted
        group.permissions.set([every[name] for name in names if name in every])
