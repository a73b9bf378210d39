"""Write audit rows. Called inside the transaction of the change it records."""

from typing import Any

from arkaofis.core.models import AuditLog, Source


def record_audit(
    *, user: Any, source: str, action: str, obj: Any = None, object_type: str = "", data: dict | None = None
) -> AuditLog:
    """Record who did what, from which source. `obj` may be a model instance or None."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = str(obj.pk)
    else:
        object_id = ""
    return AuditLog.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        source=source or Source.SYSTEM,
        action=action,
        object_type=object_type,
        object_id=object_id,
        data=data or {},
    )
