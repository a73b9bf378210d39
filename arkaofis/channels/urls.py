from django.urls import path

from arkaofis.channels import views, views_pushes, views_settings, views_webhooks

app_name = "channels"
urlpatterns = [
    path("webhooks/<slug:code>/", views_webhooks.webhook, name="webhook"),
    path("exceptions/", views.exception_queue, name="exceptions"),
    path("exceptions/map-sku/", views.map_sku, name="map_sku"),
    path("exceptions/<int:pk>/reprocess/", views.reprocess, name="reprocess"),
    path("exceptions/<int:pk>/fix-address/", views.fix_address, name="fix_address"),
    path("exceptions/<int:pk>/accept-total/", views.accept_total, name="accept_total"),
    path("settings/", views_settings.channel_list, name="settings_list"),
    path("settings/<slug:code>/", views_settings.channel_settings, name="settings"),
    path("settings/<slug:code>/test/", views_settings.connection_test, name="test_connection"),
    path("settings/<slug:code>/sync/", views_settings.sync_now, name="sync_now"),
    path("settings/<slug:code>/listings/find/", views_settings.find_refs, name="find_refs"),
    path("settings/<slug:code>/listings/<int:pk>/", views_settings.listing_ref, name="listing_ref"),
    path("settings/<slug:code>/shipments/<int:pk>/push-again/", views_pushes.push_again, name="push_again"),
    path("subscriptions/", views_settings.subscription_list, name="subscriptions"),
    path("subscriptions/add/", views_settings.subscription_create, name="subscription_create"),
    path("subscriptions/<int:pk>/toggle/", views_settings.subscription_toggle, name="subscription_toggle"),
    path("subscriptions/<int:pk>/delete/", views_settings.subscription_delete, name="subscription_delete"),
]
