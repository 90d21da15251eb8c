"""How a vendor's published document relates to our curated spec: which operations the facade uses
it covers, how it differs, and which recorded assumptions it confirms or contradicts.

The facade's operations are found by reading (never importing) the facade's source: every
`from presignkit_<vendor>.api.<tag> import <operation>` names a generated module, whose name is the
snake_case of an operationId in the vendor's current effective spec. Without a facade folder (a
scratch copy of the pipeline), every operation of the current spec counts.

Judging an assumption is a heuristic, and reported as one: the names of the curated spec an
assumption's text mentions (operationIds, paths, schemas, properties, parameters) are looked up in
the classified differences between the curated and the published document. A difference touching
one of them contradicts it (an addition does not: what was recorded stays true); all of them
present upstream and untouched confirms it; otherwise it is "not checkable" from the document alone.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from .documents import JSONValue
from .layout import Layout, package_name
from .release.changes import Change
from .release.specdiff import compare_specs

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
FACADE_DIR = "presignkit"


@attrs.frozen
class Operation:
    operation_id: str
    method: str
    path: str

    def describe(self) -> str:
        return f"{self.operation_id} ({self.method.upper()} {self.path})"


@attrs.frozen
class AssumptionVerdict:
    what: str
    verdict: str  # "confirmed", "contradicted" or "not checkable"
    evidence: tuple[str, ...] = ()


@attrs.frozen
class Coverage:
    covered: tuple[Operation, ...]
    missing: tuple[Operation, ...]
    differences: tuple[Change, ...]
    assumptions: tuple[AssumptionVerdict, ...]

    @property
    def complete(self) -> bool:
        return not self.missing

    def describe(self) -> list[str]:
        lines = [f"covers {len(self.covered)} of the {len(self.covered) + len(self.missing)} operations the "
                 "facade uses"]  # fmt: skip
        lines += [f"  covered: {op.describe()}" for op in self.covered]
        lines += [f"  MISSING: {op.describe()}" for op in self.missing]
        if self.differences:
            lines.append(f"differs from the curated spec in {len(self.differences)} place(s):")
            lines += [f"  {c.level.label}: {c.location} {c.message}" for c in self.differences[:40]]
        for verdict in self.assumptions:
            lines.append(f"assumption {verdict.verdict}: {verdict.what}")
            lines += [f"    {line}" for line in verdict.evidence]
        return lines


def operations(document: JSONValue) -> list[Operation]:
    found = []
    for path, item in (document.get("paths") or {}).items():
        if not isinstance(item, Mapping):
            continue
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, Mapping):
                found.append(Operation(str(operation.get("operationId", "")), method, str(path)))
    return found


def snake_case(name: str) -> str:
    """openapi-python-client's module name for an operationId (createUpload -> create_upload)."""
    words = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return re.sub(r"[^a-zA-Z0-9]+", "_", words).strip("_").lower()


def facade_modules(facade_dir: Path, vendor: str) -> set[str] | None:
    """Names of the generated operation modules the facade imports; None when there is no facade."""
    if not facade_dir.is_dir():
        return None
    prefix = f"{package_name(vendor)}.api."
    names: set[str] = set()
    for source in facade_dir.rglob("*.py"):
        try:
            tree = ast.parse(source.read_text(encoding="utf-8"))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(prefix):
                parts = (node.module or "").split(".")
                names |= {parts[3]} if len(parts) > 3 else {alias.name for alias in node.names}
            elif isinstance(node, ast.Import):
                names |= {
                    a.name.split(".")[3]
                    for a in node.names
                    if a.name.startswith(prefix) and a.name.count(".") >= 3
                }
    return names


def facade_operations(layout: Layout, vendor: str) -> list[Operation]:
    """The operations of the vendor's current effective spec that the facade calls."""
    effective = layout.package_dir(vendor) / "openapi.json"
    if not effective.is_file():
        return []
    current = operations(json.loads(effective.read_text(encoding="utf-8")))
    used = facade_modules(layout.root / FACADE_DIR, vendor)
    return current if used is None else [op for op in current if snake_case(op.operation_id) in used]


def _present(operation: Operation, upstream: Iterable[Operation]) -> bool:
    return any(
        (op.method, op.path) == (operation.method, operation.path)
        or op.operation_id == operation.operation_id
        for op in upstream
    )


def assess(
    curated: JSONValue,
    upstream: JSONValue,
    used: Iterable[Operation],
    assumptions: Iterable[Mapping[str, Any]],
) -> Coverage:
    published = operations(upstream)
    used = list(used)
    differences = tuple(compare_specs(curated, upstream))
    return Coverage(
        covered=tuple(op for op in used if _present(op, published)),
        missing=tuple(op for op in used if not _present(op, published)),
        differences=differences,
        assumptions=tuple(
            _judge(str(a.get("what", "")), curated, upstream, differences) for a in assumptions
        ),
    )


def _names(document: JSONValue) -> set[str]:
    """Names in a spec an assumption may mention: operationIds, paths, schemas, properties, parameters."""
    names = {op.operation_id for op in operations(document)} | set(document.get("paths") or {})
    components = document.get("components") or {}
    for name, schema in (components.get("schemas") or {}).items():
        names.add(name)
        if isinstance(schema, Mapping):
            names |= set(schema.get("properties") or {})
    for parameter in (components.get("parameters") or {}).values():
        if isinstance(parameter, Mapping):
            names.add(str(parameter.get("name", "")))
    for item in (document.get("paths") or {}).values():
        for operation in item.values() if isinstance(item, Mapping) else ():
            for parameter in operation.get("parameters") or [] if isinstance(operation, Mapping) else ():
                if isinstance(parameter, Mapping) and "name" in parameter:
                    names.add(str(parameter["name"]))
    return {n for n in names if len(n) >= 3}


def _mentions(text: str, name: str) -> bool:
    return re.search(rf"(?<![\w/-]){re.escape(name)}(?![\w-])", text) is not None


def _judge(
    what: str, curated: JSONValue, upstream: JSONValue, differences: Iterable[Change]
) -> AssumptionVerdict:
    mentioned = sorted(n for n in _names(curated) if _mentions(what, n))
    if not mentioned:
        return AssumptionVerdict(what, "not checkable", ("it names nothing the document declares",))
    touching = [
        f"{c.location} {c.message}"
        for c in differences
        if not _addition(c) and any(_mentions(_decoded(c.location) + " " + c.message, n) for n in mentioned)
    ]
    if touching:
        return AssumptionVerdict(what, "contradicted", tuple(touching[:5]))
    published = _names(upstream)
    absent = [n for n in mentioned if n not in published]
    if absent:
        return AssumptionVerdict(
            what, "not checkable", (f"not in the published document: {', '.join(absent)}",)
        )
    return AssumptionVerdict(what, "confirmed", (f"unchanged upstream: {', '.join(mentioned)}",))


def _addition(change: Change) -> bool:
    """Something new upstream (an operation, property, status...) leaves what was recorded true."""
    return change.message.startswith("new ") or " added" in change.message


def _decoded(pointer: str) -> str:
    """`#/paths/~1uploads~1{id}/get` -> `# paths /uploads/{id} get`, so names match whole."""
    return " ".join(segment.replace("~1", "/").replace("~0", "~") for segment in pointer.split("/"))
