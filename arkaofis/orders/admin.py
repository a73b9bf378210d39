"""Raw order data for inspection. Read-only: orders change only through the services, which
reserve and release stock and write the audit trail and outbox events."""

from django.contrib import admin

from arkaofis.core.admin import LeastPrivilegeAdmin
from arkaofis.core.roles import SEE_CUSTOMER_CONTACT, SEE_SHIP_TO
from arkaofis.inventory.admin import ReadOnlyAdmin
from arkaofis.orders.models import OrderHold, SalesOrder, SalesOrderLine


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class LineInline(ReadOnlyInline):
    model = SalesOrderLine
    fields = ("line_no", "sku", "quantity", "reserved_quantity", "unit_price", "discount", "tax", "external_id")
    readonly_fields = fields


class HoldInline(ReadOnlyInline):
    model = OrderHold
    fields = ("kind", "reason", "placed_by", "placed_at", "lifted_by", "lifted_at")
    readonly_fields = fields


@admin.register(SalesOrder)
class SalesOrderAdmin(LeastPrivilegeAdmin, ReadOnlyAdmin):
    fields_needing = {SEE_CUSTOMER_CONTACT: ("customer_email", "billing"), SEE_SHIP_TO: ("shipping",)}
    list_display = (
        "number",
        "channel",
        "external_id",
        "status",
        "payment_status",
        "grand_total",
        "currency",
        "placed_at",
    )
    list_filter = ("status", "channel", "payment_status")
    search_fields = ("external_id", "customer_email")
    inlines = (LineInline, HoldInline)
