"""Around the API: what Django answers before (or instead of) a route is problem+json on /api/ too.

The API's own errors are problems (api_errors.py), but some answers never reach it: an unknown
Host header (Django refuses it while reading the request), a method a path does not take (the
router's bare 405), a request Django will not read. On /api/ paths this middleware answers them as
RFC 9457 problems; the screens keep Django's HTML pages.

It also refuses what would be misread rather than refused: a request declaring a charset other
than UTF-8 (Django would decode the query string with it, and `?sku=…` would silently become
another, unknown parameter) and a query string that is not UTF-8 (its values would arrive with
replacement characters).
"""

import codecs
import logging
from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import get_bytes_from_wsgi
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import translation
from django.utils.translation import gettext as _

from arkaofis.core.api_errors import PROBLEM_CONTENT_TYPE, problem, problem_response, status_problem

API_PREFIX = "/api/"  # where arkaofis/urls.py mounts the API
UTF8_CHARSETS = {"utf-8", "ascii"}  # codec names; ASCII is a subset of UTF-8
security_log = logging.getLogger("django.security.DisallowedHost")


class ApiProblemMiddleware:
    """First in MIDDLEWARE, so it sees the request before anything asks for its host."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        with translation.override(translation.get_language_from_request(request)):
            refusal = refusal_of(request)
        if refusal is not None:
            return refusal
        response = self.get_response(request)
        if response.status_code < 400 or response.get("Content-Type", "").startswith(PROBLEM_CONTENT_TYPE):
            return response
        with translation.override(translation.get_language_from_request(request)):
            return as_problem(request, response)


def refusal_of(request: HttpRequest) -> HttpResponse | None:
    """A problem for a request the API must not read, or None."""
    try:
        request.get_host()
    except DisallowedHost as error:
        security_log.warning("%s", error)
        detail = _("This server does not answer for the host named in the request.")
        return problem_response(request, problem(400, "unknown-host", detail))
    charset = getattr(request, "content_params", None) or {}
    declared = charset.get("charset")
    if declared is not None and _codec(declared) not in UTF8_CHARSETS:
        detail = _("Send the request in UTF-8: the charset %(charset)s is not accepted.") % {"charset": declared[:40]}
        return problem_response(request, problem(415, "unsupported-charset", detail))
    if not _query_is_utf8(request):
        detail = _("The query string is not UTF-8: percent-encode its values as UTF-8 bytes.")
        return problem_response(request, problem(400, "bad-query-encoding", detail))
    return None


def as_problem(request: HttpRequest, response: HttpResponseBase) -> HttpResponse:
    """The same status as a problem; a 405 keeps its Allow header and says what is allowed."""
    allowed = response.get("Allow", "")
    if response.status_code == 405:
        detail = _("%(method)s is not allowed here; use %(allowed)s.") % {"method": request.method, "allowed": allowed}
    else:
        detail = _("The request was refused.")
    answer = status_problem(request, response.status_code, detail)
    if allowed:
        answer["Allow"] = allowed
    return answer


def _codec(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return ""


def _query_is_utf8(request: HttpRequest) -> bool:
    raw = get_bytes_from_wsgi(request.META, "QUERY_STRING", "")
    try:
        unquote_to_bytes(raw).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
