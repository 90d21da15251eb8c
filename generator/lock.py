"""The generation lock: what each vendor's committed client was generated from.

`nox -s generate` regenerates a vendor only when its inputs (spec, overlays, client config, our
template overrides, tool versions, lock format) or its committed output differ from what the lock
records.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs

from .documents import canonical_json, sha256_bytes, sha256_file
from .layout import Layout
from .render import TEMPLATES, client_config

# Bump when the pipeline produces different output from the same inputs: read_lock() then ignores
# the old lock, so every vendor regenerates.
LOCK_FORMAT = 2  # 2: template overrides are an input


@attrs.frozen
class VendorInputs:
    spec_sha256: str
    overlays: dict[str, str]  # file name -> sha256, in application order
    config_sha256: str
    tools: dict[str, str]
    templates: dict[str, str]  # file name -> sha256 of each template override


@attrs.frozen
class VendorEntry:
    inputs: VendorInputs
    effective_sha256: str
    output_sha256: str


def vendor_inputs(layout: Layout, vendor: str, tools: dict[str, str]) -> VendorInputs:
    return VendorInputs(
        spec_sha256=sha256_file(layout.spec_path(vendor)),
        overlays={path.name: sha256_file(path) for path in layout.overlay_paths(vendor)},
        config_sha256=sha256_bytes(canonical_json(client_config(vendor)).encode()),
        tools=dict(tools),
        templates={path.name: sha256_file(path) for path in sorted(TEMPLATES.glob("*.jinja"))},
    )


_CACHE_FOLDERS = frozenset({"__pycache__", ".mypy_cache"})


def output_files(folder: Path) -> dict[str, Path]:
    """A generated tree's files by relative POSIX path; caches are not part of the output."""
    if not folder.is_dir():
        return {}
    return {
        path.relative_to(folder).as_posix(): path
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not _CACHE_FOLDERS.intersection(path.parts)
    }


def tree_sha256(folder: Path) -> str:
    """Digest of a folder's files (relative paths and bytes); "" when there is no folder."""
    if not folder.is_dir():
        return ""
    entries = [f"{name}\0{sha256_file(path)}" for name, path in output_files(folder).items()]
    return sha256_bytes("\n".join(entries).encode())


def read_lock(path: Path) -> dict[str, VendorEntry]:
    if not path.is_file():
        return {}
    raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if raw.get("format") != LOCK_FORMAT:
        return {}  # an older lock format: treat every vendor as changed
    return {
        vendor: VendorEntry(
            inputs=VendorInputs(**entry["inputs"]),
            effective_sha256=entry["effective_sha256"],
            output_sha256=entry["output_sha256"],
        )
        for vendor, entry in raw.get("vendors", {}).items()
    }


def lock_text(entries: dict[str, VendorEntry]) -> str:
    vendors = {vendor: attrs.asdict(entries[vendor]) for vendor in sorted(entries)}
    return canonical_json({"format": LOCK_FORMAT, "vendors": vendors})
