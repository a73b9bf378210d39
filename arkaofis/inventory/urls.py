from django.urls import path

from arkaofis.inventory import views, views_locations, views_reorder, views_reservations, views_valuation
from arkaofis.inventory.layout import views as views_layout

app_name = "inventory"
urlpatterns = [
    path("stock/", views.stock, name="stock"),
    path("moves/", views.moves, name="moves"),
    path("adjust/", views.adjust, name="adjust"),
    path("transfer/", views.transfer, name="transfer"),
    path("low-stock/", views.alerts, name="alerts"),
    path("stock-hint/", views.stock_hint, name="stock_hint"),
    path("valuation/", views_valuation.valuation, name="valuation"),
    path("locations/", views_locations.locations, name="locations"),
    path("locations/add-warehouse/", views_locations.add_warehouse, name="add_warehouse"),
    path("locations/<int:pk>/add/", views_locations.add_child, name="add_child"),
    path("locations/<int:pk>/negative-stock/", views_locations.set_negative_policy, name="negative_policy"),
    path("locations/<int:pk>/removal-strategy/", views_locations.set_removal_strategy, name="removal_strategy"),
    path("layout/", views_layout.warehouses, name="layout_index"),
    path("layout/<str:code>/", views_layout.warehouse_plan, name="layout"),
    path("layout/<str:code>/save/", views_layout.set_layout, name="set_layout"),
    path("bins/<int:pk>/", views_layout.bin_detail, name="bin"),
    path("reorder-rules/", views_reorder.reorder_rules, name="reorder_rules"),
    path("reorder-rules/save/", views_reorder.save_reorder_rule, name="save_reorder_rule"),
    path("reorder-rules/<int:pk>/delete/", views_reorder.delete_rule, name="delete_reorder_rule"),
    path("reservations/", views_reservations.reservations, name="reservations"),
    path("reservations/reserve/", views_reservations.reserve, name="reserve"),
    path("reservations/<int:pk>/release/", views_reservations.release, name="release"),
    path("reservations/release-demand/", views_reservations.release_demand, name="release_demand"),
]
