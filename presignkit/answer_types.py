"""Check what a vendor answered against the types its generated model declares.

The generated clients' `from_dict` checks that required keys exist, not what they hold: a list
where a string belongs, `finalUrl: 12345`, an object where a nested model belongs (the generated
union parsers fall back to the raw value) all come through as "parsed" models. Every value the
facade takes from an answer passes through `check_model` (called by `expect_model`), so a wrong
type is a MalformedResponseError naming the field, not a TypeError three steps later or a wrong
value handed to the caller.

And where the generated parser refused a body, `explain_body` says why in the vendor's own field
names (e.g. "data.status: 'PAUSED' is not a known JobStatus; known: ..."), where the parser's own
exception would name whichever union member it tried last.

Hand-written rather than a library: the checks follow the generated attrs models' own
annotations (attrs, typing and the generated `Unset`), which no validator reads as they are.
"""

from __future__ import annotations

import datetime
import enum
import functools
import json
import sys
import types
import typing
from collections.abc import Iterable
from typing import Any

import attrs

_ADDITIONAL = "additional_properties"
_SHOWN = 40  # characters of an unknown enum value quoted in a message


# -- parsed models ---------------------------------------------------------------------------


def model_problem(value: object) -> str | None:
    """The first field of the generated model `value` (recursively) whose value does not have
    its declared type, described; None when every field fits (or `value` is not a model)."""
    kind: Any = type(value)  # typeshed does not call a type Hashable; every type is
    if not _is_model(kind):
        return None
    return _instance_problem(value, type(value).__name__)


# Every answer of every upload passes through here, and almost every field fits: a field's path
# (a message's words) is only spelt out when it is needed, as a (parent, name) pair until then.
_Path = tuple[str, str]  # (parent path, this field's attribute name or "[index]" suffix)


def _spelt(path: _Path) -> str:
    parent, name = path
    if not name:
        return parent
    return parent + name if name.startswith("[") else _json_name(f"{parent}.{name}")


def _instance_problem(value: object, path: str) -> str | None:
    hints = _field_hints(type(value).__name__, type(value))
    for name, hint in hints.items():
        if name == _ADDITIONAL:
            continue
        problem = _value_problem(getattr(value, name), hint, (path, name))
        if problem is not None:
            return problem
    extra = hints.get(_ADDITIONAL)
    if extra is not None and typing.get_origin(extra) is dict:
        item_hint = typing.get_args(extra)[1]
        for key, item in getattr(value, _ADDITIONAL, {}).items():
            problem = _value_problem(item, item_hint, (path, f"[{key!r}]"))
            if problem is not None:
                return problem
    return None


def _value_problem(value: object, hint: Any, path: _Path) -> str | None:
    members = _union_members(hint)
    for member in members:
        if _fits(value, member):
            if _is_model(member):
                return _instance_problem(value, _spelt(path))
            return _nested_problem(value, member, path)
    return f"{_spelt(path)} is {_show(value)}; expected {_describe(members)}"


def _nested_problem(value: object, hint: Any, path: _Path) -> str | None:
    if typing.get_origin(hint) is list:
        (item_hint,) = typing.get_args(hint) or (Any,)
        assert isinstance(value, list)
        for index, item in enumerate(value):
            problem = _value_problem(item, item_hint, (_spelt(path), f"[{index}]"))
            if problem is not None:
                return problem
    return None


def _fits(value: object, hint: Any) -> bool:
    if hint is Any:
        return True
    if hint is type(None):
        return value is None
    origin = typing.get_origin(hint)
    if origin is typing.Literal:
        return value in typing.get_args(hint)
    if origin is list:
        return isinstance(value, list)
    if origin is dict:
        return isinstance(value, dict)
    if hint is bool:
        return isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if hint is float:  # JSON does not tell 1 from 1.0
        return isinstance(value, int | float) and not isinstance(value, bool)
    if isinstance(hint, type):
        return isinstance(value, hint)
    return False


# -- raw bodies the generated parser refused --------------------------------------------------


def explain_body(content: bytes, models: Iterable[type]) -> str | None:
    """Why the JSON `content` is none of `models`, in the answer's own field names: the problem
    of the model it came closest to (the deepest problem; at equal depth a wrong value rather
    than a missing field, which rather means another model was meant). None if it is not JSON
    or fits one of them."""
    try:
        data = json.loads(content)
    except (ValueError, RecursionError):
        return None
    found: list[tuple[int, int, str]] = []
    for model in models:
        try:
            problem = _json_problem(data, model, "")
        except RecursionError:  # nested deeper than any documented shape: no useful account
            return None
        if problem is None:
            return None
        depth, missing, text = problem
        found.append((depth, -missing, text))
    return max(found)[2] if found else None


def operation_models(operation: types.ModuleType) -> list[type]:
    """The generated models an operation's `_parse_response` may return."""
    parse = getattr(operation, "_parse_response", None)
    if parse is None:
        return []
    try:
        hint = typing.get_type_hints(parse, globalns=_namespace(operation.__name__))["return"]
    except (NameError, KeyError, TypeError):
        return []
    return [member for member in _union_members(hint) if _is_model(member)]


def _json_problem(data: object, hint: Any, path: str) -> tuple[int, int, str] | None:
    """(depth, 1 if a field is missing else 0, description) of the first problem, or None."""
    depth = path.count(".") + path.count("[") + (1 if path else 0)
    members = [m for m in _union_members(hint) if m is not _unset_type(m)]
    problems: list[tuple[int, int, str]] = []
    for member in members:
        problem = _json_member_problem(data, member, path)
        if problem is None:
            return None
        problems.append(problem)
    if len(problems) == 1:
        return problems[0]
    deeper = [p for p in problems if p[0] > depth]
    if deeper:
        return max(deeper, key=lambda p: (p[0], -p[1]))
    return depth, 0, f"{path or 'the body'} is {_show(data)}; expected {_describe(members)}"


