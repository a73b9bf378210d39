from django.contrib import admin
from django.db import models

from arkaofis.catalog.models import KitComponent, Product, ProductFamily, UnitOfMeasure
from arkaofis.core.admin import LeastPrivilegeAdmin
from arkaofis.core.roles import SEE_COSTS


class KitComponentInline(admin.TabularInline):
    model = KitComponent
    fk_name = "kit"
    extra = 0
    autocomplete_fields = ("component",)


@admin.register(Product)
class ProductAdmin(LeastPrivilegeAdmin):
    fields_needing = {SEE_COSTS: ("cost_method", "standard_cost")}
    list_display = ("sku", "name", "barcode", "category", "is_kit", "tracking", "cost_method", "active")
    list_filter = ("is_kit", "tracking", "cost_method", "active", "category")
    search_fields = ("sku", "name", "barcode")
    inlines = [KitComponentInline]
    # image_url typed without a scheme means https (as on the new product form), not Django 5's http.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(ProductFamily)
class ProductFamilyAdmin(admin.ModelAdmin):
    search_fields = ("name",)


admin.site.register(UnitOfMeasure)
admin.site.register(KitComponent)
