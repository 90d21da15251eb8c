"""Classify the change of one public function's or class's signature.

Rules (the README's "Releases" lists them for users):
- a parameter removed, or renamed (= removed + added) -> breaking;
- a parameter added: required -> breaking, optional (or *args/**kwargs) -> feature;
- for positional use: a positional parameter moved to another position -> breaking;
- a kind change that stops a call from working (positional -> keyword-only, keyword -> positional-only,
  a variadic gone) -> breaking; one that only allows more calls (keyword-only or positional-only ->
  positional-or-keyword) -> feature;
- a default removed (optional -> required) -> breaking; a default added -> feature;
- a parameter's type narrowed or changed to an unrelated type -> breaking; widened -> feature;
- a return type widened or changed to an unrelated type -> breaking; narrowed -> feature.
"""

from __future__ import annotations

from collections.abc import Iterator

from .changes import Level
from .surface import Param, ParamKind, Signature
from .typeexpr import Relation, relate

Finding = tuple[Level, str]


def compare_signatures(old: Signature, new: Signature) -> Iterator[Finding]:
    old_by_name = {p.name: p for p in old.params}
    new_by_name = {p.name: p for p in new.params}
    for name, before in old_by_name.items():
        after = new_by_name.get(name)
        if after is None:
            yield Level.BREAKING, f"parameter `{name}` removed"
        else:
            yield from _compare_param(before, after)
    for name, after in new_by_name.items():
        if name not in old_by_name:
            if after.required:
                yield Level.BREAKING, f"required parameter `{name}` added"
            else:
                yield Level.FEATURE, f"optional parameter `{name}` added"
    yield from _positions(old, new)
    yield from _returns(old.returns, new.returns)


def _compare_param(before: Param, after: Param) -> Iterator[Finding]:
    label = f"parameter `{after.name}`"
    if before.kind is not after.kind:
        level = _kind_change(before.kind, after.kind)
        yield level, f"{label}: {before.kind.label} -> {after.kind.label}"
    if after.required and not before.required:
        yield Level.BREAKING, f"{label} is now required"
    elif before.required and not after.required:
        yield Level.FEATURE, f"{label} is now optional"
    if before.annotation != after.annotation:
        relation = _relation(before.annotation, after.annotation)
        if relation is not Relation.SAME:  # `Optional[X]` -> `X | None` is no change
            level = Level.FEATURE if relation is Relation.WIDER else Level.BREAKING
            yield level, f"{label} type {_verb(relation)}: {before.annotation} -> {after.annotation}"


def _kind_change(before: ParamKind, after: ParamKind) -> Level:
    if after is ParamKind.POSITIONAL_OR_KEYWORD and before in (
        ParamKind.POSITIONAL_ONLY,
        ParamKind.KEYWORD_ONLY,
    ):
        return Level.FEATURE  # every call that worked still works
    return Level.BREAKING


def _positions(old: Signature, new: Signature) -> Iterator[Finding]:
    """A positional argument of an old call must land on the parameter of the same name."""
    old_positional = [p.name for p in old.params if p.kind.positional]
    new_positional = [p.name for p in new.params if p.kind.positional]
    for index, name in enumerate(old_positional):
        if name in new_positional and new_positional.index(name) != index:
            yield (
                Level.BREAKING,
                f"parameter `{name}` moved from position {index} to {new_positional.index(name)}",
            )


def _returns(before: str | None, after: str | None) -> Iterator[Finding]:
    if before == after:
        return
    relation = _relation(before, after)
    if relation is not Relation.SAME:
        level = Level.FEATURE if relation is Relation.NARROWER else Level.BREAKING
        yield level, f"return type {_verb(relation)}: {before} -> {after}"


def compare_annotations(before: str | None, after: str | None) -> Iterator[Finding]:
    """An attribute that is read: like a return type, a wider type is breaking."""
    yield from (
        (level, message.replace("return type", "type", 1)) for level, message in _returns(before, after)
    )


def _relation(before: str | None, after: str | None) -> Relation:
    # No annotation is `Any` to a type checker: adding one narrows, removing one widens.
    return relate(before or "Any", after or "Any")


def _verb(relation: Relation) -> str:
    return {
        Relation.WIDER: "widened",
        Relation.NARROWER: "narrowed",
        Relation.OTHER: "changed",
    }[relation]
