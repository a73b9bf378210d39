from collections.abc import Sequence
from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from arkaofis.core.models import ApiToken, AuditLog, IdempotencyKey, OutboxEvent
from arkaofis.core.roles import may_see


class LeastPrivilegeAdmin(admin.ModelAdmin):
    """An admin whose `fields_needing` (permission → field names: costs, customers' personal data)
    are left out of its lists, filters, searches and forms for a user without that permission, as
    on every other screen."""

    fields_needing: dict[str, Sequence[str]] = {}

    def _hidden(self, request: HttpRequest) -> set[str]:
        return {
            name
            for permission, names in self.fields_needing.items()
            if not may_see(request.user, permission)
            for name in names
        }

    def _shown(self, request: HttpRequest, names: Sequence[Any]) -> list[Any]:
        hidden = self._hidden(request)
        # A search field may name a lookup ("customer_email__iexact"): its field decides.
        return [name for name in names if not (isinstance(name, str) and name.split("__")[0] in hidden)]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        return self._shown(request, super().get_fields(request, obj))

    def get_list_display(self, request: HttpRequest) -> list[Any]:
        return self._shown(request, super().get_list_display(request))

    def get_list_filter(self, request: HttpRequest) -> list[Any]:
        return self._shown(request, super().get_list_filter(request))

    def get_search_fields(self, request: HttpRequest) -> list[Any]:
        return self._shown(request, super().get_search_fields(request))


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
