from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

# Their names are stored in English and are message ids: screens say them in the reader's language (Location.label).
VIRTUAL_LOCATIONS = [
    ("supplier", gettext_noop("Suppliers")),
    ("customer", gettext_noop("Customers")),
    ("adjustment", gettext_noop("Inventory adjustment / loss")),
    ("production", gettext_noop("Production")),
    ("transit", gettext_noop("Transit")),
    ("returns", gettext_noop("Customer returns")),
    ("scrap", gettext_noop("Scrap")),
]


def ensure_virtual_locations(sender, **kwargs) -> None:
    """The virtual locations every ledger needs; they may go negative (they stand for the world)."""
    if sender.label != "inventory":
        return
    from arkaofis.inventory.models import Location

    for usage, name in VIRTUAL_LOCATIONS:
        Location.objects.get_or_create(
            code=f"virtual/{usage}",
            defaults={"name": name, "kind": "virtual", "usage": usage, "allow_negative": True},
        )


class InventoryConfig(AppConfig):
    name = "arkaofis.inventory"
    label = "inventory"
    verbose_name = _("Inventory")

    def ready(self) -> None:
        post_migrate.connect(ensure_virtual_locations, sender=self, dispatch_uid="arkaofis.virtual_locations")

        from arkaofis.core.invariants import register
        from arkaofis.inventory.invariants import CHECKS

        for name, check in CHECKS.items():
            register(name, check)
