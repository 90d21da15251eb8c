"""The public surface of a package: which names a user may import, and the signature of each.

What is public (decided here, stated in the README's "Releases"):
- a module whose dotted name has a part starting with `_` is private, with everything in it;
- a module that declares `__all__` exports exactly those names (re-exports included, resolved to
  the object they name); a module without `__all__` exports the classes, functions and
  attributes it *defines* whose names do not start with `_` (a name merely imported is not its API);
- generated client packages: every non-private module is public (users import
  `presignkit_x.api.tag.operation` and `presignkit_x.models.Model`);
- the facade: only the modules in FACADE_PUBLIC_MODULES are public. Its other modules
  (presignkit.redact, presignkit.readahead, presignkit.workflow ...) are implementation, whatever
  they contain; anything users need is re-exported through `presignkit.__all__`.

A class's members are public when their names do not start with `_`; its constructor is compared
as its signature (`__init__`, or the fields of an attrs/dataclass class, which have no `__init__`
in the source).
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from pathlib import Path

import attrs
import griffe

from .errors import ReleaseError

FACADE_PACKAGE = "presignkit"
# The facade's public modules: the package itself and the documented optional sandbox.
FACADE_PUBLIC_MODULES = ("presignkit", "presignkit.sandbox")
_FIELD_FACTORIES = ("field", "attrib", "ib", "_attrs_field")
_FIELD_CLASS_DECORATORS = ("define", "frozen", "mutable", "attrs", "s", "dataclass", "_attrs_define")


class Kind(enum.StrEnum):
    MODULE = "module"
    CLASS = "class"
    FUNCTION = "function"
    ATTRIBUTE = "attribute"


class ParamKind(enum.IntEnum):
    """Python's parameter kinds, in the order they may appear in a signature."""

    POSITIONAL_ONLY = 0
    POSITIONAL_OR_KEYWORD = 1
    VAR_POSITIONAL = 2
    KEYWORD_ONLY = 3
    VAR_KEYWORD = 4

    @property
    def positional(self) -> bool:
        return self in (ParamKind.POSITIONAL_ONLY, ParamKind.POSITIONAL_OR_KEYWORD)

    @property
    def label(self) -> str:
        return self.name.lower().replace("_", "-")


@attrs.frozen
class Param:
    name: str
    kind: ParamKind
    annotation: str | None
    required: bool


@attrs.frozen
class Signature:
    params: tuple[Param, ...]
    returns: str | None


@attrs.frozen
class ApiObject:
    path: str  # the public import path, e.g. presignkit.upload (not where it is defined)
    kind: Kind
    signature: Signature | None = None  # functions and classes (their constructor)
    annotation: str | None = None  # attributes


_GRIFFE_KINDS = {
    griffe.ParameterKind.positional_only: ParamKind.POSITIONAL_ONLY,
    griffe.ParameterKind.positional_or_keyword: ParamKind.POSITIONAL_OR_KEYWORD,
    griffe.ParameterKind.var_positional: ParamKind.VAR_POSITIONAL,
    griffe.ParameterKind.keyword_only: ParamKind.KEYWORD_ONLY,
    griffe.ParameterKind.var_keyword: ParamKind.VAR_KEYWORD,
}


def load_package(package: str, search_path: Path) -> griffe.Module:
    try:
        # Static analysis only: the code is never imported, so a broken module cannot run here.
        # try_relative_path=False: griffe would otherwise resolve `presignkit` against the current
        # directory (the working tree) whatever search path it is given, and compare the tree with itself.
        loaded = griffe.load(
            package, search_paths=[search_path], allow_inspection=False, try_relative_path=False
        )
    except Exception as exc:  # griffe raises parser and import errors of many types
        raise ReleaseError(f"griffe could not load {package} from {search_path}: {exc}") from exc
    if not isinstance(loaded, griffe.Module):
        raise ReleaseError(f"{package} under {search_path} is not a module")
    return loaded


def public_surface(package: str, search_path: Path) -> dict[str, ApiObject]:
    """Every public object of `package` under `search_path`, by import path."""
    root = load_package(package, search_path)
    facade = package == FACADE_PACKAGE
    surface: dict[str, ApiObject] = {}
    # An object re-exported elsewhere (`models.Upload` and `models.upload.Upload`) is reported once,
    # under its first public path: packages are walked before their modules, so the shorter one.
    seen: set[str] = set()
    for module in _modules(root):
        if _private(module.path) or (facade and module.path not in FACADE_PUBLIC_MODULES):
            continue
        surface[module.path] = ApiObject(module.path, Kind.MODULE)
        for name, member in _exports(module):
            if member.path not in seen:
                seen.add(member.path)
                _add(surface, f"{module.path}.{name}", member)
    return surface


def _modules(module: griffe.Module) -> Iterator[griffe.Module]:
    yield module
    for member in module.members.values():
        if not member.is_alias and isinstance(member, griffe.Module):
            yield from _modules(member)


