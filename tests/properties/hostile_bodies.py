"""Hypothesis strategies for vendor answers that break their effective spec.

Every operation of every vendor, every status it documents, and a body drawn from the response
schema and then broken: a field of the wrong type, a field removed, null, a huge string, an
unknown enum value, a list where an object belongs; or a body that is not the documented JSON at
all (empty, not JSON, an HTML page, a bare scalar). An unbroken draw is a valid answer, so the
same strategy also exercises the success path.
"""

from __future__ import annotations

import copy
import importlib
import json
import pkgutil
import re
from collections.abc import Callable
from types import ModuleType
from typing import Any

import attrs
from hypothesis import strategies as st

from tests.generated.effective_specs import load, operations

VENDORS = ("streamloop", "loops", "flare", "scripe")
STORE_URL = "https://store.example.test/bucket/key?X-Amz-Credential=AKIA%2Fscope&X-Amz-Signature=deadbeefcafe"
HUGE = 200_000  # characters: far beyond any field a vendor sends, small enough to stay fast
Json = Any
Draw = Callable[[st.SearchStrategy[Any]], Any]


@attrs.frozen
class Operation:
    vendor: str
    operation_id: str
    module: ModuleType  # the generated presignkit_<vendor>.api.<tag>.<operation> module
    statuses: tuple[int, ...]
    ok_statuses: frozenset[int]

    @property
    def name(self) -> str:
        return f"{self.vendor}.{self.operation_id}"

    def schema(self, status: int) -> tuple[str, Json] | None:
        """(media type, schema) of the documented body for `status`, if it has a JSON one."""
        response = _resolve(load(self.vendor), self._spec()["responses"][str(status)])
        for media_type, content in (response.get("content") or {}).items():
            if "json" in media_type and "schema" in content:
                return media_type, content["schema"]
        return None

    def _spec(self) -> Json:
        for item in load(self.vendor)["paths"].values():
            for operation in item.values():
                if isinstance(operation, dict) and operation.get("operationId") == self.operation_id:
                    return operation
        raise KeyError(self.operation_id)


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _modules(vendor: str) -> dict[str, ModuleType]:
    api = importlib.import_module(f"presignkit_{vendor}.api")
    found = {}
    for info in pkgutil.walk_packages(api.__path__, prefix=api.__name__ + "."):
        if not info.ispkg:
            module = importlib.import_module(info.name)
            found[info.name.rsplit(".", 1)[1]] = module
    return found


def all_operations() -> list[Operation]:
    found = []
    for vendor in VENDORS:
        modules = _modules(vendor)
        for operation_id, spec in sorted(operations(vendor).items()):
            statuses = tuple(sorted(spec.statuses))
            found.append(
                Operation(
                    vendor=vendor,
                    operation_id=operation_id,
                    module=modules[_snake(operation_id)],
                    statuses=statuses,
                    ok_statuses=frozenset(s for s in statuses if 200 <= s < 300),
                )
            )
    return found


def _resolve(document: Json, node: Json) -> Json:
    while isinstance(node, dict) and "$ref" in node:
        target: Json = document
        for key in node["$ref"].removeprefix("#/").split("/"):
            target = target[key]
        node = target
    return node


# -- valid instances -------------------------------------------------------------------------


@st.composite
def valid_instance(draw: Draw, vendor: str, schema: Json, depth: int = 0) -> Json:
    """A value the schema accepts, with optional properties and enum values drawn."""
    document = load(vendor)
    schema = _resolve(document, schema)
    if "allOf" in schema:
        merged: dict[str, Any] = {"type": "object", "properties": {}, "required": []}
        for part in schema["allOf"]:
            part = _resolve(document, part)
            merged["properties"].update(part.get("properties", {}))
            merged["required"] += part.get("required", [])
        schema = merged
    for combinator in ("oneOf", "anyOf"):
        if combinator in schema:
            return draw(valid_instance(vendor, draw(st.sampled_from(schema[combinator])), depth + 1))
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return draw(st.sampled_from(schema["enum"]))
    kind = schema.get("type", "object")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object":
        value = {}
        for name, prop in schema.get("properties", {}).items():
            if name in schema.get("required", []) or (depth < 3 and draw(st.booleans())):
                value[name] = draw(valid_instance(vendor, prop, depth + 1))
        return value
    if kind == "array":
        items = schema.get("items", {})
        return [draw(valid_instance(vendor, items, depth + 1)) for _ in range(draw(st.integers(0, 2)))]
    if kind == "string":
        form = schema.get("format")
        if form == "date-time":
            return "2999-01-01T00:00:00Z"
        if form == "date":
            return "2999-01-01"
        if form in ("uri", "url") or any(w in str(schema.get("description", "")).lower() for w in ("url",)):
            return STORE_URL
        return "x" * max(1, int(schema.get("minLength", 1)))
    if kind == "integer":
        # Large (a Scripe maxSizeBytes must hold the test file) but within the schema's bounds.
        return max(min(10**9, schema.get("maximum", 10**9)), schema.get("minimum", 0))
    if kind == "number":
        return 1.5
    if kind == "boolean":
        return draw(st.booleans())
    return None


# -- breaking it -------------------------------------------------------------------------------

WRONG_VALUES: st.SearchStrategy[Json] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
    st.just("x" * HUGE),
    st.just("NOT_A_KNOWN_VALUE_Ω"),
    st.just("not a url\r\nX-Injected: 1"),
    st.just("1999-13-45T99:99:99"),
    st.lists(st.integers(), max_size=3),
    st.lists(st.text(max_size=4), min_size=1, max_size=2),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    st.just({"nested": {"deeper": [None]}}),
)

NOT_THE_DOCUMENTED_JSON: st.SearchStrategy[tuple[bytes, str]] = st.one_of(
    st.just((b"", "application/json")),
    st.just((b"not json at all", "application/json")),
    st.just((b"<!doctype html><html><body>502 Bad Gateway</body></html>", "text/html")),
    st.just((b"\xff\xfe\x00garbage", "application/json")),
    st.just((b"[" * 5000, "application/json")),
    st.just((json.dumps("x" * HUGE).encode(), "application/json")),
    WRONG_VALUES.map(lambda v: (json.dumps(v).encode(), "application/json")),
)


def _paths(value: Json, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


def _break(draw: Draw, value: Json) -> Json:
    """`value` with one field removed or replaced. Drawn values are copied before anything is
    changed in place: `st.just` hands out the same object each time, and a changed constant
    would make hypothesis' replays differ from the first run."""
    path = draw(st.sampled_from(_paths(value)))
    if not path:
        return copy.deepcopy(draw(WRONG_VALUES))
    parent = value
    for key in path[:-1]:
        parent = parent[key]
    if isinstance(parent, dict) and draw(st.booleans()):
        del parent[path[-1]]  # a missing field
    else:
        parent[path[-1]] = copy.deepcopy(draw(WRONG_VALUES))
    return value


@st.composite
def answer_body(draw: Draw, operation: Operation, status: int) -> tuple[bytes, str]:
    """(body, content type) for `status`: valid, broken, or not the documented JSON at all."""
    documented = operation.schema(status)
    how = draw(st.sampled_from(["valid", "broken", "broken", "broken", "not json"]))
    if documented is None or how == "not json":
        whole: tuple[bytes, str] = draw(NOT_THE_DOCUMENTED_JSON)
        return whole
    media_type, schema = documented
    value = copy.deepcopy(draw(valid_instance(operation.vendor, schema)))
    if how == "broken":
        for _ in range(draw(st.integers(1, 3))):
            value = _break(draw, value)
    return json.dumps(value).encode(), media_type
