"""Values from the OpenAPI document: what each schema allows, and what it refuses.

A small stand-in for schema-driven fuzzers (schemathesis reads the same document): enough of JSON
Schema for ours (types, patterns, lengths, bounds, enums, nullable anyOf, arrays, objects, $ref).
"""

import re
from typing import Any

from hypothesis import strategies as st

Schema = dict[str, Any]


def resolve(schema: Schema, document: Schema) -> Schema:
    while "$ref" in schema or len(schema.get("allOf", [])) == 1:
        if "allOf" in schema:
            schema = schema["allOf"][0]
            continue
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def not_null(schema: Schema, document: Schema) -> Schema:
    """The one non-null branch of an optional field (`anyOf: [X, {type: null}]`)."""
    schema = resolve(schema, document)
    branches = [b for b in schema.get("anyOf", []) if b.get("type") != "null"]
    return resolve(branches[0], document) if len(branches) == 1 else schema


def allowed(schema: Schema, document: Schema, *, depth: int = 0) -> st.SearchStrategy:
    """Values the schema allows (never null: optional fields are left out instead)."""
    schema = not_null(schema, document)
    if "anyOf" in schema:  # an amount: a decimal string or a whole number
        branches = [b for b in schema["anyOf"] if b.get("type") != "null"]
        return st.one_of([allowed(b, document, depth=depth) for b in branches])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if "const" in schema:
        return st.just(schema["const"])
    kind = schema.get("type")
    if kind == "string":
        return _strings(schema)
    if kind == "integer":
        low, high = _bounds(schema, -(2**40), 2**40)
        return st.integers(min_value=low, max_value=high)
    if kind == "number":
        low, high = _bounds(schema, -(10**9), 10**9)
        return st.integers(min_value=int(low), max_value=int(high))
    if kind == "boolean":
        return st.booleans()
    if kind == "array":
        items = allowed(schema.get("items", {"type": "string"}), document, depth=depth + 1)
        most = min(schema.get("maxItems", 3), 3 if depth < 2 else schema.get("minItems", 0))
        return st.lists(items, min_size=schema.get("minItems", 0), max_size=max(most, schema.get("minItems", 0)))
    if kind == "object" or "properties" in schema:
        return objects(schema, document, depth=depth + 1)
    return st.none()


def objects(schema: Schema, document: Schema, *, depth: int = 0) -> st.SearchStrategy:
    fields = {name: allowed(sub, document, depth=depth) for name, sub in schema.get("properties", {}).items()}
    required = set(schema.get("required", []))
    return st.fixed_dictionaries(
        {name: value for name, value in fields.items() if name in required},
        optional={name: value for name, value in fields.items() if name not in required},
    )


_ONE_CLASS = re.compile(r"^\^(\[(?:\\.|[^\]])*\])[*+]\$$")  # ^[...]+$: a run of one character class


def _strings(schema: Schema) -> st.SearchStrategy:
    low, high = schema.get("minLength", 0), schema.get("maxLength", 40)
    pattern = schema.get("pattern")
    run = _ONE_CLASS.match(pattern or "")
    if run and pattern:  # build the length in, rather than filter long runs out
        char = st.from_regex(f"^{run.group(1)}$", fullmatch=True)
        most = max(low, min(high, low + 40))
        return st.lists(char, min_size=max(low, pattern.endswith("+$")), max_size=most).map("".join)
    text = st.from_regex(pattern, fullmatch=True) if pattern else st.text(max_size=min(high, 40))
    return text.filter(lambda value: low <= len(value) <= high)


def _bounds(schema: Schema, low: int, high: int) -> tuple[int, int]:
    low = schema.get("minimum", low)
    high = schema.get("maximum", high)
    if "exclusiveMinimum" in schema:
        low = schema["exclusiveMinimum"] + 1
    if "exclusiveMaximum" in schema:
        high = schema["exclusiveMaximum"] - 1
    return low, high


_CANDIDATES = ["", "a", "A-1", "12345", "x\x01y", "\x00", "2026-02-30", "1e9", " ", "a/b", "ş" * 3, "9" * 300]


def refused(schema: Schema, document: Schema) -> list[object]:
    """Values of the right JSON type that the schema refuses (pattern, length, bounds, enum)."""
    schema = not_null(schema, document)
    kind = schema.get("type")
    if kind == "string" and "enum" in schema:
        return ["no-such-choice"]
    if kind == "string":
        low, high = schema.get("minLength", 0), schema.get("maxLength")
        pattern = re.compile(schema["pattern"]) if "pattern" in schema else None
        texts = [c for c in _CANDIDATES if pattern is not None and not pattern.fullmatch(c)]
        texts += ["a" * (high + 1)] if high is not None else []
        texts += [""] if low > 0 else []
        return list(texts[:4])
    if kind == "integer":
        out: list[object] = []
        if "minimum" in schema or "exclusiveMinimum" in schema:
            out.append(_bounds(schema, 0, 0)[0] - 1)
        if "maximum" in schema or "exclusiveMaximum" in schema:
            out.append(_bounds(schema, 0, 0)[1] + 1)
        return out
    return []
