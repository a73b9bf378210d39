"""What the generated OpenAPI document cannot know by itself: the problem+json error answers,
the Idempotency-Key header on every POST, and file downloads.

Clients (and schema-driven fuzzers) read errors from the document, so it lists them.
"""

from typing import Any

from ninja import NinjaAPI

from arkaofis.core.api_errors import PROBLEM_CONTENT_TYPE
from arkaofis.core.idempotency import HEADER, MAX_KEY_LENGTH

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details; typed errors add members (e.g. `available`, `errors`).",
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
    },
    "required": ["type", "title", "status", "detail"],
    "additionalProperties": True,
}
_ERRORS = {
    "400": "Malformed request: a body that is not JSON, a query string that is not UTF-8, an unknown Host",
    "401": "No valid credentials",
    "403": "Signed in, but lacking the permission this operation needs",
    "404": "Unknown SKU, location, warehouse or object",
    "409": "Conflict with the current state, e.g. insufficient stock (`available` says how much there is)",
    "413": "The body is over the upload limit (`limit` says how many bytes are accepted)",
    "415": "The request declares a charset other than UTF-8",
    "422": "Invalid input: `errors` lists each field; typed errors say what rule was broken",
}
_BODY_ONLY = {"409", "413"}  # answers only a write can get
_IDEMPOTENCY_PARAMETER = {
    "name": HEADER,
    "in": "header",
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH},
    "description": (
        "Any unique string per intended write. A retry with the same key and body gets the first "
        "answer again (header Idempotent-Replayed: true) without running twice; the same key with "
        "another body is refused with 422. Refused requests keep no key."
    ),
}
DOWNLOADS = {
    "text/csv": {"schema": {"type": "string"}},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
        "schema": {"type": "string", "format": "binary"}
    },
}


def document_api(schema: dict[str, Any]) -> dict[str, Any]:
    schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    problem = {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            # ninja keys its own answers by int (200) and ours are strings: one JSON object would carry
            # "200" twice, which strict parsers (Swagger UI among them) refuse. Keys are strings here.
            responses = {str(status): answer for status, answer in operation.get("responses", {}).items()}
            operation["responses"] = responses
            for status, description in _ERRORS.items():
                if status in _BODY_ONLY and method != "post":
                    continue
                responses[status] = {"description": description, "content": problem}
            if method == "post":
                operation.setdefault("parameters", []).append(dict(_IDEMPOTENCY_PARAMETER))
            if path.endswith("/export"):
                responses["200"] = {"description": "The file", "content": DOWNLOADS}
    return schema


class DocumentedNinjaAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        return document_api(super().get_openapi_schema(**kwargs))
