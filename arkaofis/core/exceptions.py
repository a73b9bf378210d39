"""Typed errors shared by every app. Each carries data and maps to an RFC 9457 problem."""

from typing import Any


class DomainError(Exception):
    """Base of every business-rule failure. `status` is the HTTP status the API answers with."""

    status = 400
    code = "domain-error"
    title = "Request refused"

    def __init__(self, detail: str, **data: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.data = data

    def as_problem(self) -> dict[str, Any]:
        return {
            "type": f"https://arkaofis.org/problems/{self.code}",
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
            **self.data,
        }


class InvalidInput(DomainError):
    status = 422
    code = "invalid-input"
    title = "Invalid input"


class NotFound(DomainError):
    status = 404
    code = "not-found"
    title = "Not found"


class Conflict(DomainError):
    status = 409
    code = "conflict"
    title = "Conflict"


class PermissionDeniedError(DomainError):
    status = 403
    code = "forbidden"
    title = "Forbidden"
