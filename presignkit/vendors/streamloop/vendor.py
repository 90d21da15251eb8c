"""What Streamloop is, for the shared modules: its settings, its facts and its capabilities."""

from __future__ import annotations

from presignkit.catalogue import GB, ContentRule, VendorInfo, VendorSpec, content_type_essence, spec_schema
from presignkit.errors import ValidationError
from presignkit.retry import ReplayRules
from presignkit.vendors.streamloop.settings import Streamloop


def media_types() -> list[str]:
    """Streamloop's media `type` enum (audio | video | image), read from the effective spec."""
    allowed: list[str] = spec_schema("streamloop", "CreateS3ObjectInput")["properties"]["type"]["enum"]
    return allowed


def streamloop_media_type(content_type: str) -> str:
    """Streamloop's `type` for a MIME type; the enum comes from the spec."""
    family = content_type_essence(content_type).partition("/")[0]
    allowed = media_types()
    if family not in allowed:
        raise ValidationError(
            f"Streamloop does not accept {content_type_essence(content_type)!r}; accepted is "
            + ", ".join(f"{t}/*" for t in allowed),
            vendor="streamloop",
        )
    return family


def facts() -> VendorInfo:
    # Size: "Up to 1.5 GB per file (5 GB once the account has bought credits)" (the fileSize
    # description in the spec, from streamloop/skills running-24-7-loops SKILL.md). Pre-flight
    # rejects only what no account can upload; the API enforces the per-account 1.5 GB.
    rules = tuple(ContentRule(f"{family}/*", 5 * GB) for family in media_types())
    return VendorInfo(
        name=Streamloop.vendor,
        title=Streamloop.title,
        env_vars=Streamloop.env_vars(),
        accepted_content_types=tuple(r.pattern for r in rules),
        max_size=5 * GB,
        notes="Up to 1.5 GB per file, 5 GB once the account has bought credits. Upload URLs are valid "
        "about 11 hours. Media facts arrive 15-25 s after completion.",
        rules=rules,
    )


VENDOR = VendorSpec(
    settings=Streamloop,
    facts=facts,
    # Every POST takes an Idempotency-Key (replayed for 24 h).
    replay=ReplayRules(idempotency_key_header="Idempotency-Key"),
)
