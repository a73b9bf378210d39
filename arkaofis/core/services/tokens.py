"""Per-user API tokens: issued once, stored only as a SHA-256 digest, revocable.

A raw token looks like `ark_Ab3dE6gH_<43 random characters>`. The first twelve characters are
the public prefix, stored in clear so a user can tell tokens apart and the lookup needs no
scan; the rest never touches the database. SHA-256 (not a slow password hash) is right here:
the secret is 256 random bits, so there is nothing to brute-force, and every request pays it.
"""

import functools
import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext

from arkaofis.core.exceptions import InvalidInput
from arkaofis.core.models import ApiToken, Source
from arkaofis.core.roles import SEEING
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
        raise InvalidInput(gettext("A token needs a name of 1-100 characters"), name=name)
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


def authenticate_api_token(raw_token: str, *, permission: str | None = None) -> ApiToken | None:
    """The live token (with its active user) matching `raw_token`, or None.

    The digest comparison is constant-time so response timing says nothing about how close
    a guess came. The token carries `granted`: whether its user may use `permission`
    ("app_label.codename"), by the rule of Django's ModelBackend (the only backend configured:
    an active superuser, or the permission held directly or through a group), read in the
    same query, so the API's permission check costs no round trip of its own.
    """
    if not raw_token.startswith(TOKEN_PREFIX) or len(raw_token) < PREFIX_LENGTH + 2 or len(raw_token) > 200:
        return None
    digest = token_digest(raw_token)
    sql, token_fields, user_fields = _token_query()
    params = [part for perm in (permission or ".", *SEEING) for part in perm.partition(".")[::2] * 2]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, raw_token[:PREFIX_LENGTH]])
        rows = cursor.fetchall()
    match = None
    users_end = len(token_fields) + len(user_fields)
    for row in rows:
        token = _from_row(ApiToken, token_fields, row[: len(token_fields)])
        if hmac.compare_digest(token.digest, digest):
            match = token
            user = _from_row(get_user_model(), user_fields, row[len(token_fields) : users_end])
            granted, *seeing = (user.is_superuser or bool(flag) for flag in row[users_end:])
            match.user = user
            match.granted = bool(permission) and granted  # type: ignore[attr-defined]
            # What the answer may show, read in the same query: may_see needs no round trip of its own.
            user.known_permissions = dict(zip(SEEING, seeing, strict=True))
    if match is None:
        return None
    now = timezone.now()
    if match.last_used_at is None or now - match.last_used_at > LAST_USED_RESOLUTION:
        # A plain UPDATE without reading back: cheap, and a lost race only loses a timestamp.
        ApiToken.objects.filter(pk=match.pk).update(last_used_at=now)
        match.last_used_at = now
    return match


def _from_row(model: Any, names: list[str], values: tuple) -> Any:
    """A model instance from raw column values, converted as the ORM converts them (SQLite
    hands datetimes back as naive text, for one)."""
    converted = []
    for name, value in zip(names, values, strict=True):
        column = model._meta.get_field(name).get_col(model._meta.db_table)
        for convert in connection.ops.get_db_converters(column) + column.get_db_converters(connection):
            value = convert(value, column, connection)
        converted.append(value)
    return model.from_db(DEFAULT_DB_ALIAS, names, converted)


def _through_table(model: Any, name: str) -> str:
    """The join table of a many-to-many field."""
    return model._meta.get_field(name).remote_field.through._meta.db_table


@functools.cache
def _token_query() -> tuple[str, list[str], list[str]]:
    """Raw SQL, built once: every API request runs it, and building it with the ORM (two
    EXISTS over the permission tables) cost more than the database took to answer it."""
    user_model = get_user_model()
    token_fields = [field.attname for field in ApiToken._meta.concrete_fields]
    user_fields = [field.attname for field in user_model._meta.concrete_fields]
    columns = [f"t.{field.column}" for field in ApiToken._meta.concrete_fields]
    columns += [f"u.{field.column}" for field in user_model._meta.concrete_fields]
    user_permissions = _through_table(user_model, "user_permissions")
    user_groups = _through_table(user_model, "groups")
    group_permissions = _through_table(Group, "permissions")
    permission = (
        f"JOIN {Permission._meta.db_table} p ON p.id = g.permission_id "
        f"JOIN {ContentType._meta.db_table} ct ON ct.id = p.content_type_id "
        "WHERE ct.app_label = %s AND p.codename = %s"
    )
    held = (
        f"EXISTS (SELECT 1 FROM {user_permissions} g {permission} AND g.user_id = u.id) "
        f"OR EXISTS (SELECT 1 FROM {user_groups} ug JOIN {group_permissions} g ON g.group_id = ug.group_id "
        f"{permission} AND ug.user_id = u.id)"
    )
    # The route's permission, then each of SEEING (what answers show to whom), one column each.
    flags = ", ".join(f"({held})" for _ in range(1 + len(SEEING)))
    sql = (
        f"SELECT {', '.join(columns)}, {flags} "  # noqa: S608 - table and column names from the models
        f"FROM {ApiToken._meta.db_table} t JOIN {user_model._meta.db_table} u ON u.id = t.user_id "
        "WHERE t.prefix = %s AND t.revoked_at IS NULL AND u.is_active"
    )
    return sql, token_fields, user_fields
