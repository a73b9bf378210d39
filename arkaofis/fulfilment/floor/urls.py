from django.urls import include, path

from arkaofis.fulfilment.floor import carriers, views

app_name = "floor"
urlpatterns = [
    path("", views.hub, name="hub"),
    path("waves/", views.waves, name="waves"),
    path("pick/<str:number>/", views.pick, name="pick"),
    path("pack/", views.pack_find, name="pack_find"),
    path("pack/<str:number>/", views.pack, name="pack"),
    path("pack/<str:number>/label/", views.label, name="label"),
    path("pack/<str:number>/ship/", views.ship, name="ship"),
    path("pack/<str:number>/<str:kind>/", views.document, name="document"),
    path("put-away/<str:number>/", views.put_away, name="put_away"),
    path("manifest/", views.manifest, name="manifest"),
    path("carriers/", carriers.carriers, name="carriers"),
    path("carriers/new/", carriers.carrier, name="carrier_new"),
    path("carriers/<str:code>/", carriers.carrier, name="carrier"),
    path("counts/", include("arkaofis.fulfilment.counts.urls")),
    path("transfers/", include("arkaofis.fulfilment.transfers.urls")),
    path("kitting/", include("arkaofis.fulfilment.kitting.urls")),
    path("slotting/", include("arkaofis.fulfilment.slotting.urls")),
]
