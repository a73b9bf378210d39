from django.contrib import admin

from arkaofis.core.models import ApiToken, AuditLog, IdempotencyKey, OutboxEvent


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    list_display = ("at", "user", "source", "action", "object_type", "object_id")
    list_filter = ("source", "action")
    search_fields = ("object_id", "action")

    def has_change_permission(self, request, obj=None):
        return False  # the audit log is append-only


@admin.register(OutboxEvent)
class OutboxEventAdmin(admin.ModelAdmin):
    list_display = ("id", "topic", "created_at", "delivered_at", "attempts")
    list_filter = ("topic",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "digest")


@admin.register(IdempotencyKey)
class IdempotencyKeyAdmin(admin.ModelAdmin):
    list_display = ("key", "user", "method", "path", "status_code", "created_at")
