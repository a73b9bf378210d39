from django.urls import path

from arkaofis.catalog import views, views_import

app_name = "catalog"
urlpatterns = [
    path("products/", views.product_list, name="product_list"),
    path("products/new/", views.product_new, name="product_new"),
    path("products/import/", views_import.import_page, name="product_import"),
    path("products/export.<str:fmt>", views_import.export_file, name="product_export"),
    path("products/<int:pk>/", views.product_detail, name="product_detail"),
]
