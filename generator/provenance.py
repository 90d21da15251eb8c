"""specs/<vendor>/source.toml: where a spec came from, edited in place with comments kept."""

from __future__ import annotations

from pathlib import Path

import tomlkit
from tomlkit.toml_document import TOMLDocument


def read_source(path: Path) -> TOMLDocument:
    return tomlkit.parse(path.read_text(encoding="utf-8"))


def spec_url(source: TOMLDocument) -> str | None:
    url = source.get("spec_url")
    return str(url) if url else None


def record_fetch(source: TOMLDocument, *, sha256: str, retrieved: str) -> str:
    """The source.toml text after a successful fetch of the vendor's published spec."""
    source["kind"] = "official"
    source["sha256"] = sha256
    source["retrieved"] = retrieved
    return tomlkit.dumps(source)


def record_upstream(source: TOMLDocument, *, file: str, url: str, sha256: str, retrieved: str) -> str:
    """The source.toml text after the vendor's document was stored beside a curated spec.

    `kind`, `sha256` and `retrieved` keep describing the curated spec; `[upstream]` describes the
    published document next to it, which is not (yet) the spec.
    """
    upstream = tomlkit.table()
    upstream["file"] = file
    upstream["url"] = url
    upstream["sha256"] = sha256
    upstream["retrieved"] = retrieved
    source["upstream"] = upstream
    return tomlkit.dumps(source)
