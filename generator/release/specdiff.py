"""Classify the changes between two effective specs of one vendor: operations, parameters, bodies,
responses and component schemas (the schemas themselves are judged by schemadiff).

Our own classifier, because no mature Python tool exists: oasdiff (the reference tool) is written
in Go and cannot be installed here, and the OpenAPI diff packages on PyPI are immature (0.0.x).
It is also tuned to *generated clients*, which oasdiff is not: openapi-python-client rejects enum
values and union members it does not know, so what is harmless on the wire can break our users.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..documents import JSONValue
from .changes import Change, Level
from .schemadiff import Findings, SchemaComparer, forms_class, is_doc_key
from .specwalk import Direction, child, operations, ref_target, resolve, schema_directions

REQUEST = frozenset({Direction.REQUEST})
RESPONSE = frozenset({Direction.RESPONSE})
# Parameter keywords that change how the value is put on the wire.
SERIALISATION = ("style", "explode", "allowReserved", "allowEmptyValue")
_OPERATION_HANDLED = frozenset({"operationId", "tags", "parameters", "requestBody", "responses"})
_NOT_GENERATED_COMPONENTS = ("headers", "securitySchemes", "examples", "links", "callbacks", "pathItems")

ParameterKey = tuple[str, str]  # (in, name)


def compare_specs(old: JSONValue, new: JSONValue) -> list[Change]:
    """Every classified change from `old` to `new`, in document order."""
    return _SpecComparison(old, new).run()


class _SpecComparison:
    def __init__(self, old: JSONValue, new: JSONValue) -> None:
        self.old, self.new = old, new
        self.findings = Findings()
        self.schemas = SchemaComparer(old, new, self.findings)
        old_directions, new_directions = schema_directions(old), schema_directions(new)
        self.directions = {
            name: old_directions.get(name, frozenset()) | new_directions.get(name, frozenset())
            for name in set(old_directions) | set(new_directions)
        }

    def run(self) -> list[Change]:
        self._top_level()
        self._operations()
        self._components()
        return self.findings.changes

    def _top_level(self) -> None:
        for key in sorted((set(self.old) | set(self.new)) - {"paths", "components"}):
            if self.old.get(key) != self.new.get(key):
                # servers, security, info, tags: the generated client takes its base URL and
                # credentials as arguments, so these change documentation only.
                self.findings.add(
                    Level.FIX, child("#", key), f"`{key}` changed (not part of the generated code)"
                )

    def _operations(self) -> None:
        old_ops = {(path, method): (ptr, op) for path, method, ptr, op in operations(self.old)}
        new_ops = {(path, method): (ptr, op) for path, method, ptr, op in operations(self.new)}
        for (path, method), (pointer, operation) in old_ops.items():
            if (path, method) not in new_ops:
                name = operation.get("operationId", "")
                self.findings.add(
                    Level.BREAKING, pointer, f"operation {method.upper()} {path} ({name}) removed"
                )
        for (path, method), (pointer, operation) in new_ops.items():
            if (path, method) not in old_ops:
                name = operation.get("operationId", "")
                self.findings.add(Level.FEATURE, pointer, f"new operation {method.upper()} {path} ({name})")
            else:
                self._operation(path, old_ops[(path, method)][1], operation, pointer)

    def _operation(self, path: str, old: Mapping[str, Any], new: Mapping[str, Any], pointer: str) -> None:
        if old.get("operationId") != new.get("operationId"):
            self.findings.add(
                Level.BREAKING,
                child(pointer, "operationId"),
                f"operationId renamed {old.get('operationId')!r} -> {new.get('operationId')!r} "
                "(renames the generated module and functions)",
            )
        old_tags, new_tags = old.get("tags") or ["default"], new.get("tags") or ["default"]
        if old_tags[:1] != new_tags[:1]:
            self.findings.add(
                Level.BREAKING,
                child(pointer, "tags"),
                f"first tag {old_tags[0]!r} -> {new_tags[0]!r} moves the generated module "
                f"to api/{new_tags[0]}/",
            )
        elif old_tags != new_tags:
            self.findings.add(Level.FIX, child(pointer, "tags"), "secondary tags changed")
        self._parameters(path, old, new, pointer)
        self._request_body(old.get("requestBody"), new.get("requestBody"), child(pointer, "requestBody"))
        self._responses(old.get("responses") or {}, new.get("responses") or {}, child(pointer, "responses"))
        self.findings.documentation(pointer, old, new)
        for key in sorted((set(old) | set(new)) - _OPERATION_HANDLED):
            if not is_doc_key(key) and old.get(key) != new.get(key):
                # servers, callbacks: not in the generated code. security is, as the type of `client`
                # (AuthenticatedClient or not), which the Python side compares; so a fix here.
                why = (
                    "its effect on `client` is classified on the Python side"
                    if key == "security"
                    else ("not part of the generated code")
                )
                self.findings.add(Level.FIX, child(pointer, key), f"`{key}` changed ({why})")

    def _parameter_map(
        self, document: JSONValue, path: str, operation: Mapping[str, Any], pointer: str
    ) -> dict[ParameterKey, tuple[str, JSONValue]]:
        """Path-level parameters overridden by operation-level ones, keyed by (in, name)."""
        path_item = resolve(document, document["paths"][path])
        path_pointer = child("#/paths", path)
        found: dict[ParameterKey, tuple[str, JSONValue]] = {}
        sources = [
            (path_item.get("parameters") or [], path_pointer),
            (operation.get("parameters") or [], pointer),
        ]
        for parameters, base in sources:
            for index, raw in enumerate(parameters):
                resolved = resolve(document, raw)
                if isinstance(resolved, Mapping):
                    key = _parameter_key(resolved)
                    found[key] = (child(child(base, "parameters"), index), raw)
        return found

    def _parameters(self, path: str, old: Mapping[str, Any], new: Mapping[str, Any], pointer: str) -> None:
        old_params = self._parameter_map(self.old, path, old, pointer)
        new_params = self._parameter_map(self.new, path, new, pointer)
        for (where, name), (param_pointer, _) in old_params.items():
            if (where, name) not in new_params:
                self.findings.add(Level.BREAKING, param_pointer, f"{where} parameter `{name}` removed")
        for (where, name), (param_pointer, raw) in new_params.items():
            if (where, name) not in old_params:
                if _required(resolve(self.new, raw)):
                    self.findings.add(
                        Level.BREAKING, param_pointer, f"required {where} parameter `{name}` added"
                    )
                else:
                    self.findings.add(
                        Level.FEATURE, param_pointer, f"optional {where} parameter `{name}` added"
                    )
            else:
                self._parameter(old_params[(where, name)][1], raw, param_pointer)

    def _parameter(self, old_raw: JSONValue, new_raw: JSONValue, pointer: str) -> None:
        if ref_target(old_raw) is not None and ref_target(old_raw) == ref_target(new_raw):
            return  # compared once under #/components/parameters
        old, new = resolve(self.old, old_raw), resolve(self.new, new_raw)
        label = f"{new.get('in')} parameter `{new.get('name')}`"
        if old.get("name") != new.get("name"):  # only a header's case can differ under the same key
            self.findings.add(
                Level.FIX,
                child(pointer, "name"),
                f"{label}: renamed from `{old.get('name')}` in case only (HTTP header names are "
                "case-insensitive; the Python parameter is the same)",
            )
        if _required(new) and not _required(old):
            self.findings.add(Level.BREAKING, pointer, f"{label} is now required")
        elif _required(old) and not _required(new):
            self.findings.add(Level.FEATURE, pointer, f"{label} is now optional")
        for key in SERIALISATION:
            if old.get(key) != new.get(key):
                self.findings.add(
                    Level.BREAKING, child(pointer, key), f"{label}: serialisation `{key}` changed"
                )
        self.schemas.compare(old.get("schema"), new.get("schema"), child(pointer, "schema"), REQUEST)
        if "content" in old or "content" in new:
            self._content(
                old.get("content") or {}, new.get("content") or {}, child(pointer, "content"), REQUEST
            )
        self.findings.documentation(pointer, old, new)

    def _request_body(self, old_raw: JSONValue, new_raw: JSONValue, pointer: str) -> None:
        if old_raw is None and new_raw is None:
            return
        if ref_target(old_raw) is not None and ref_target(old_raw) == ref_target(new_raw):
            return  # compared once under #/components/requestBodies
        old, new = resolve(self.old, old_raw), resolve(self.new, new_raw)
        if old is None:
            level = Level.BREAKING if _required(new) else Level.FEATURE
            self.findings.add(
                level, pointer, f"{'required' if _required(new) else 'optional'} request body added"
            )
            return
        if new is None:
            self.findings.add(Level.BREAKING, pointer, "request body removed")
            return
        if _required(new) and not _required(old):
            self.findings.add(Level.BREAKING, pointer, "request body is now required")
        elif _required(old) and not _required(new):
            self.findings.add(Level.FEATURE, pointer, "request body is now optional")
        self._content(old.get("content") or {}, new.get("content") or {}, child(pointer, "content"), REQUEST)
        self.findings.documentation(pointer, old, new)

    def _responses(self, old: Mapping[str, Any], new: Mapping[str, Any], pointer: str) -> None:
        for status in old:
            if status not in new:
                self.findings.add(
                    Level.BREAKING,
                    child(pointer, status),
                    f"response {status} removed (the generated return type no longer includes it)",
                )
        for status, raw in new.items():
            if status not in old:
                self.findings.add(Level.FEATURE, child(pointer, status), f"new response {status}")
            else:
                self._response(old[status], raw, child(pointer, status))

    def _response(self, old_raw: JSONValue, new_raw: JSONValue, pointer: str) -> None:
        if ref_target(old_raw) is not None and ref_target(old_raw) == ref_target(new_raw):
            return  # compared once under #/components/responses
        old, new = resolve(self.old, old_raw), resolve(self.new, new_raw)
        self._content(old.get("content") or {}, new.get("content") or {}, child(pointer, "content"), RESPONSE)
        for key in ("headers", "links"):
            if old.get(key) != new.get(key):
                # openapi-python-client does not parse response headers or links.
                self.findings.add(
                    Level.FIX, child(pointer, key), f"response {key} changed (not parsed by the client)"
                )
        self.findings.documentation(pointer, old, new)

    def _content(
        self, old: Mapping[str, Any], new: Mapping[str, Any], pointer: str, directions: frozenset[Direction]
    ) -> None:
        for media_type in old:
            if media_type not in new:
                self.findings.add(
                    Level.BREAKING, child(pointer, media_type), f"media type {media_type} removed"
                )
        for media_type, media in new.items():
            where = child(pointer, media_type)
            if media_type not in old:
                self.findings.add(Level.FEATURE, where, f"media type {media_type} added")
                continue
            before = old[media_type] or {}
            self.schemas.compare(
                before.get("schema"), media.get("schema"), child(where, "schema"), directions
            )
            self.findings.documentation(where, before, media)
            if before.get("encoding") != media.get("encoding"):
                self.findings.add(Level.BREAKING, child(where, "encoding"), "multipart encoding changed")

    def _components(self) -> None:
        old_components: Mapping[str, Any] = self.old.get("components") or {}
        new_components: Mapping[str, Any] = self.new.get("components") or {}
        self._component_schemas(old_components.get("schemas") or {}, new_components.get("schemas") or {})
        pairs = [
            ("parameters", self._parameter),
            ("responses", self._response),
            ("requestBodies", self._request_body),
        ]
        for section, compare in pairs:
            old_section, new_section = old_components.get(section) or {}, new_components.get(section) or {}
            for name in old_section:
                # Added or removed ones are reported where operations start or stop using them.
                if name in new_section:
                    compare(old_section[name], new_section[name], child(child("#/components", section), name))
        for section in _NOT_GENERATED_COMPONENTS:
            if old_components.get(section) != new_components.get(section):
                self.findings.add(
                    Level.FIX,
                    child("#/components", section),
                    f"{section} changed (not part of the generated code)",
                )

    def _component_schemas(self, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        for name, schema in old.items():
            if name not in new:
                pointer = child("#/components/schemas", name)
                if forms_class(resolve(self.old, schema)):
                    self.findings.add(Level.BREAKING, pointer, f"model `{name}` removed")
                else:
                    self.findings.add(Level.FIX, pointer, f"schema `{name}` removed (it generated no class)")
        for name, schema in new.items():
            pointer = child("#/components/schemas", name)
            if name not in old:
                level = Level.FEATURE if forms_class(resolve(self.new, schema)) else Level.FIX
                self.findings.add(
                    level, pointer, f"new {'model' if level is Level.FEATURE else 'schema'} `{name}`"
                )
            else:
                self.schemas.compare(
                    old[name], schema, pointer, self.directions.get(name, frozenset()), name=name
                )


def _parameter_key(parameter: Mapping[str, Any]) -> ParameterKey:
    """(in, name); a header's name in lower case, as HTTP compares header names (RFC 9110 5.1)."""
    where, name = str(parameter.get("in")), str(parameter.get("name"))
    return (where, name.lower() if where == "header" else name)


def _required(node: JSONValue) -> bool:
    if not isinstance(node, Mapping):
        return False
    return bool(node.get("required")) or node.get("in") == "path"
