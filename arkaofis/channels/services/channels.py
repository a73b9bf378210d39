"""Create channels and set their webhook secrets (sealed at rest, never logged or audited)."""

from typing import Any

from django.db import IntegrityError, transaction

from arkaofis.channels.models import Channel, ChannelKind
from arkaofis.channels.secrets import seal_secret
from arkaofis.core.exceptions import Conflict, InvalidInput
from arkaofis.core.services.audit import record_audit


def create_channel(*, code: str, kind: str, name: str, webhook_secret: str = "", user: Any, source: str) -> Channel:
    if kind not in ChannelKind.values:
        raise InvalidInput(f"Unknown channel kind {kind!r}", field="kind")
    try:
        with transaction.atomic():
            channel = Channel.objects.create(
                code=code, kind=kind, name=name, webhook_secret_sealed=seal_secret(webhook_secret)
            )
            record_audit(user=user, source=source, action="channel.created", obj=channel, data={"code": code})
    except IntegrityError:
        raise Conflict(f"Channel code {code!r} is already in use", code_in_use=code) from None
    return channel


@transaction.atomic
def set_webhook_secret(*, channel_id: int, secret: str, user: Any, source: str) -> None:
    channel = Channel.objects.select_for_update().get(pk=channel_id)
    channel.webhook_secret_sealed = seal_secret(secret)
    channel.save(update_fields=["webhook_secret_sealed"])
    # The audit row says that it changed, never what it is.
    record_audit(user=user, source=source, action="channel.secret_changed", obj=channel)
