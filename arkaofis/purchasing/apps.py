from django.apps import AppConfig


class PurchasingConfig(AppConfig):
    name = "arkaofis.purchasing"
    label = "purchasing"
