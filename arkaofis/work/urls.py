from django.urls import path

from arkaofis.work import views

app_name = "work"
urlpatterns = [
    path("", views.my_next, name="next"),
    path("next/", views.claim_next, name="claim_next"),
    path("tasks/<int:pk>/start/", views.start, name="start"),
    path("tasks/<int:pk>/release/", views.release, name="release"),
    path("tasks/<int:pk>/reassign/", views.reassign, name="reassign"),
    path("board/", views.board, name="board"),
]
