"""Every API error as an RFC 9457 problem document (`application/problem+json`).

Typed domain errors already know their status and body (`DomainError.as_problem`); this module
maps the framework's own failures (authentication, validation, unknown objects) to the same
shape, and turns anything unexpected into a bare 500 that never carries a stack trace.
"""

import json
import logging
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Router
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.responses import NinjaJSONEncoder

from arkaofis.core.exceptions import DomainError

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_BASE = "https://arkaofis.org/problems/"
logger = logging.getLogger("arkaofis.api")

_TITLES = {
    400: "Bad request",
    401: "Authentication required",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Request too large",
    422: "Invalid input",
    429: "Too many requests",
}


def problem(status: int, code: str, detail: str, *, title: str = "", **extra: Any) -> dict[str, Any]:
    return {
        "type": PROBLEM_BASE + code,
        "title": title or _TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        **extra,
    }


def problem_response(request: HttpRequest, body: dict[str, Any]) -> HttpResponse:
    body.setdefault("instance", request.path)
    return HttpResponse(
        json.dumps(body, cls=NinjaJSONEncoder), status=body["status"], content_type=PROBLEM_CONTENT_TYPE
    )


_MEMBERS = ("type", "title", "status", "detail", "instance")


def problem_body(exc: DomainError) -> dict[str, Any]:
    """The problem document of a domain error. Its data must not overwrite the standard members
    (ReservationNotActive carries a `status` of its own); such keys move under "context"."""
    body = exc.as_problem()
    clashes = {key: exc.data[key] for key in _MEMBERS if key in exc.data}
    body.update(problem(exc.status, exc.code, exc.detail, title=exc.title))
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
    body = problem(422, "validation-error", f"The request does not match the schema: {fields}", errors=errors)
    return problem_response(request, body)


def _authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    body = problem(401, "unauthenticated", "Send 'Authorization: Bearer <token>' or sign in.")
    response = problem_response(request, body)
    response["WWW-Authenticate"] = 'Bearer realm="arkaofis"'
    return response


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    status = exc.status_code
    code = "throttled" if isinstance(exc, Throttled) else _TITLES.get(status, "error").lower().replace(" ", "-")
    return problem_response(request, problem(status, code, str(exc)))


def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem_response(request, problem(404, "not-found", "No such object."))


def _permission_denied(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem_response(request, problem(403, "forbidden", "You may not do this."))


def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    # Logged with its traceback for operators; the client sees no internals, even with DEBUG on.
    logger.exception("api.unhandled_error path=%s", request.path)
    return problem_response(request, problem(500, "internal-error", "Something went wrong on our side."))


def unknown_endpoint_router() -> Router:
    """A last, catch-all route: an unknown /api/ path is a 404 problem, not Django's HTML page
    (which, with DEBUG on, would list every URL pattern). Mount it after every other router."""
    router = Router()

    @router.api_operation(["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:rest}", auth=None, include_in_schema=False)
    def unknown_endpoint(request: HttpRequest, rest: str) -> HttpResponse:
        return problem_response(request, problem(404, "unknown-endpoint", "No API endpoint at this path."))

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
    api.add_exception_handler(Http404, _not_found)  # type: ignore[arg-type]
    api.add_exception_handler(ObjectDoesNotExist, _not_found)  # type: ignore[arg-type]
    api.add_exception_handler(PermissionDenied, _permission_denied)  # type: ignore[arg-type]
