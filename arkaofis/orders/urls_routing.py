"""Routing settings screens (/routing/…): the distance table."""

from django.urls import path

from arkaofis.orders import views_routing

app_name = "routing"
urlpatterns = [
    path("distances/", views_routing.distances, name="distances"),
    path("distances/save/", views_routing.save_distance, name="save_distance"),
    path("distances/<int:pk>/delete/", views_routing.delete_distance, name="delete_distance"),
]
