"""Every API error as an RFC 9457 problem document (`application/problem+json`).

Typed domain errors already know their status and body (`DomainError.as_problem`); this module
maps the framework's own failures (authentication, validation, unknown objects) to the same
shape, and turns anything unexpected into a bare 500 that never carries a stack trace.
"""

import json
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import (
    ObjectDoesNotExist,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Router
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.responses import NinjaJSONEncoder

from arkaofis.core.exceptions import DomainError

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_BASE = "https://arkaofis.org/problems/"
logger = logging.getLogger("arkaofis.api")

# Marked for translation here, translated when a problem is written (the codes keep the English).
_TITLES = {
    400: gettext_noop("Bad request"),
    401: gettext_noop("Authentication required"),
    403: gettext_noop("Forbidden"),
    404: gettext_noop("Not found"),
    405: gettext_noop("Method not allowed"),
    409: gettext_noop("Conflict"),
    413: gettext_noop("Request too large"),
    415: gettext_noop("Unsupported media type"),
    422: gettext_noop("Invalid input"),
    429: gettext_noop("Too many requests"),
}


def problem(status: int, code: str, detail: "str | Promise", *, title: str = "", **extra: Any) -> dict[str, Any]:
    return {
        "type": PROBLEM_BASE + code,
        "title": str(title) if title else gettext(_TITLES.get(status, "Error")),
        "status": status,
        "detail": str(detail),
        **extra,
    }


def problem_response(request: HttpRequest, body: dict[str, Any]) -> HttpResponse:
    body.setdefault("instance", request.path)
    return HttpResponse(
        json.dumps(body, cls=NinjaJSONEncoder), status=body["status"], content_type=PROBLEM_CONTENT_TYPE
    )


# The problem type of a bare HTTP status (English, stable: clients match on it).
_CODES = {
    400: "bad-request",
    401: "authentication-required",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    409: "conflict",
    413: "request-too-large",
    415: "unsupported-media-type",
    422: "invalid-input",
    429: "too-many-requests",
}


def status_problem(request: HttpRequest, status: int, detail: str) -> HttpResponse:
    """A problem for a bare HTTP status (a 405 from the router, a 400 from Django)."""
    return problem_response(request, problem(status, _CODES.get(status, "error"), detail))


def request_too_large(request: HttpRequest) -> HttpResponse:
    """413 for a body over DATA_UPLOAD_MAX_MEMORY_SIZE, which Django refuses to read (or a form
    with too many fields or files). The one answer of the API and of the channel webhook view."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    detail = _("The request body is larger than the server accepts (%(limit)s bytes).") % {"limit": limit}
    return problem_response(request, problem(413, "request-too-large", detail, limit=limit))


_MEMBERS = ("type", "title", "status", "detail", "instance")


def problem_body(exc: DomainError) -> dict[str, Any]:
    """The problem document of a domain error. Its data must not overwrite the standard members
    (ReservationNotActive carries a `status` of its own); such keys move under "context"."""
    body = exc.as_problem()
    clashes = {key: exc.data[key] for key in _MEMBERS if key in exc.data}
    body.update(problem(exc.status, exc.code, exc.localized(), title=str(exc.title)))
    if clashes:
        body["context"] = clashes
    return body


def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return problem_response(request, problem_body(exc))


def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    # Keep what a client can act on; pydantic's `ctx`/`input` may hold unserialisable objects.
    errors = [
        {"loc": list(error.get("loc", ())), "msg": error.get("msg", ""), "type": error.get("type", "")}
        for error in exc.errors
    ]
    fields = ", ".join(".".join(str(part) for part in e["loc"][1:] or e["loc"]) for e in errors)
    body = problem(
        422,
        "validation-error",
        _("The request does not match the schema: %(fields)s") % {"fields": fields},
        errors=errors,
    )
    return problem_response(request, body)


def _authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    body = problem(401, "unauthenticated", _("Send 'Authorization: Bearer <token>' or sign in."))
    response = problem_response(request, body)
    response["WWW-Authenticate"] = 'Bearer realm="arkaofis"'
    return response


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    status = exc.status_code
    code = "throttled" if isinstance(exc, Throttled) else _CODES.get(status, "error")
    return problem_response(request, problem(status, code, str(exc)))


def _suspicious(request: HttpRequest, exc: Exception) -> HttpResponse:
    # Django's word for a request it will not read (a malformed multipart body, too many fields…).
    if isinstance(exc, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent):
        return request_too_large(request)
    return status_problem(request, 400, _("The request is malformed and was not read."))


def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem_response(request, problem(404, "not-found", _("No such object.")))


def _permission_denied(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem_response(request, problem(403, "forbidden", _("You may not do this.")))


def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    # Logged with its traceback for operators; the client sees no internals, even with DEBUG on.
    logger.exception("api.unhandled_error path=%s", request.path)
    return problem_response(request, problem(500, "internal-error", _("Something went wrong on our side.")))


def unknown_endpoint_router() -> Router:
    """A last, catch-all route: an unknown /api/ path is a 404 problem, not Django's HTML page
    (which, with DEBUG on, would list every URL pattern). Mount it after every other router."""
    router = Router()

    @router.api_operation(["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:rest}", auth=None, include_in_schema=False)
    def unknown_endpoint(request: HttpRequest, rest: str) -> HttpResponse:
        return problem_response(request, problem(404, "unknown-endpoint", _("No API endpoint at this path.")))

    return router


def install_problem_handlers(api: NinjaAPI) -> None:
    """Replace ninja's default handlers so every error leaves as problem+json."""
    # The ignores: ninja types a handler's `exc` as `E | type[E]`, but it always calls the handler with the
    # raised instance (NinjaAPI.on_exception), which is how these handlers are typed.
    api.add_exception_handler(Exception, _unexpected)  # type: ignore[arg-type]
    api.add_exception_handler(DomainError, _domain_error)  # type: ignore[arg-type]
    api.add_exception_handler(ValidationError, _validation_error)  # type: ignore[arg-type]
    api.add_exception_handler(AuthenticationError, _authentication_error)  # type: ignore[arg-type]
    api.add_exception_handler(HttpError, _http_error)  # type: ignore[arg-type]
    api.add_exception_handler(SuspiciousOperation, _suspicious)  # type: ignore[arg-type]
    api.add_exception_handler(Http404, _not_found)  # type: ignore[arg-type]
    api.add_exception_handler(ObjectDoesNotExist, _not_found)  # type: ignore[arg-type]
    api.add_exception_handler(PermissionDenied, _permission_denied)  # type: ignore[arg-type]
