"""The OpenAPI document read as a strict consumer would (Swagger UI, code generators, schema fuzzers).

No OpenAPI validator package is installed (openapi-spec-validator would be the one to add), so the
rules a strict parser enforces and that our own post-processing could break are checked here: a JSON
object has each key once, response codes are the strings OpenAPI allows, every $ref resolves, every
operationId is unique and every path template's parameter is declared.
"""

import json
import re

import pytest

METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
STATUS = re.compile(r"^(default|[1-5]XX|[1-5][0-9]{2})$")


def strict_json(text: str):
    def refuse_duplicates(pairs):
        keys = [key for key, _ in pairs]
        duplicated = sorted({key for key in keys if keys.count(key) > 1})
        if duplicated:
            raise ValueError(f"duplicate keys {duplicated} in one JSON object")
        return dict(pairs)

    return json.loads(text, object_pairs_hook=refuse_duplicates)


def resolve(document, ref: str):
    assert ref.startswith("#/"), f"external or malformed $ref {ref!r}"
    node = document
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        assert isinstance(node, dict) and part in node, f"$ref {ref!r} does not resolve"
        node = node[part]
    return node


def every_ref(node):
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        for value in node.values():
            yield from every_ref(value)
    elif isinstance(node, list):
        for value in node:
            yield from every_ref(value)


def openapi_problems(document) -> list[str]:
    problems = []
    if not str(document.get("openapi", "")).startswith("3."):
        problems.append("not an OpenAPI 3 document")
    if not {"title", "version"} <= set(document.get("info", {})):
        problems.append("info lacks title or version")
    problems += [f"unresolved $ref {ref}" for ref in every_ref(document) if not _resolves(document, ref)]
    operation_ids: dict[str, str] = {}
    for path, item in document.get("paths", {}).items():
        templated = set(re.findall(r"{([^}]+)}", path))
        for method, operation in item.items():
            if method not in METHODS:
                continue
            where = f"{method.upper()} {path}"
            if not operation.get("responses"):
                problems.append(f"{where}: no responses")
            codes = operation.get("responses", {})
            problems += [f"{where}: response code {code!r}" for code in codes if not STATUS.match(code)]
            seen = operation_ids.setdefault(operation.get("operationId", where), where)
            if seen != where:
                problems.append(f"{where}: operationId shared with {seen}")
            params = [_deref(document, p) for p in item.get("parameters", []) + operation.get("parameters", [])]
            declared = {p["name"] for p in params if p.get("in") == "path"}
            if declared != templated:
                problems.append(f"{where}: path parameters {sorted(declared)} ≠ template {sorted(templated)}")
            names = [(p["name"], p["in"]) for p in params]
            if len(names) != len(set(names)):
                problems.append(f"{where}: a parameter declared twice")
    return problems


def _resolves(document, ref) -> bool:
    try:
        resolve(document, ref)
    except AssertionError:
        return False
    return True


def _deref(document, node):
    return resolve(document, node["$ref"]) if "$ref" in node else node


def test_the_strict_reader_refuses_a_response_code_given_twice():
    """The defect /api/docs showed: ninja's int 200 beside our "200" made one object with the key twice."""
    with pytest.raises(ValueError, match="duplicate keys"):
        strict_json(json.dumps({"responses": {200: {}, "200": {}}}))


def test_the_openapi_document_passes_a_strict_reading(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    document = strict_json(response.content.decode())
    assert openapi_problems(document) == []


def test_an_export_answers_its_file_once_under_200(client):
    document = strict_json(client.get("/api/openapi.json").content.decode())
    export = document["paths"]["/api/catalog/products/export"]["get"]["responses"]
    assert set(export["200"]["content"]) == {
        "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }


@pytest.mark.browser
def test_the_docs_page_renders_the_operations_in_the_browser(live_server, transactional_db, monkeypatch):
    """Swagger UI refuses a document it cannot parse and shows an error instead of the operations;
    its assets come from our own static files (there is no CDN to reach)."""
    from pathlib import Path

    from arkaofis.core.tests.test_browser import CHROMIUM

    if not Path(CHROMIUM).exists():
        pytest.skip(f"needs Debian's Chromium at {CHROMIUM}")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        page = browser.new_page()
        outside = []
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None)
        page.goto(f"{live_server.url}/api/docs")
        expect(page.locator(".opblock").first).to_be_visible(timeout=15_000)
        assert page.locator(".opblock-summary-path", has_text="/api/catalog/products/export").count() == 1
        assert page.locator(".opblock").count() > 20
        assert page.locator(".errors-wrapper").count() == 0
        assert not [url for url in outside if not url.startswith("data:")], outside
        browser.close()


def test_no_two_api_shapes_share_a_name():
    """django-ninja names each shape in the OpenAPI document by its class name and silently keeps one of two
    classes that share it, so one route would be documented (and fuzzed) with another's body."""
    import importlib
    import pkgutil

    from ninja import Schema

    import arkaofis

    for module in pkgutil.walk_packages(arkaofis.__path__, "arkaofis."):
        if ".tests" not in module.name and module.name.rsplit(".", 1)[-1] in ("schemas", "api"):
            importlib.import_module(module.name)

    def shapes(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from shapes(sub)

    ours = [cls for cls in shapes(Schema) if cls.__module__.startswith("arkaofis.")]
    names = [cls.__name__ for cls in ours]
    assert sorted({name for name in names if names.count(name) > 1}) == []
