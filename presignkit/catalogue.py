"""The vendor catalogue's vocabulary: what a vendor declares about itself (`VendorSpec`: its
settings, its facts, its capabilities) and the facts themselves (`VendorInfo`: what it accepts,
its limits, its notes), checked before any network call and shown by `presignkit vendors`.

Each vendor fills these in its own folder (`presignkit.vendors.<vendor>.vendor`); the list of
vendors is `presignkit.vendors.registry`. Where a vendor's effective spec states a limit as
schema, the vendor reads it from that spec (`spec_schema`, loaded on first use), so regenerating
after a vendor change moves the check with it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from presignkit.errors import ValidationError
from presignkit.retry import ReplayRules

if TYPE_CHECKING:
    from presignkit.settings import VendorSettings
    from presignkit.sources import UploadSource

MB = 1000 * 1000  # the vendors write "MB"/"GB" without saying which; the smaller reading is safe
GB = 1000 * MB


@attrs.frozen
class ContentRule:
    """One accepted content type (`image/png`) or family (`audio/*`), with its size cap."""

    pattern: str
    max_size: int | None = None

    def matches(self, essence: str) -> bool:
        if self.pattern.endswith("/*"):
            return essence.startswith(self.pattern[:-1])
        if self.pattern.endswith(".*"):  # e.g. the Office Open XML family
            return essence.startswith(self.pattern[:-1])
        return essence == self.pattern


@attrs.frozen
class VendorInfo:
    """Facts about one vendor, for `presignkit vendors` and for callers who pre-check."""

    name: str
    title: str
    env_vars: tuple[str, ...]
    accepted_content_types: tuple[str, ...]  # exact types and families such as "audio/*"
    max_size: int | None  # the largest upload any accepted type allows, in bytes; None: not documented
    notes: str
    rules: tuple[ContentRule, ...] = attrs.field(repr=False, default=())

    def check(self, content_type: str, size: int) -> None:
        """Raise ValidationError unless `size` bytes of `content_type` are accepted."""
        essence = content_type_essence(content_type)
        rule = next((r for r in self.rules if r.matches(essence)), None)
        if rule is None:
            raise ValidationError(
                f"{self.title} does not accept {essence!r}; accepted is "
                f"{', '.join(self.accepted_content_types)}",
                vendor=self.name,
            )
        if rule.max_size is not None and size > rule.max_size:
            raise ValidationError(
                f"{self.title} accepts {rule.pattern} up to {rule.max_size:,} bytes; this upload is "
                f"{size:,} bytes",
                vendor=self.name,
            )


def content_type_essence(content_type: str) -> str:
    """`Text/Plain; charset=utf-8` -> `text/plain`: what type rules compare."""
    return content_type.split(";", 1)[0].strip().lower()


@functools.cache
def effective_spec(vendor: str) -> Mapping[str, Any]:
    """The effective spec the vendor's client was generated from."""
    import importlib.resources  # here, not at the top: `import presignkit` stays cheap
    import json

    resource = importlib.resources.files(f"presignkit_{vendor}") / "openapi.json"
    spec: Mapping[str, Any] = json.loads(resource.read_text(encoding="utf-8"))
    return spec


def spec_schema(vendor: str, name: str) -> Mapping[str, Any]:
    schema: Mapping[str, Any] = effective_spec(vendor)["components"]["schemas"][name]
    return schema


@attrs.frozen
class VendorSpec:
    """Everything the shared modules know about one vendor, declared in its own folder."""

    settings: type[VendorSettings]
    facts: Callable[[], VendorInfo]  # built on first use: it may read the effective spec
    # Capability: wait=True means "wait until the vendor has processed the upload"; `wait_means`
    # says what that is for this vendor (shown when another vendor is asked to wait).
    can_wait: bool = False
    wait_means: str = ""
    # Further pre-flight for this vendor (e.g. a file name it can derive a type from), run on the
    # loaded source before the first call that creates anything; raises ValidationError.
    check_source: Callable[[UploadSource], None] | None = None
    # What the vendor documents about sending a request twice (keys, idempotent POSTs, 425),
    # for the typed clients' RetryTransport.
    replay: ReplayRules = attrs.field(factory=ReplayRules)

    @property
    def name(self) -> str:
        return self.settings.vendor

    @property
    def title(self) -> str:
        return self.settings.title
