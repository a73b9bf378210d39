from django.urls import path

from arkaofis.fulfilment.kitting import views

app_name = "kitting"
urlpatterns = [
    path("", views.kitting_list, name="list"),
    path("<str:number>/", views.kitting_detail, name="detail"),
    path("<str:number>/cancel/", views.kitting_cancel, name="cancel"),
]
