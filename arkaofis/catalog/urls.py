from django.urls import path

from arkaofis.catalog import views, views_import

app_name = "catalog"
# The product list and page show stock: they live in inventory, and arkaofis/urls.py mounts them in this
# namespace beside these.
urlpatterns = [
    path("products/new/", views.product_new, name="product_new"),
    path("products/import/", views_import.import_page, name="product_import"),
    path("products/export.<str:fmt>", views_import.export_file, name="product_export"),
]
