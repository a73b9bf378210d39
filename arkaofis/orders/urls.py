from django.urls import path

from arkaofis.orders import views, views_import, views_new
from arkaofis.orders.edits import views as views_edit

app_name = "orders"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("bulk/", views.bulk, name="bulk"),
    path("new/", views_new.new_order, name="new"),
    path("import/", views_import.import_page, name="import"),
    path("import/jobs/<int:pk>/", views_import.import_job, name="import_job"),
    path("import/template.<str:fmt>", views_import.import_template, name="import_template"),
    path("<str:number>/", views.detail, name="detail"),
    path("<str:number>/confirm/", views.confirm, name="confirm"),
    path("<str:number>/reserve/", views.reserve, name="reserve"),
    path("<str:number>/cancel/", views.cancel, name="cancel"),
    path("<str:number>/hold/", views.hold, name="hold"),
    path("<str:number>/holds/<int:hold_id>/lift/", views.lift, name="lift"),
    path("<str:number>/release/", views.release, name="release"),
    path("<str:number>/edit/", views_edit.edit, name="edit"),
]
