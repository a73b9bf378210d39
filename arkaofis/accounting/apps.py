from django.apps import AppConfig


class AccountingConfig(AppConfig):
    name = "arkaofis.accounting"
    label = "accounting"
