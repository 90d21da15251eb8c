"""Reading an effective spec: JSON pointers, local `$ref`s, and which way each model's data flows.

Direction matters because generated clients are strict readers: a value the server newly *accepts*
(request side) is a feature, while a value the server newly *sends* (response side) can crash an
old client that does not know it. A schema used by both sides is judged by the stricter rule.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from typing import Any

from ..documents import JSONValue
from .changes import Level

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SCHEMA_PREFIX = "#/components/schemas/"


class Direction(enum.Enum):
    REQUEST = "request"
    RESPONSE = "response"


BOTH = frozenset(Direction)


def child(pointer: str, token: str | int) -> str:
    """`pointer` extended by one RFC 6901 reference token."""
    return f"{pointer}/{str(token).replace('~', '~0').replace('/', '~1')}"


def ref_target(node: JSONValue) -> str | None:
    if isinstance(node, Mapping):
        ref = node.get("$ref")
        if isinstance(ref, str):
            return ref
    return None


def resolve(document: JSONValue, node: JSONValue) -> JSONValue:
    """`node` with local `$ref`s followed (a chain too); an unresolvable ref resolves to {}."""
    seen: set[str] = set()
    while (ref := ref_target(node)) is not None and ref not in seen:
        seen.add(ref)
        node = lookup(document, ref)
    return node


def lookup(document: JSONValue, ref: str) -> JSONValue:
    if not ref.startswith("#"):
        return {}  # the effective spec is one self-contained document; external refs do not occur
    node: Any = document
    for raw in ref[1:].split("/")[1:]:
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, Mapping) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return {}
    return node


def operations(document: JSONValue) -> Iterator[tuple[str, str, str, JSONValue]]:
    """(path, method, pointer, operation) for every operation of the document."""
    paths = document.get("paths") if isinstance(document, Mapping) else None
    for path, item in (paths or {}).items():
        item = resolve(document, item)
        if not isinstance(item, Mapping):
            continue
        for method in HTTP_METHODS:
            if isinstance(item.get(method), Mapping):
                yield path, method, child(child("#/paths", path), method), item[method]


def schema_directions(document: JSONValue) -> dict[str, frozenset[Direction]]:
    """For each component schema name, the directions its data flows in (empty when unused)."""
    found: dict[str, set[Direction]] = {}
    for path, _, _, operation in operations(document):
        path_item = resolve(document, document["paths"][path])
        request_parts = [
            path_item.get("parameters"),
            operation.get("parameters"),
            operation.get("requestBody"),
        ]
        for part in request_parts:
            _mark(document, part, Direction.REQUEST, found, set())
        for response in (operation.get("responses") or {}).values():
            response = resolve(document, response)
            if isinstance(response, Mapping):
                # Response headers are left out: openapi-python-client does not parse them.
                _mark(document, response.get("content"), Direction.RESPONSE, found, set())
    return {name: frozenset(directions) for name, directions in found.items()}


def _mark(
    document: JSONValue,
    node: JSONValue,
    direction: Direction,
    found: dict[str, set[Direction]],
    seen: set[str],
) -> None:
    if isinstance(node, list):
        for item in node:
            _mark(document, item, direction, found, seen)
        return
    if not isinstance(node, Mapping):
        return
    ref = ref_target(node)
    if ref is not None:
        if ref in seen:
            return
        seen.add(ref)
        if ref.startswith(SCHEMA_PREFIX):
            found.setdefault(ref[len(SCHEMA_PREFIX) :], set()).add(direction)
        _mark(document, lookup(document, ref), direction, found, seen)
        return
    for value in node.values():
        _mark(document, value, direction, found, seen)


def level_for(directions: frozenset[Direction], *, request: Level, response: Level) -> Level:
    """The stricter of the two rules among the directions that apply (both when the schema is unused:
    every component schema becomes a public model, so an unused one is judged conservatively)."""
    applicable = directions or BOTH
    return max(request if d is Direction.REQUEST else response for d in applicable)
