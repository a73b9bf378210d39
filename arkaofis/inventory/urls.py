from django.urls import path

from arkaofis.inventory import views, views_valuation

app_name = "inventory"
urlpatterns = [
    path("stock/", views.stock, name="stock"),
    path("moves/", views.moves, name="moves"),
    path("adjust/", views.adjust, name="adjust"),
    path("transfer/", views.transfer, name="transfer"),
    path("low-stock/", views.alerts, name="alerts"),
    path("stock-hint/", views.stock_hint, name="stock_hint"),
    path("valuation/", views_valuation.valuation, name="valuation"),
]
