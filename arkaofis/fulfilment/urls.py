from django.urls import path

from arkaofis.fulfilment import views

app_name = "fulfilment"
urlpatterns = [
    path("shipments/", views.shipments, name="shipments"),
    path("shipments/<str:number>/ship/", views.ship, name="ship"),
    path("shipments/<str:number>/deliver/", views.deliver, name="deliver"),
]
