from django.urls import path

from arkaofis.orders.returns import views

app_name = "returns"
urlpatterns = [
    path("", views.return_list, name="list"),
    path("open/<str:number>/", views.open_for_order, name="open"),
    path("<str:number>/", views.detail, name="detail"),
    path("<str:number>/receive/", views.receive, name="receive"),
    path("<str:number>/inspect/", views.inspect, name="inspect"),
    path("<str:number>/cancel/", views.cancel, name="cancel"),
]
