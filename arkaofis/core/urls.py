from django.urls import path

from arkaofis.core import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    *[path(f"{area}/", views.coming_soon(area), name=area) for area in views.AREAS],
]
