from django.contrib import admin
from django.urls import include, path

from arkaofis.api import api
from arkaofis.inventory.views_dashboard import dashboard

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("catalog/", include("arkaofis.catalog.urls")),
    path("inventory/", include("arkaofis.inventory.urls")),
    path("orders/", include("arkaofis.orders.urls")),
    path("routing/", include("arkaofis.orders.urls_routing")),
    path("fulfilment/", include("arkaofis.fulfilment.urls")),
    path("returns/", include("arkaofis.orders.urls_returns")),
    path("channels/", include("arkaofis.channels.urls")),
    path("", dashboard, name="dashboard"),
    path("", include("arkaofis.core.urls")),
]
