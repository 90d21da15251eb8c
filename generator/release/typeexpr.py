"""Annotations as types: parse an annotation's source text and relate two of them.

griffe gives annotations as expressions but never compares them, so a parameter going from
`AuthenticatedClient | Client` to `AuthenticatedClient` looked unchanged. Here an annotation becomes
a small tree (a union of members; a generic with arguments; a name) and `relate` says whether the
new type accepts exactly, more, fewer or other values than the old one.

Hand-written on purpose: no maintained library compares annotations *statically* (mypy's subtype
check needs a whole program build; `typing` needs the objects imported). The approximation is
stated where it is made: names are compared as written (both sides are the same package, so a
name means the same class unless it was renamed, which removes the old one anyway), generic
arguments are compared covariantly, and `int` is accepted where `float` is (PEP 484's numeric
tower).
"""

from __future__ import annotations

import ast
import enum

import attrs

# PEP 484: an int is accepted where a float or complex is; a float where a complex is.
_PROMOTIONS = {("int", "float"), ("int", "complex"), ("float", "complex"), ("bool", "int")}
_UNION_NAMES = {"Union", "typing.Union"}
_OPTIONAL_NAMES = {"Optional", "typing.Optional"}
_ANY_NAMES = {"Any", "typing.Any", "object"}


@attrs.frozen
class Name:
    text: str


@attrs.frozen
class Generic:
    origin: str
    arguments: tuple[TypeExpr, ...]


@attrs.frozen
class Union:
    members: frozenset[TypeExpr]


TypeExpr = Name | Generic | Union


class Relation(enum.Enum):
    SAME = "same"
    WIDER = "wider"  # the new type accepts every old value and more
    NARROWER = "narrower"  # the new type accepts only some of the old values
    OTHER = "other"  # neither accepts all values of the other


def parse(text: str) -> TypeExpr:
    """The type an annotation's source text names; unparsable text is kept as an opaque name."""
    try:
        node = ast.parse(text.strip(), mode="eval").body
    except SyntaxError:
        return Name(text.strip())
    return _flatten(_convert(node))


def _convert(node: ast.expr) -> TypeExpr:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return Union(frozenset({_convert(node.left), _convert(node.right)}))
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return parse(node.value)  # a string (forward) reference
    if isinstance(node, ast.Constant) and node.value is None:
        return Name("None")
    if isinstance(node, ast.Subscript):
        origin = ast.unparse(node.value)
        items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        arguments = tuple(_convert(item) for item in items)
        if origin in _UNION_NAMES:
            return Union(frozenset(arguments))
        if origin in _OPTIONAL_NAMES:
            return Union(frozenset({*arguments, Name("None")}))
        return Generic(origin, arguments)
    if isinstance(node, ast.List):  # Callable[[A, B], R]
        return Generic("[]", tuple(_convert(item) for item in node.elts))
    return Name(ast.unparse(node))


def _flatten(expr: TypeExpr) -> TypeExpr:
    if isinstance(expr, Generic):
        return Generic(expr.origin, tuple(_flatten(a) for a in expr.arguments))
    if isinstance(expr, Union):
        members: set[TypeExpr] = set()
        for member in map(_flatten, expr.members):
            members |= member.members if isinstance(member, Union) else {member}
        return next(iter(members)) if len(members) == 1 else Union(frozenset(members))
    return expr


def accepts(wide: TypeExpr, narrow: TypeExpr) -> bool:
    """Whether every value of `narrow` is a value of `wide` (as far as the text tells)."""
    if isinstance(narrow, Union):
        return all(accepts(wide, member) for member in narrow.members)
    if isinstance(wide, Union):
        return any(accepts(member, narrow) for member in wide.members)
    if isinstance(wide, Name) and wide.text in _ANY_NAMES:
        return True
    if isinstance(wide, Name) and isinstance(narrow, Name):
        return wide.text == narrow.text or (narrow.text, wide.text) in _PROMOTIONS
    if isinstance(wide, Generic) and isinstance(narrow, Generic):
        return (
            wide.origin == narrow.origin
            and len(wide.arguments) == len(narrow.arguments)
            and all(accepts(w, n) for w, n in zip(wide.arguments, narrow.arguments, strict=True))
        )
    return False


def relate(old_text: str, new_text: str) -> Relation:
    """How the type `new_text` names relates to the one `old_text` names."""
    if old_text.strip() == new_text.strip():
        return Relation.SAME
    old, new = parse(old_text), parse(new_text)
    wider, narrower = accepts(new, old), accepts(old, new)
    if wider and narrower:
        return Relation.SAME
    if wider:
        return Relation.WIDER
    if narrower:
        return Relation.NARROWER
    return Relation.OTHER
