from django.urls import path

from arkaofis.fulfilment.transfers import views

app_name = "transfers"
urlpatterns = [
    path("", views.transfer_list, name="list"),
    path("new/", views.transfer_create, name="create"),
    path("<str:number>/", views.transfer_detail, name="detail"),
    path("<str:number>/action/", views.transfer_action, name="action"),
    path("<str:number>/pick/", views.transfer_pick, name="pick"),
    path("<str:number>/receive/", views.transfer_receive, name="receive"),
    path("<str:number>/put-away/", views.transfer_put_away, name="put_away"),
]
