"""Changes in a package's public Python API: objects added or removed, and signatures compared with types.

griffe loads both sides statically (surface.py decides what is public); the comparison is ours:
griffe's own `find_breaking_changes` ignores annotations (a narrowed parameter type or a widened
return type went unreported) and knows no additions. Whatever openapi-python-client renames (a
`title`, an `operationId`, a tag) shows up here as a removed object.
"""

from __future__ import annotations

from pathlib import Path

from .changes import Change, Level, Side
from .signatures import compare_annotations, compare_signatures
from .surface import ApiObject, Kind, public_surface


def package_exists(search_path: Path, package: str) -> bool:
    return (search_path / package / "__init__.py").is_file()


def api_changes(package: str, old_search_path: Path, new_search_path: Path) -> list[Change]:
    """Classified changes of `package`'s public API from `old_search_path` to `new_search_path`."""
    had, has = package_exists(old_search_path, package), package_exists(new_search_path, package)
    if not had and not has:
        return []
    if not had:
        return [Change(Level.FEATURE, Side.PYTHON, package, "new package")]
    if not has:
        return [Change(Level.BREAKING, Side.PYTHON, package, "package removed")]
    return compare_surfaces(
        public_surface(package, old_search_path), public_surface(package, new_search_path)
    )


def compare_surfaces(old: dict[str, ApiObject], new: dict[str, ApiObject]) -> list[Change]:
    changes: list[Change] = []
    removed = _topmost(set(old) - set(new))
    changes += [Change(Level.BREAKING, Side.PYTHON, path, f"{old[path].kind} removed") for path in removed]
    for path in sorted(set(old) & set(new)):
        changes += [
            Change(level, Side.PYTHON, path, message)
            for level, message in _compare(old[path], new[path], new)
        ]
    added = _topmost(set(new) - set(old))
    changes += [Change(Level.FEATURE, Side.PYTHON, path, f"new public {new[path].kind}") for path in added]
    return changes


def _compare(old: ApiObject, new: ApiObject, surface: dict[str, ApiObject]) -> list[tuple[Level, str]]:
    if old.kind is not new.kind:
        return [(Level.BREAKING, f"{old.kind} became a {new.kind}")]
    if old.signature is not None and new.signature is not None:
        found = list(compare_signatures(old.signature, new.signature))
        if new.kind is Kind.CLASS:
            return [(level, f"constructor: {message}") for level, message in found]
        return found
    if new.kind is Kind.ATTRIBUTE and not _is_constructor_field(new, surface):
        # A constructor field's type is compared as the constructor's parameter; a plain attribute
        # is read, so it is compared like a return type.
        return list(compare_annotations(old.annotation, new.annotation))
    return []


def _is_constructor_field(attribute: ApiObject, surface: dict[str, ApiObject]) -> bool:
    owner_path, _, name = attribute.path.rpartition(".")
    owner = surface.get(owner_path)
    if owner is None or owner.kind is not Kind.CLASS or owner.signature is None:
        return False
    return any(param.name == name.lstrip("_") for param in owner.signature.params)


def _topmost(paths: set[str]) -> list[str]:
    """The paths whose parent is not itself in the set: a new module is one change, not one per member."""
    return sorted(p for p in paths if not any(p.startswith(other + ".") for other in paths))