def _json_member_problem(data: object, hint: Any, path: str) -> tuple[int, int, str] | None:
    depth = path.count(".") + path.count("[") + (1 if path else 0)
    where = path or "the body"
    if _is_model(hint):
        if not isinstance(data, dict):
            return depth, 0, f"{where} is {_show(data)}; expected an object ({hint.__name__})"
        return _json_fields_problem(data, hint, path)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        known = [member.value for member in hint]
        if data in known:
            return None
        listed = ", ".join(str(k) for k in known)
        return depth, 0, f"{where} is {_show(data, quote=True)}, not a known {hint.__name__}; known: {listed}"
    if hint is datetime.datetime or hint is datetime.date:
        if isinstance(data, str):
            try:
                hint.fromisoformat(data)
                return None
            except ValueError:
                pass
        return depth, 0, f"{where} is {_show(data)}; expected an ISO 8601 {hint.__name__}"
    if typing.get_origin(hint) is list and isinstance(data, list):
        (item_hint,) = typing.get_args(hint) or (Any,)
        for index, item in enumerate(data):
            problem = _json_problem(item, item_hint, f"{path}[{index}]")
            if problem is not None:
                return problem
        return None
    if _fits(data, hint):
        return None
    return depth, 0, f"{where} is {_show(data)}; expected {_describe([hint])}"


def _json_fields_problem(data: dict[str, Any], model: type, path: str) -> tuple[int, int, str] | None:
    keys = {_plain(key): key for key in data}
    for name, hint in _field_hints(model.__name__, model).items():
        if name == _ADDITIONAL:
            continue
        key = keys.get(_plain(name))
        field_path = f"{path}.{key}" if path else str(key)
        if key is None:
            if any(member is _unset_type(member) for member in _union_members(hint)):
                continue  # optional
            missing_path = f"{path}.{name}" if path else name
            return missing_path.count(".") + 1, 1, f"the field {_json_name(missing_path)!r} is missing"
        problem = _json_problem(data[key], hint, field_path)
        if problem is not None:
            return problem
    return None


# -- shared helpers --------------------------------------------------------------------------


def _field_hints(name: str, model: Any) -> dict[str, Any]:
    key = (model.__module__, name)
    hints = _HINTS.get(key)
    if hints is None:
        hints = _HINTS[key] = typing.get_type_hints(model, globalns=_namespace(model.__module__))
    return hints


_HINTS: dict[tuple[str, str], dict[str, Any]] = {}  # generated models never change at run time


@functools.cache
def _namespace(module_name: str) -> dict[str, Any]:
    """Names a generated module's annotations may use: its own globals plus every model of its
    package (nested models are imported only under TYPE_CHECKING, so they are not in globals)."""
    module = sys.modules[module_name]
    package = module_name.split(".", 1)[0]
    namespace = dict(vars(module))
    for extra in (f"{package}.models", f"{package}.types"):
        if extra in sys.modules:
            namespace.update({k: v for k, v in vars(sys.modules[extra]).items() if not k.startswith("_")})
    return namespace


@functools.cache  # the hints of generated models: few, hashable, and unchanged at run time
def _union_members(hint: Any) -> tuple[Any, ...]:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return typing.get_args(hint)
    return (hint,)


def _unset_type(member: Any) -> Any:
    """`member` itself if it is a generated package's `Unset` class (each package has its own)."""
    return member if isinstance(member, type) and member.__name__ == "Unset" else None


@functools.cache
def _is_model(hint: Any) -> bool:
    return isinstance(hint, type) and attrs.has(hint) and _unset_type(hint) is None


def _plain(name: str) -> str:
    """A JSON key and the attribute generated for it compare equal: `textPreviewTruncated` and
    `text_preview_truncated`, `type` and `type_`."""
    return name.replace("_", "").replace("-", "").lower()


def _json_name(path: str) -> str:
    head, _, last = path.rpartition(".")
    parts = last.rstrip("_").split("_")
    camel = parts[0] + "".join(p[:1].upper() + p[1:] for p in parts[1:])
    return f"{head}.{camel}" if head else camel


def _describe(members: Iterable[Any]) -> str:
    names = []
    for member in members:
        if member is type(None):
            names.append("null")
        elif _unset_type(member) is not None:
            continue
        elif typing.get_origin(member) is typing.Literal:
            names.append(" or ".join(repr(a) for a in typing.get_args(member)))
        elif typing.get_origin(member) is not None:
            names.append(f"a {typing.get_origin(member).__name__}")
        elif isinstance(member, type) and issubclass(member, enum.Enum):
            names.append(f"one of {', '.join(str(m.value) for m in member)}")
        elif isinstance(member, type):
            names.append(f"{'an' if member.__name__[0] in 'aeiouAEIOU' else 'a'} {member.__name__}")
        else:
            names.append(str(member))
    return " or ".join(names) or "nothing (the field should be absent)"


def _show(value: object, *, quote: bool = False) -> str:
    """A wrong value for a message. A string is quoted only where its text is the point (an
    unknown enum value) and then shortened: an answer's strings may hold a presigned URL's
    signature or an echoed key."""
    if value is None:
        return "null"
    kind = type(value).__name__
    article = "an" if kind[0] in "aeiou" else "a"
    if isinstance(value, bool | int | float):
        return f"{value!r} ({article} {kind})"
    if isinstance(value, str) and quote:
        return repr(value if len(value) <= _SHOWN else value[:_SHOWN] + "…")
    if isinstance(value, str | list | dict):
        return f"{article} {kind} of length {len(value)}"
    return f"{article} {kind}"
