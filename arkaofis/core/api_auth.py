"""Who may call the API: a bearer token or the browser's session, and one permission per route.

Deny by default: the API's default auth (`DENY`) refuses every authenticated caller, so a
route that forgets to name its permission is closed, not open. Each route declares
`auth=requires("app.codename")`. No credentials → 401; credentials without the permission → 403.
Session callers must pass Django's CSRF check on unsafe methods; token callers need not
(a browser never attaches a bearer token by itself).
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from arkaofis.core.exceptions import PermissionDeniedError
from arkaofis.core.roles import may_see
from arkaofis.core.services.tokens import authenticate_api_token

_SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


class Forbidden(PermissionDeniedError):
    def __init__(self, permission: str | None) -> None:
        if permission is None:
            super().__init__(_("This operation declares no permission, so nobody may call it."))
        else:
            super().__init__(
                _("You need the permission %(permission)s for this.") % {"permission": permission},
                permission=permission,
            )


class CsrfFailed(PermissionDeniedError):
    code = "csrf-failed"
    title = _("CSRF check failed")

    def __init__(self) -> None:
        super().__init__(_("A signed-in session must send the X-CSRFToken header (from the csrftoken cookie)."))


def _authorise(user: Any, permission: str | None) -> Any:
    if permission is None or not user.has_perm(permission):
        raise Forbidden(permission)
    return user


class BearerToken(HttpBearer):
    """`Authorization: Bearer ark_…` — a token issued by `create_api_token`."""

    def __init__(self, permission: str | None) -> None:
        self.permission = permission
        super().__init__()

    def __call__(self, request: HttpRequest) -> Any:
        # Parsed here rather than in HttpBearer.__call__, which logs a malformed header
        # (possibly a secret) when DEBUG is on.
        scheme, _, raw = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not raw.strip():
            return None
        return self.authenticate(request, raw.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = authenticate_api_token(token, permission=self.permission)
        if found is None:
            return None
        # Views and services read request.user like everywhere else in Django.
        request.user = found.user
        if self.permission is None:
            raise Forbidden(None)
        if found.granted:  # type: ignore[attr-defined]
            return found.user
        raise Forbidden(self.permission)


class SessionCookie(APIKeyCookie):
    """The signed-in browser session, so the back-office screens can call the API."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self, permission: str | None) -> None:
        self.permission = permission
        super().__init__(csrf=True)

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if request.method not in _SAFE_METHODS and check_csrf(request) is not None:
            raise CsrfFailed
        return _authorise(user, self.permission)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:  # pragma: no cover - __call__ decides
        return None


def caller(request: HttpRequest) -> Any:
    """The user an API request was authenticated as (by token or session)."""
    return request.auth  # type: ignore[attr-defined]


def caller_may(context: Any, permission: str) -> bool:
    """For a schema's resolver: whether the API caller holds `permission`. The view validates the
    schema with context={"request": request} (ninja does for what it validates itself); without a
    request in the context the answer is no, so a field is never shown by accident."""
    request = context.get("request") if isinstance(context, dict) else None
    return may_see(getattr(request, "auth", None), permission)


def requires(permission: str) -> list:
    """The auth for a route that needs `permission` (e.g. "inventory.adjust_stock")."""
    return [BearerToken(permission), SessionCookie(permission)]


DENY = [BearerToken(None), SessionCookie(None)]
