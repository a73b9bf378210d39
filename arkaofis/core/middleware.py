"""Security headers beyond Django's own: the Content-Security-Policy (django-csp, configured by
CONTENT_SECURITY_POLICY in settings) and a Permissions-Policy (PERMISSIONS_POLICY)."""

from collections.abc import Callable

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase

# The API's documentation page is third-party code (Swagger UI) that sets style attributes from
# script; it alone may use inline styles. Its scripts are still our own static files only.
INLINE_STYLE_PATHS = ("/api/docs",)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(INLINE_STYLE_PATHS) and parts.update is None:
            parts.update = {"style-src": [UNSAFE_INLINE]}
        return parts


class PermissionsPolicyMiddleware:
    """Tells the browser which of its features (camera, microphone, location, payment…) our pages
    may use: those PERMISSIONS_POLICY names, nothing else. An empty list means none."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(origins)})" for feature, origins in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response
