from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "arkaofis.orders"
    label = "orders"
