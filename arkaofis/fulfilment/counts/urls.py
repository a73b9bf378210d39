from django.urls import path

from arkaofis.fulfilment.counts import views

app_name = "counts"
urlpatterns = [
    path("", views.counts, name="list"),
    path("<str:number>/", views.count, name="count"),
    path("<str:number>/review/", views.review, name="review"),
]
