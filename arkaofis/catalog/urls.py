from django.urls import path

from arkaofis.catalog import views_import

app_name = "catalog"
# The product list and page show stock: they live in inventory, and arkaofis/urls.py mounts them in this
# namespace beside these.
urlpatterns = [
    path("products/import/", views_import.import_page, name="product_import"),
    path("products/export.<str:fmt>", views_import.export_file, name="product_export"),
]
