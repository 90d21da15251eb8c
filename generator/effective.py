"""Spec + overlays -> the effective spec, the single input of generation."""

from __future__ import annotations

from pathlib import Path

import attrs

from .documents import DocumentError, JSONValue, canonical_json, load_document, sha256_bytes
from .errors import OverlayFailed, SpecInvalid
from .layout import Layout
from .overlay import OverlayError, apply_overlays
from .validate import spec_problems


@attrs.frozen
class EffectiveSpec:
    vendor: str
    document: JSONValue
    text: str  # canonical JSON, what is committed as generated/presignkit_<vendor>/openapi.json

    @property
    def sha256(self) -> str:
        return sha256_bytes(self.text.encode("utf-8"))


def _load(vendor: str, path: Path) -> JSONValue:
    try:
        return load_document(path)
    except DocumentError as exc:
        raise SpecInvalid(vendor, str(exc)) from exc


def build_effective_spec(layout: Layout, vendor: str) -> EffectiveSpec:
    """Load the vendor's spec, apply its overlays strictly, and validate the result."""
    document = _load(vendor, layout.spec_path(vendor))
    overlays = [(path.name, _load(vendor, path)) for path in layout.overlay_paths(vendor)]
    try:
        document = apply_overlays(document, overlays)
    except OverlayError as exc:
        raise OverlayFailed(vendor, f"overlay failed: {exc}") from exc
    problems = spec_problems(document)
    if problems:
        raise SpecInvalid(vendor, "effective spec is not valid OpenAPI:\n  " + "\n  ".join(problems))
    return EffectiveSpec(vendor=vendor, document=document, text=canonical_json(document))