def _private(dotted: str) -> bool:
    return any(part.startswith("_") for part in dotted.split("."))


def _exports(module: griffe.Module) -> Iterator[tuple[str, griffe.Object]]:
    declared = module.exports
    if declared is not None:
        for name in declared:
            target = _resolve(module.members.get(str(name)))
            if target is not None and not target.is_module:
                yield str(name), target
        return
    for name, member in module.members.items():
        if name.startswith("_") or member.is_alias or member.is_module:
            continue
        if isinstance(member, griffe.Object):
            yield name, member


def _resolve(member: griffe.Object | griffe.Alias | None) -> griffe.Object | None:
    if member is None:
        return None
    if isinstance(member, griffe.Alias):
        try:
            target = member.final_target
        except (griffe.AliasResolutionError, griffe.CyclicAliasError):
            return None  # a re-export of a third-party name we cannot see: not ours to compare
        return target if isinstance(target, griffe.Object) else None
    return member


def _add(surface: dict[str, ApiObject], path: str, obj: griffe.Object) -> None:
    if isinstance(obj, griffe.Function):
        surface[path] = ApiObject(path, Kind.FUNCTION, signature=_function_signature(obj))
    elif isinstance(obj, griffe.Class):
        surface[path] = ApiObject(path, Kind.CLASS, signature=_class_signature(obj))
        for name, member in obj.members.items():
            target = _resolve(member)
            if not name.startswith("_") and target is not None and not target.is_module:
                _add(surface, f"{path}.{name}", target)
    elif isinstance(obj, griffe.Attribute):
        annotation = None if obj.annotation is None else str(obj.annotation)
        surface[path] = ApiObject(path, Kind.ATTRIBUTE, annotation=annotation)


def _function_signature(function: griffe.Function, *, skip_self: bool = False) -> Signature:
    params = [
        Param(
            p.name,
            _GRIFFE_KINDS[p.kind or griffe.ParameterKind.positional_or_keyword],
            None if p.annotation is None else str(p.annotation),
            p.required,
        )
        for p in function.parameters
    ]
    if skip_self and params and params[0].name in ("self", "cls"):
        params = params[1:]
    returns = None if function.returns is None else str(function.returns)
    return Signature(tuple(params), returns)


def _class_signature(cls: griffe.Class) -> Signature:
    """The constructor: the nearest `__init__` written in the source, or the fields of an attrs class."""
    for klass in reversed(_lineage(cls)):  # the class itself first, then its bases
        init = _resolve(klass.members.get("__init__"))
        if isinstance(init, griffe.Function):
            return _function_signature(init, skip_self=True)
        if _is_field_class(klass):
            return Signature(tuple(_fields(klass)), None)
    return Signature((), None)


def _lineage(cls: griffe.Class) -> list[griffe.Class]:
    """`cls` and the base classes griffe can resolve, base-most first."""
    try:
        bases = [b for b in cls.mro() if isinstance(b, griffe.Class)]
    except (ValueError, griffe.AliasResolutionError):
        bases = []
    return [*reversed(bases), cls]


def _is_field_class(cls: griffe.Class) -> bool:
    return any(_callee(str(d.value)) in _FIELD_CLASS_DECORATORS for d in cls.decorators)


def _callee(text: str) -> str:
    return text.split("(", 1)[0].rsplit(".", 1)[-1]


def _fields(cls: griffe.Class) -> Iterator[Param]:
    """An attrs or dataclass constructor, from the annotated class attributes of the lineage."""
    kw_only_class = any(
        "kw_only=True" in str(d.value).replace(" ", "") for c in _lineage(cls) for d in c.decorators
    )
    seen: dict[str, Param] = {}
    for klass in _lineage(cls):
        if not _is_field_class(klass):
            continue
        for name, member in klass.members.items():
            if not isinstance(member, griffe.Attribute) or member.annotation is None:
                continue
            if "property" in member.labels:
                continue  # a @property is read, never passed to the constructor
            annotation = str(member.annotation)
            if annotation.startswith(("ClassVar", "typing.ClassVar")):
                continue
            value = "" if member.value is None else str(member.value).replace(" ", "")
            is_field_call = _callee(value) in _FIELD_FACTORIES and "(" in value
            if is_field_call and "init=False" in value:
                continue
            has_default = bool(value) and (not is_field_call or "default=" in value or "factory=" in value)
            kw_only = kw_only_class or (is_field_call and "kw_only=True" in value)
            kind = ParamKind.KEYWORD_ONLY if kw_only else ParamKind.POSITIONAL_OR_KEYWORD
            # attrs strips leading underscores from private field names in __init__.
            seen.pop(name, None)
            seen[name] = Param(name.lstrip("_"), kind, annotation, not has_default)
    yield from seen.values()
