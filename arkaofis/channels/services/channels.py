"""Create channels and set their webhook secrets (sealed at rest, never logged or audited)."""

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from arkaofis.channels.models import Channel, ChannelKind
from arkaofis.channels.secrets import seal_credentials, seal_secret
from arkaofis.core.exceptions import Conflict, InvalidInput
from arkaofis.core.services.audit import record_audit


def create_channel(
    *,
    code: str,
    kind: str,
    name: str,
    webhook_secret: str = "",
    api_base_url: str = "",
    credentials: dict[str, str] | None = None,
    options: dict[str, Any] | None = None,
    user: Any,
    source: str,
) -> Channel:
    """A channel with its webhook secret and API credentials sealed; the audit row names neither."""
    if kind not in ChannelKind.values:
        raise InvalidInput(gettext("Unknown channel kind %(kind)r") % {"kind": kind}, field="kind")
    if api_base_url and not api_base_url.startswith(("https://", "http://")):
        raise InvalidInput(
            gettext("API base URL must start with https:// (got %(api_base_url)r)") % {"api_base_url": api_base_url},
            field="api_base_url",
        )
    try:
        with transaction.atomic():
            channel = Channel.objects.create(
                code=code,
                kind=kind,
                name=name,
                webhook_secret_sealed=seal_secret(webhook_secret),
                api_base_url=api_base_url,
                credentials_sealed=seal_credentials(credentials or {}),
                options=options or {},
            )
            data = {
                "code": code,
                "kind": kind,
                "api_base_url": api_base_url,
                "credential_keys": sorted(credentials or {}),
            }
            record_audit(user=user, source=source, action="channel.created", obj=channel, data=data)
    except IntegrityError:
        raise Conflict(gettext("Channel code %(code)r is already in use") % {"code": code}, code_in_use=code) from None
    return channel


@transaction.atomic
def set_webhook_secret(*, channel_id: int, secret: str, user: Any, source: str) -> None:
    channel = Channel.objects.select_for_update().get(pk=channel_id)
    channel.webhook_secret_sealed = seal_secret(secret)
    channel.save(update_fields=["webhook_secret_sealed"])
    # The audit row says that it changed, never what it is.
    record_audit(user=user, source=source, action="channel.secret_changed", obj=channel)
