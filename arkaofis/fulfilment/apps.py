from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FulfilmentConfig(AppConfig):
    name = "arkaofis.fulfilment"
    label = "fulfilment"
    verbose_name = _("Fulfilment")
