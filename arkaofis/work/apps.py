from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkConfig(AppConfig):
    name = "arkaofis.work"
    label = "work"
    verbose_name = _("Work")

    def ready(self) -> None:
        from django.core import checks

        from arkaofis.work.checks import sla_overrides_are_valid

        checks.register(sla_overrides_are_valid)
