"""The shared vocabulary of a release: a classified change, the changes of one area, the whole diff."""

from __future__ import annotations

import enum
from collections.abc import Iterable

import attrs


class Level(enum.IntEnum):
    """How a change affects users of the package; ordered so `max()` gives the release's level."""

    FIX = 1
    FEATURE = 2
    BREAKING = 3

    @property
    def label(self) -> str:
        return self.name.lower()


class Side(enum.StrEnum):
    """Where a change was found: the effective OpenAPI spec or the generated public Python API."""

    SPEC = "spec"
    PYTHON = "python"


@attrs.frozen
class Change:
    level: Level
    side: Side
    location: str  # a JSON pointer (`#/paths/...`) for the spec, a dotted Python path for the API
    message: str


@attrs.frozen
class AreaDiff:
    """The changes of one vendor (its spec and generated package), or of the hand-written facade."""

    area: str
    changes: tuple[Change, ...]

    @property
    def level(self) -> Level | None:
        return max((c.level for c in self.changes), default=None)


@attrs.frozen
class ReleaseDiff:
    """Every area's changes between `base_ref` and the working tree; `base_ref` None: a first release."""

    base_ref: str | None
    areas: tuple[AreaDiff, ...]

    @property
    def first_release(self) -> bool:
        return self.base_ref is None

    @property
    def base_label(self) -> str:
        return self.base_ref if self.base_ref is not None else "nothing (first release)"

    @property
    def level(self) -> Level | None:
        """The strongest change anywhere, or None when nothing changed."""
        return max((c.level for c in self.all_changes()), default=None)

    def all_changes(self) -> Iterable[Change]:
        for area in self.areas:
            yield from area.changes
