"""Sign-in lockouts (django-axes decides them; see AXES_* in settings): each one is audited."""

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest

from arkaofis.core.models import Source
from arkaofis.core.services.audit import record_audit

LOCKED_OUT = "auth.locked_out"


def audit_lockout(sender: Any, request: HttpRequest, username: str | None, ip_address: str | None, **_: Any) -> None:
    """Receiver of axes' user_locked_out: one audit row when a lockout begins.

    Axes signals again on every refused try during the lockout (each one restarts the cool-off);
    only the try that reached the limit is recorded, so the audit log shows each lockout once.
    """
    failures = getattr(request, "axes_failures_since_start", None)
    if failures is not None and failures != settings.AXES_FAILURE_LIMIT:
        return
    account = get_user_model().objects.filter(username=username).first() if username else None
    record_audit(
        user=None,  # nobody signed in: the account is the object, the address says from where
        source=Source.UI,
        action=LOCKED_OUT,
        obj=account,
        object_type="auth.user",
        data={"username": (username or "")[:150], "ip_address": ip_address or "", "path": request.path[:200]},
    )
