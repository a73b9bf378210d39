from django.urls import path

from arkaofis.channels import views, views_webhooks

app_name = "channels"
urlpatterns = [
    path("webhooks/<slug:code>/", views_webhooks.webhook, name="webhook"),
    path("exceptions/", views.exception_queue, name="exceptions"),
    path("exceptions/map-sku/", views.map_sku, name="map_sku"),
    path("exceptions/<int:pk>/reprocess/", views.reprocess, name="reprocess"),
    path("exceptions/<int:pk>/fix-address/", views.fix_address, name="fix_address"),
]
