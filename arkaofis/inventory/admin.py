from django.contrib import admin

from arkaofis.core.admin import LeastPrivilegeAdmin
from arkaofis.core.roles import SEE_COSTS
from arkaofis.inventory.models import (
    CostLayer,
    Location,
    Lot,
    LowStockAlert,
    Quant,
    ReorderRule,
    Reservation,
    StockMove,
    Warehouse,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Ledger rows change only through the services, never by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Warehouse)
class WarehouseAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "country", "postal_code", "priority", "layout_kind", "aisle_length", "active")


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = (
        "code", "name", "kind", "usage", "warehouse", "aisle", "bay", "level", "x", "y", "allow_negative",
        "removal_strategy",
    )  # fmt: skip
    list_filter = ("kind", "usage", "warehouse")
    search_fields = ("code", "name")


@admin.register(Lot)
class LotAdmin(admin.ModelAdmin):
    list_display = ("code", "product", "expires_on")
    search_fields = ("code",)


@admin.register(StockMove)
class StockMoveAdmin(LeastPrivilegeAdmin, ReadOnlyAdmin):
    fields_needing = {SEE_COSTS: ("unit_cost", "value")}
    list_display = ("created_at", "product", "quantity", "from_location", "to_location", "reason", "source", "user")
    list_filter = ("reason", "source")
    search_fields = ("product__sku", "source_document")


@admin.register(Quant)
class QuantAdmin(ReadOnlyAdmin):
    list_display = ("product", "location", "lot", "on_hand", "reserved")
    search_fields = ("product__sku",)


@admin.register(Reservation)
class ReservationAdmin(ReadOnlyAdmin):
    list_display = ("demand_ref", "product", "warehouse", "location", "quantity", "status", "created_at")
    list_filter = ("status",)
    search_fields = ("demand_ref", "product__sku")


@admin.register(CostLayer)
class CostLayerAdmin(ReadOnlyAdmin):
    list_display = ("product", "quantity", "remaining", "unit_cost", "created_at")


@admin.register(ReorderRule)
class ReorderRuleAdmin(admin.ModelAdmin):
    list_display = ("product", "warehouse", "min_quantity", "reorder_quantity")


@admin.register(LowStockAlert)
class LowStockAlertAdmin(ReadOnlyAdmin):
    list_display = ("product", "warehouse", "available", "threshold", "raised_at", "resolved_at")
