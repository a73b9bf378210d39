"""System checks: a mistyped service level fails at start, not when the first task is opened."""

from typing import Any

from django.conf import settings
from django.core.checks import Error

from arkaofis.work.domain import bad_sla_overrides


def sla_overrides_are_valid(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    overrides = getattr(settings, "ARKAOFIS_TASK_SLA_MINUTES", None) or {}
    return [Error(f"ARKAOFIS_TASK_SLA_MINUTES: {problem}", id="work.E001") for problem in bad_sla_overrides(overrides)]
