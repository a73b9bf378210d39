"""Per-user API tokens: issued once, stored only as a SHA-256 digest, revocable.

A raw token looks like `ark_Ab3dE6gH_<43 random characters>`. The first twelve characters are
the public prefix, stored in clear so a user can tell tokens apart and the lookup needs no
scan; the rest never touches the database. SHA-256 (not a slow password hash) is right here:
the secret is 256 random bits, so there is nothing to brute-force, and every request pays it.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from arkaofis.core.exceptions import InvalidInput
from arkaofis.core.models import ApiToken, Source
from arkaofis.core.services.audit import record_audit

TOKEN_PREFIX = "ark_"  # noqa: S105 - a public marker, not a secret
PREFIX_LENGTH = 12  # "ark_" + 8 random characters
# last_used_at is a hint for humans, not an audit trail: write it at most once a minute.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def token_digest(raw_token: str) -> str:
    return hashlib.sha256(raw_token.encode()).hexdigest()


def create_api_token(*, user: Any, name: str, source: str = Source.SYSTEM) -> tuple[ApiToken, str]:
    """Issue a token for `user`. Returns the stored row and the raw token, which is never kept."""
    name = name.strip()
    if not name or len(name) > 100:
        raise InvalidInput("A token needs a name of 1-100 characters", name=name)
    prefix = TOKEN_PREFIX + secrets.token_urlsafe(6)[:8].replace("_", "x")
    raw = f"{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, name=name, prefix=prefix, digest=token_digest(raw))
        record_audit(user=user, source=source, action="api_token.created", obj=token, data={"name": name})
    return token, raw


def revoke_api_token(*, token: ApiToken, user: Any = None, source: str = Source.SYSTEM) -> ApiToken:
    """Revoke a token; it stops working on its next request. Revoking twice is harmless."""
    with transaction.atomic():
        updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
        if updated:
            record_audit(user=user or token.user, source=source, action="api_token.revoked", obj=token)
    token.refresh_from_db(fields=["revoked_at"])
    return token


def authenticate_api_token(raw_token: str, *, annotate: dict[str, Any] | None = None) -> ApiToken | None:
    """The live token (with its active user) matching `raw_token`, or None.

    The digest comparison is constant-time so response timing says nothing about how close
    a guess came. `annotate` adds expressions over the token row to the same query (the API's
    permission check rides along instead of costing its own round trips).
    """
    if not raw_token.startswith(TOKEN_PREFIX) or len(raw_token) < PREFIX_LENGTH + 2 or len(raw_token) > 200:
        return None
    digest = token_digest(raw_token)
    candidates = ApiToken.objects.filter(
        prefix=raw_token[:PREFIX_LENGTH], revoked_at__isnull=True, user__is_active=True
    ).select_related("user")
    if annotate:
        candidates = candidates.annotate(**annotate)
    match = None
    for candidate in candidates:
        if hmac.compare_digest(candidate.digest, digest):
            match = candidate
    if match is None:
        return None
    now = timezone.now()
    if match.last_used_at is None or now - match.last_used_at > LAST_USED_RESOLUTION:
        # A plain UPDATE without reading back: cheap, and a lost race only loses a timestamp.
        ApiToken.objects.filter(pk=match.pk).update(last_used_at=now)
        match.last_used_at = now
    return match
