from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "arkaofis.catalog"
    label = "catalog"
