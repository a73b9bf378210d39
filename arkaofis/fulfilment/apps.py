from django.apps import AppConfig


class FulfilmentConfig(AppConfig):
    name = "arkaofis.fulfilment"
    label = "fulfilment"
