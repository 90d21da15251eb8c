"""What each generated package's effective spec (its openapi.json) declares, operation by operation."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import attrs

GENERATED = Path(__file__).resolve().parents[2] / "generated"
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@attrs.frozen
class SpecOperation:
    operation_id: str
    method: str  # upper case
    path: str  # the template, e.g. /uploads/{id}
    statuses: frozenset[int]
    body_variants: frozenset[str]  # discriminator values of a oneOf request body; {""} otherwise

    def path_pattern(self, prefix: str) -> re.Pattern[str]:
        """Matches the template with each {param} filled by one percent-encoded segment."""
        parts = re.split(r"\{[^}]+\}", self.path)
        return re.compile(re.escape(prefix) + "[^/]+".join(re.escape(part) for part in parts))


@functools.cache
def load(vendor: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((GENERATED / f"presignkit_{vendor}" / "openapi.json").read_text())
    return document


def server_prefix(vendor: str) -> str:
    """The path part of the first server URL ("" for a bare host)."""
    url: str = load(vendor)["servers"][0]["url"]
    return urlsplit(url).path.rstrip("/")


def _lookup(document: dict[str, Any], ref: str) -> dict[str, Any]:
    node: dict[str, Any] = document
    for key in ref.removeprefix("#/").split("/"):
        node = node[key]
    return node


def _body_variants(document: dict[str, Any], operation: dict[str, Any]) -> frozenset[str]:
    body = operation.get("requestBody")
    if body is None:
        return frozenset({""})
    schema: dict[str, Any] = body["content"]["application/json"]["schema"]
    if "$ref" in schema:
        schema = _lookup(document, schema["$ref"])
    discriminator = schema.get("discriminator")
    if "oneOf" not in schema or discriminator is None:
        return frozenset({""})
    return frozenset(discriminator["mapping"])


def operations(vendor: str) -> dict[str, SpecOperation]:
    document = load(vendor)
    found: dict[str, SpecOperation] = {}
    for path, item in document["paths"].items():
        for method in _METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            operation_id: str = operation["operationId"]
            assert operation_id not in found, f"{vendor}: operationId {operation_id} used twice"
            found[operation_id] = SpecOperation(
                operation_id=operation_id,
                method=method.upper(),
                path=path,
                statuses=frozenset(int(status) for status in operation["responses"]),
                body_variants=_body_variants(document, operation),
            )
    return found
