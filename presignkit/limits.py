"""What each vendor accepts, checked before any network call, and `presignkit vendors` facts.

Where a vendor's effective spec states a limit as schema (Loops' contentType enum and
contentLength bounds, Streamloop's media `type` enum), it is read from that spec
(`presignkit_<vendor>/openapi.json`, loaded on first use), so regenerating after a vendor change
moves the check with it. Limits the vendors document only in prose are written here, each with
the page it comes from.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

import attrs

from presignkit.errors import ValidationError

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


def _schema(vendor: str, name: str) -> Mapping[str, Any]:
    schema: Mapping[str, Any] = effective_spec(vendor)["components"]["schemas"][name]
    return schema


def streamloop_media_type(content_type: str) -> str:
    """Streamloop's `type` (audio | video | image) for a MIME type; the enum comes from the spec."""
    family = content_type_essence(content_type).partition("/")[0]
    allowed = _schema("streamloop", "CreateS3ObjectInput")["properties"]["type"]["enum"]
    if family not in allowed:
        raise ValidationError(
            f"Streamloop does not accept {content_type_essence(content_type)!r}; accepted is "
            + ", ".join(f"{t}/*" for t in allowed),
            vendor="streamloop",
        )
    return family


def _streamloop() -> VendorInfo:
    families = _schema("streamloop", "CreateS3ObjectInput")["properties"]["type"]["enum"]
    # Size: "Up to 1.5 GB per file (5 GB once the account has bought credits)" (the fileSize
    # description in the spec, from streamloop/skills running-24-7-loops SKILL.md). Pre-flight
    # rejects only what no account can upload; the API enforces the per-account 1.5 GB.
    rules = tuple(ContentRule(f"{family}/*", 5 * GB) for family in families)
    return VendorInfo(
        name="streamloop",
        title="Streamloop",
        env_vars=(
            "STREAMLOOP_API_KEY",
            "STREAMLOOP_WORKSPACE_ID",
            "STREAMLOOP_ACCESS_TOKEN",
            "STREAMLOOP_BASE_URL",
        ),
        accepted_content_types=tuple(r.pattern for r in rules),
        max_size=5 * GB,
        notes="Up to 1.5 GB per file, 5 GB once the account has bought credits. Upload URLs are valid "
        "about 11 hours. Media facts arrive 15-25 s after completion.",
        rules=rules,
    )


def _loops() -> VendorInfo:
    request = _schema("loops", "CreateUploadRequest")["properties"]
    maximum: int = request["contentLength"]["maximum"]
    rules = tuple(ContentRule(t, maximum) for t in request["contentType"]["enum"])
    return VendorInfo(
        name="loops",
        title="Loops",
        env_vars=("LOOPS_API_KEY", "LOOPS_BASE_URL"),
        accepted_content_types=tuple(r.pattern for r in rules),
        max_size=maximum,
        notes="Email images only. Loops may answer 425 to complete while the object is not yet "
        "visible; presignkit retries it. Upload limit: a number of uploads per 24 h per team.",
        rules=rules,
    )


def _flare() -> VendorInfo:
    # Flare hosts videos: its presign endpoint is /api/video/upload/presign and the only type in
    # its docs is video/mp4 (https://flare.link/help/api/presign-upload). No size cap documented.
    rules = (ContentRule("video/*"),)
    return VendorInfo(
        name="flare",
        title="Flare",
        env_vars=("FLARE_API_TOKEN", "FLARE_BASE_URL"),
        accepted_content_types=("video/*",),
        max_size=None,
        notes="Videos only; no size limit is documented. The result URL is Flare's publicUrl.",
        rules=rules,
    )


def _scripe() -> VendorInfo:
    # Families and caps from https://apidocs.scripe.io/api/v1/uploads.md (also in the spec's
    # createUpload description): "audio/video 500 MB, image 25 MB, application/pdf 100 MB,
    # text/plain 25 MB"; application/msword and the Office Open XML variants are accepted with
    # no cap stated, so the API decides.
    rules = (
        ContentRule("audio/*", 500 * MB),
        ContentRule("video/*", 500 * MB),
        ContentRule("image/*", 25 * MB),
        ContentRule("application/pdf", 100 * MB),
        ContentRule("text/plain", 25 * MB),
        ContentRule("application/msword"),
        ContentRule("application/vnd.openxmlformats-officedocument.*"),
    )
    return VendorInfo(
        name="scripe",
        title="Scripe",
        env_vars=("SCRIPE_API_KEY", "SCRIPE_BASE_URL"),
        accepted_content_types=tuple(r.pattern for r in rules),
        max_size=500 * MB,
        notes="Upload URLs are single-use. wait=True attaches the upload as a file source and polls "
        "the ingest job. Every call pins Scripe-Api-Version.",
        rules=rules,
    )


_BUILDERS = {"streamloop": _streamloop, "loops": _loops, "flare": _flare, "scripe": _scripe}
VENDOR_NAMES: tuple[str, ...] = tuple(_BUILDERS)


def vendor_names() -> tuple[str, ...]:
    return VENDOR_NAMES


@functools.cache
def vendor_info(name: str) -> VendorInfo:
    """Facts about vendor `name`; ValidationError for an unknown name."""
    builder = _BUILDERS.get(name)
    if builder is None:
        raise ValidationError(f"unknown vendor {name!r}; accepted is one of {', '.join(VENDOR_NAMES)}")
    return builder()
