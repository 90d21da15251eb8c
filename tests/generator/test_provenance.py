"""Every vendor's spec can be traced back to its sources, and every overlay says why it exists."""

from __future__ import annotations

import datetime
import tomllib
from pathlib import Path

import pytest

from generator.documents import load_document, sha256_file
from generator.layout import Layout

from .conftest import REPO

LAYOUT = Layout.at(REPO)
KINDS = {"official", "official excerpt", "hand-authored"}


@pytest.mark.parametrize("vendor", LAYOUT.vendors())
def test_source_toml_describes_the_committed_spec(vendor: str) -> None:
    source = tomllib.loads(LAYOUT.source_path(vendor).read_text(encoding="utf-8"))
    assert source["vendor"] == vendor
    assert source["kind"] in KINDS
    assert source["sha256"] == sha256_file(LAYOUT.spec_path(vendor)), "update sha256 after editing the spec"
    datetime.date.fromisoformat(source["retrieved"])
    assert source["docs"], "name the documentation pages the spec comes from"
    for page in source["docs"]:
        assert page["url"].startswith("https://") and page["covers"].strip()
    for entry in source.get("assumptions", []):
        assert entry["what"].strip() and entry["why"].strip()
    for entry in source.get("contradictions", []):
        assert entry["topic"].strip() and len(entry["sources"]) >= 2 and entry["choice"].strip()
    if source["kind"] != "hand-authored" or "spec_url" in source:
        assert str(source.get("spec_url", "")).startswith("https://")
    for index in source.get("docs_index", []):
        assert index["url"].startswith("https://") and index["url"].endswith("/llms.txt")
        assert index["named_by"].startswith("https://") and index["note"].strip()


@pytest.mark.parametrize("vendor", LAYOUT.vendors())
def test_every_operation_id_is_on_record(vendor: str) -> None:
    """An operationId names the generated module and functions: where it came from (a published
    spec, a docs page, or a choice of ours) must be in source.toml."""
    record = LAYOUT.source_path(vendor).read_text(encoding="utf-8")
    spec = load_document(LAYOUT.spec_path(vendor))
    operation_ids = [
        operation["operationId"]
        for item in spec["paths"].values()
        for operation in item.values()
        if isinstance(operation, dict) and "operationId" in operation
    ]
    assert operation_ids
    assert [name for name in operation_ids if name not in record] == []


@pytest.mark.parametrize(
    "overlay", [p for v in LAYOUT.vendors() for p in LAYOUT.overlay_paths(v)], ids=lambda p: p.name
)
def test_every_overlay_is_numbered_and_says_why(overlay: Path) -> None:
    assert overlay.name[:3].rstrip("-").isdigit() and overlay.name[2] == "-", "name it NN-what-it-does.yaml"
    document = load_document(overlay)
    assert len(document["info"].get("description", "").split()) >= 10, "say why this overlay exists"
