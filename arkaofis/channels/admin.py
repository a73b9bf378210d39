from django.contrib import admin

from arkaofis.channels.models import Channel, ChannelSkuMap, InboundEvent, ShipmentPush


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    # The sealed secret is never shown or edited here: `arkaofis add_channel` sets it.
    list_display = ["code", "kind", "name", "active"]
    fields = ["code", "kind", "name", "active"]


@admin.register(InboundEvent)
class InboundEventAdmin(admin.ModelAdmin):
    """What a channel sent is evidence: read-only; the exception queue fixes and re-processes."""

    list_display = ["received_at", "channel", "topic", "delivery_id", "external_id", "status", "error_code"]
    list_filter = ["status", "channel", "topic"]
    search_fields = ["delivery_id", "external_id"]
    exclude = ["raw_body"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ChannelSkuMap)
class ChannelSkuMapAdmin(admin.ModelAdmin):
    list_display = ["channel", "external_sku", "product", "created_at"]
    list_filter = ["channel"]
    search_fields = ["external_sku", "product__sku"]
    raw_id_fields = ["product"]
    readonly_fields = ["created_by"]


@admin.register(ShipmentPush)
class ShipmentPushAdmin(admin.ModelAdmin):
    """What each channel was told of our shipments: read-only (push a refused one again from the
    channel's settings screen)."""

    list_display = ["created_at", "channel", "shipment", "status", "attempts", "channel_ref"]
    list_filter = ["status", "channel"]
    search_fields = ["channel_ref", "answer"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
