from django.contrib import admin
from django.urls import include, path

from arkaofis.api import api
from arkaofis.catalog import urls as catalog_urls
from arkaofis.inventory import views_products
from arkaofis.inventory.views_dashboard import dashboard

# The catalog's screens that show stock live in inventory (a floor above catalog), under the catalog's names.
catalog_pages = [
    path("products/", views_products.product_list, name="product_list"),
    path("products/<int:pk>/", views_products.product_detail, name="product_detail"),
    *catalog_urls.urlpatterns,
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("catalog/", include((catalog_pages, catalog_urls.app_name))),
    path("inventory/", include("arkaofis.inventory.urls")),
    path("orders/", include("arkaofis.orders.urls")),
    path("routing/", include("arkaofis.orders.urls_routing")),
    path("fulfilment/", include("arkaofis.fulfilment.urls")),
    path("floor/", include("arkaofis.fulfilment.floor.urls")),
    path("returns/", include("arkaofis.orders.returns.urls")),
    path("channels/", include("arkaofis.channels.urls")),
    path("work/", include("arkaofis.work.urls")),
    path("", dashboard, name="dashboard"),
    path("", include("arkaofis.core.urls")),
]
