from django.urls import path

from arkaofis.fulfilment.slotting import views

app_name = "slotting"
urlpatterns = [
    path("", views.slotting, name="index"),
]
