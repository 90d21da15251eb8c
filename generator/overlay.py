"""Apply OpenAPI Overlay documents (1.0.x and 1.1.x) to a spec held as plain JSON data.

Targets are RFC 9535 JSONPath queries evaluated with `jsonpath_rfc9535`. Actions run in order, each
on the result of the previous one, and a list of overlays runs in order, each on the previous result.
The caller's document and overlays are never mutated: we work on a deep copy, and every value taken
from an overlay (or copied inside the document) is deep-copied again before it is inserted, so two
targets never share one object.

Where the specification is loose, or leaves a choice to tools, we chose:

- **Overlay 1.1 semantics for 1.0 documents too**, except that `copy` needs `overlay: 1.1.x`.
  Objects are deep-merged (a primitive replaces a primitive, an array is concatenated onto an array,
  an object merges recursively into an object, any other pairing is an error naming the property);
  an array target gets an array value concatenated and any other value appended (1.0 would append an
  array as one nested element, which no OpenAPI author wants); a primitive target is replaced by a
  primitive value (1.0 forbade primitive targets; 1.1 allows them). `null` counts as a primitive.
- **Strict zero-match.** The spec says an action whose target selects nothing succeeds without
  change. We raise `OverlayError` naming the overlay file, the action (`action #N`, 0-based) and the
  target: our overlays patch vendor specs, and a vendor change that orphans an overlay must never
  pass silently. Likewise a `copy` source must select exactly one node.
- **Strict overlay documents.** Unknown fields (other than `x-` extensions), duplicate actions, an
  action with no operation, and an action naming more than one (`remove: true` together with
  `update`/`copy`, or `update` together with `copy`) are errors, although the spec lets `remove`
  silently win: an operation that will never run is a mistake in the overlay.
- A query that selects the same node twice (`$['a','a']`) acts on it once. Several removals are made
  deepest and highest index first, so each location is still valid when its turn comes; removing
  the document root is an error.

Why not oas-patch 0.6.0, the only applier on PyPI: it evaluates targets with jsonpath-ng, a non-RFC
dialect (no `length()`/`search()`, filters need `[?(...)]`); every `update` aimed at an array
element crashes; it reads YAML as 1.1 through PyYAML (`NO` becomes `false`, dates become `date`),
changing the spec's meaning before openapi-python-client (YAML 1.2) ever sees it; and a target that
matches nothing is silently ignored.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from jsonpath_rfc9535 import DEFAULT_ENV, JSONPathError, JSONPathQuery
from jsonpath_rfc9535.serialize import canonical_string

from .documents import JSONValue

__all__ = ["OverlayError", "apply_overlay", "apply_overlays"]

Location = tuple[int | str, ...]
Kind = Literal["object", "array", "primitive"]
_Fail = Callable[[str], "OverlayError"]

_VERSION = re.compile(r"1\.([01])\.(0|[1-9][0-9]*)")
_OVERLAY_FIELDS = frozenset({"overlay", "info", "extends", "actions"})
_INFO_FIELDS = frozenset({"title", "version", "description"})
_ACTION_FIELDS = frozenset({"target", "description", "update", "copy", "remove"})


class OverlayError(Exception):
    """An overlay that is malformed or cannot be applied to the document it was given."""

    def __init__(
        self,
        cause: str,
        *,
        source: str,
        action_index: int | None = None,
        target: str | None = None,
    ) -> None:
        self.cause = cause
        self.source = source
        self.action_index = action_index
        self.target = target
        super().__init__(cause)

    def __str__(self) -> str:
        where = f"overlay {self.source!r}"
        if self.action_index is not None:
            where += f", action #{self.action_index}"
        if self.target is not None:
            where += f" (target {self.target!r})"
        return f"{where}: {self.cause}"


@dataclass(frozen=True)
class _Action:
    index: int
    target: str
    query: JSONPathQuery
    operation: Literal["update", "copy", "remove"]
    update: JSONValue = None
    copy_source: str = ""
    copy_query: JSONPathQuery | None = None


class _ActionFailed(Exception):
    """Raised inside one action; the caller adds the overlay file, action index and target."""


def apply_overlays(document: JSONValue, overlays: Sequence[tuple[str, Mapping[str, Any]]]) -> JSONValue:
    """Apply `(source name, overlay document)` pairs in order, each to the previous result."""
    result = copy.deepcopy(document)
    for source, overlay in overlays:
        result = apply_overlay(result, overlay, source=source)
    return result


def apply_overlay(document: JSONValue, overlay: Mapping[str, Any], *, source: str) -> JSONValue:
    """Return a new document with every action of `overlay` applied; `source` names it in errors."""
    actions = _parse_overlay(overlay, source)
    result = copy.deepcopy(document)
    for action in actions:
        try:
            result = _apply_action(result, action)
        except _ActionFailed as exc:
            raise OverlayError(
                str(exc), source=source, action_index=action.index, target=action.target
            ) from exc
    return result


# --- reading the overlay document -------------------------------------------------------------


def _parse_overlay(overlay: object, source: str) -> list[_Action]:
    def fail(cause: str) -> OverlayError:
        return OverlayError(cause, source=source)

    if not isinstance(overlay, Mapping):
        raise fail(
            f"an overlay document must be a mapping with `overlay`, `info` and `actions`, "
            f"got {_describe(overlay)}"
        )
    _reject_unknown_fields(overlay, _OVERLAY_FIELDS, "the overlay document", fail)
    minor = _overlay_minor_version(overlay.get("overlay"), fail)

    info = overlay.get("info")
    if not isinstance(info, Mapping):
        raise fail(f"`info` must be a mapping with string `title` and `version`, got {_describe(info)}")
    _reject_unknown_fields(info, _INFO_FIELDS, "`info`", fail)
    for field in ("title", "version"):
        if not isinstance(info.get(field), str):
            raise fail(
                f"`info.{field}` must be a string (quote it in YAML), got {_describe(info.get(field))}"
            )
    if "description" in info and not isinstance(info["description"], str):
        raise fail(f"`info.description` must be a string, got {_describe(info['description'])}")
    if "extends" in overlay and not isinstance(overlay["extends"], str):
        raise fail(f"`extends` must be a URI reference string, got {_describe(overlay['extends'])}")

    raw_actions = overlay.get("actions")
    if not isinstance(raw_actions, list) or not raw_actions:
        raise fail(f"`actions` must be a non-empty list of action objects, got {_describe(raw_actions)}")
    for later, action in enumerate(raw_actions):
        for earlier in range(later):
            if raw_actions[earlier] == action:
                raise OverlayError(
                    f"duplicates action #{earlier}; the spec requires the actions to be unique",
                    source=source,
                    action_index=later,
                    target=_target_of(action),
                )
    return [_parse_action(index, action, minor, source) for index, action in enumerate(raw_actions)]


def _overlay_minor_version(version: object, fail: _Fail) -> int:
    accepted = "accepted: 1.0.x and 1.1.x, e.g. overlay: 1.1.0"
    if not isinstance(version, str):
        raise fail(
            f"`overlay` must be the version string of the Overlay spec ({accepted}), got {_describe(version)}"
        )
    match = _VERSION.fullmatch(version)
    if match is None:
        raise fail(f"unsupported Overlay version {version!r}; {accepted}")
    return int(match.group(1))


def _parse_action(index: int, raw: object, minor: int, source: str) -> _Action:
    target = _target_of(raw)

    def fail(cause: str) -> OverlayError:
        return OverlayError(cause, source=source, action_index=index, target=target)

    if not isinstance(raw, Mapping):
        raise fail(f"an action must be a mapping with `target` and an operation, got {_describe(raw)}")
    _reject_unknown_fields(raw, _ACTION_FIELDS, "an action", fail)
    if target is None:
        raise fail(f"`target` must be a JSONPath string, got {_describe(raw.get('target'))}")
    if "description" in raw and not isinstance(raw["description"], str):
        raise fail(f"`description` must be a string, got {_describe(raw['description'])}")
    remove = raw.get("remove", False)
    if not isinstance(remove, bool):
        raise fail(f"`remove` must be true or false, got {_describe(remove)}")
    if "copy" in raw and minor < 1:
        raise fail("`copy` needs Overlay 1.1; declare `overlay: 1.1.0` to use it")

    query = _compile(target, "target", fail)
    operations = [name for name in ("update", "copy") if name in raw] + (["remove"] if remove else [])
    if not operations:
        raise fail("the action does nothing; give it `update`, `copy` (1.1) or `remove: true`")
    if len(operations) > 1:
        raise fail(f"the action names {' and '.join(f'`{op}`' for op in operations)}; give exactly one")
    if remove:
        return _Action(index, target, query, "remove")
    if "update" in raw:
        return _Action(index, target, query, "update", update=raw["update"])
    copy_source = raw["copy"]
    if not isinstance(copy_source, str):
        raise fail(f"`copy` must be a JSONPath string, got {_describe(copy_source)}")
    copy_query = _compile(copy_source, "copy", fail)
    return _Action(index, target, query, "copy", copy_source=copy_source, copy_query=copy_query)


def _compile(expression: str, field: str, fail: _Fail) -> JSONPathQuery:
    try:
        return DEFAULT_ENV.compile(expression)
    except JSONPathError as exc:
        raise fail(f"`{field}` is not a valid RFC 9535 JSONPath ({expression!r}): {exc}") from exc


def _reject_unknown_fields(mapping: Mapping[Any, Any], known: frozenset[str], what: str, fail: _Fail) -> None:
    unknown = [key for key in mapping if key not in known and not str(key).startswith("x-")]
    if unknown:
        raise fail(
            f"{what} has unknown field(s) {', '.join(map(repr, unknown))}; "
            f"accepted: {', '.join(sorted(known))} and `x-` extensions"
        )


def _target_of(raw: object) -> str | None:
    if isinstance(raw, Mapping) and isinstance(raw.get("target"), str):
        target: str = raw["target"]
        return target
    return None


# --- applying one action ----------------------------------------------------------------------


def _apply_action(document: JSONValue, action: _Action) -> JSONValue:
    locations = _select(action.query, document, "target")
    if not locations:
        raise _ActionFailed(
            "the target matches nothing in the document. Overlays are applied strictly: the spec "
            "this action was written for has probably changed, so fix or delete the action"
        )
    if action.operation == "remove":
        return _remove(document, locations)
    if action.operation == "update":
        value = action.update
    else:
        assert action.copy_query is not None
        sources = _select(action.copy_query, document, "copy")
        if len(sources) != 1:
            raise _ActionFailed(
                f"the copy source {action.copy_source!r} must select exactly one node, "
                f"it selects {len(sources)}"
            )
        # Copied once up front: the source may lie inside a target, or be one.
        value = copy.deepcopy(_resolve(document, sources[0]))
    kinds = {_kind(_resolve(document, location)) for location in locations}
    if len(kinds) > 1:
        raise _ActionFailed(
            f"the target selects a mix of {', '.join(sorted(kinds))} nodes; "
            "an update or copy needs them all objects, all arrays or all primitives"
        )
    for location in locations:
        document = _update(document, location, value)
    return document


def _select(query: JSONPathQuery, document: JSONValue, field: str) -> list[Location]:
    try:
        nodes = query.find(document)
    except JSONPathError as exc:
        raise _ActionFailed(f"evaluating `{field}` failed: {exc}") from exc
    # A query may select one node more than once (`$['a','a']`); act on each node once.
    return list(dict.fromkeys(node.location for node in nodes))


def _remove(document: JSONValue, locations: list[Location]) -> JSONValue:
    if () in locations:
        raise _ActionFailed("cannot remove the document root; target something inside it")
    # Reverse lexicographic order: children before their parents and, within one array, the highest
    # index first, so no removal shifts a location that is still to be removed.
    for location in sorted(locations, reverse=True):
        parent = _resolve(document, location[:-1])
        del parent[location[-1]]
    return document


def _update(document: JSONValue, location: Location, value: JSONValue) -> JSONValue:
    current = _resolve(document, location)
    kind = _kind(current)
    given = _kind(value)
    if kind == "object":
        if given != "object":
            raise _ActionFailed(
                f"the target {_path(location)} is an object, so the value must be an object, not {given}"
            )
        _merge(current, value, location)
        return document
    if kind == "array":
        if given == "array":
            current.extend(copy.deepcopy(value))
        else:
            current.append(copy.deepcopy(value))
        return document
    if given != "primitive":
        raise _ActionFailed(
            f"the target {_path(location)} is a primitive ({_describe(current)}), "
            f"so the value must be a primitive, not {given}"
        )
    if not location:
        return copy.deepcopy(value)
    _resolve(document, location[:-1])[location[-1]] = copy.deepcopy(value)
    return document


def _merge(target: dict[str, JSONValue], update: Mapping[str, JSONValue], at: Location) -> None:
    for key, new in update.items():
        if key not in target:
            target[key] = copy.deepcopy(new)
            continue
        old = target[key]
        old_kind, new_kind = _kind(old), _kind(new)
        if old_kind != new_kind:
            raise _ActionFailed(
                f"cannot merge {'an' if new_kind in ('object', 'array') else 'a'} {new_kind} into "
                f"the {old_kind} at {_path((*at, key))}; only object+object, array+array and "
                "primitive+primitive merge"
            )
        if new_kind == "object":
            _merge(old, new, (*at, key))
        elif new_kind == "array":
            old.extend(copy.deepcopy(new))
        else:
            target[key] = copy.deepcopy(new)


# --- helpers ----------------------------------------------------------------------------------


def _resolve(document: JSONValue, location: Location) -> Any:
    node = document
    for step in location:
        node = node[step]
    return node


def _kind(value: object) -> Kind:
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    return "primitive"


def _path(location: Location) -> str:
    """The RFC 9535 normalized path, e.g. $['paths']['/a']['get']['tags'][0]."""
    return "$" + "".join(f"[{canonical_string(s)}]" if isinstance(s, str) else f"[{s}]" for s in location)


def _describe(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"{type(value).__name__} {value!r}"
