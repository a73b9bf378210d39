"""Typed errors shared by every app. Each carries data and maps to an RFC 9457 problem.

`detail` is the message as raised (English from typed errors, for logs); `message` is the same
sentence as a translatable template filled from the error's data, so a screen or a problem body
tells it in the reader's language (`localized()`), whenever it is shown. A refusal raised with a
generic class (InvalidInput, Conflict, …) passes its sentence through gettext where it is raised:
it is said in the language of the request that caused it.
"""

from collections.abc import Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


def _shown(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return value


class DomainError(Exception):
    """Base of every business-rule failure. `status` is the HTTP status the API answers with."""

    status = 400
    code = "domain-error"
    title: "str | Promise" = _("Request refused")
    message: "str | Promise | None" = None
    # An error raised for several actions tells each in a sentence of its own, chosen by data["action"].
    messages: "Mapping[str, str | Promise]" = {}

    def __init__(self, detail: "str | Promise", **data: Any) -> None:
        super().__init__(str(detail))
        self.detail = str(detail)
        self.data = data

    def template(self) -> "str | Promise | None":
        """The translatable sentence for this error."""
        return self.messages.get(self.data.get("action", "")) or self.message

    def message_data(self) -> Mapping[str, Any]:
        """The values the template is filled with; a subclass translates the codes among them."""
        return {key: _shown(value) for key, value in self.data.items()}

    def localized(self) -> str:
        """The detail in the active language; the raised detail when no template fits the data."""
        template = self.template()
        if template is None:
            return self.detail
        try:
            return str(template) % self.message_data()
        except (KeyError, TypeError, ValueError):
            return self.detail

    def as_problem(self) -> dict[str, Any]:
        return {
            "type": f"https://arkaofis.org/problems/{self.code}",
            "title": str(self.title),
            "status": self.status,
            "detail": self.localized(),
            **self.data,
        }


class InvalidInput(DomainError):
    status = 422
    code = "invalid-input"
    title = _("Invalid input")


class NotFound(DomainError):
    status = 404
    code = "not-found"
    title = _("Not found")


class Conflict(DomainError):
    status = 409
    code = "conflict"
    title = _("Conflict")


class PermissionDeniedError(DomainError):
    status = 403
    code = "forbidden"
    title = _("Forbidden")
