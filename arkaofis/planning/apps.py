from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "arkaofis.planning"
    label = "planning"
