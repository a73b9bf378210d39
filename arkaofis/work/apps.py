from django.apps import AppConfig


class WorkConfig(AppConfig):
    name = "arkaofis.work"
    label = "work"
