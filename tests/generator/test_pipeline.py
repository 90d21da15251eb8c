"""`generate` end to end on a scratch copy of the repository: skipping, scoping, and atomic failure."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.__main__ import main
from generator.documents import load_document
from generator.layout import Layout
from generator.lock import read_lock, tree_sha256

from .conftest import generated_digest


def run_generate(layout: Layout, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--root", str(layout.root), "generate", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_unchanged_tree_reports_every_vendor_unchanged_and_changes_nothing(
    scratch_repo: Layout, capsys: pytest.CaptureFixture[str]
) -> None:
    before = generated_digest(scratch_repo)
    code, out, _ = run_generate(scratch_repo, capsys)
    assert code == 0
    for vendor in scratch_repo.vendors():
        assert f"{vendor}: unchanged" in out
    assert "regenerated" not in out
    assert generated_digest(scratch_repo) == before


def test_changing_one_spec_regenerates_that_vendor_only(
    scratch_repo: Layout, capsys: pytest.CaptureFixture[str]
) -> None:
    others = {v: tree_sha256(scratch_repo.package_dir(v)) for v in scratch_repo.vendors() if v != "loops"}
    old_lock = read_lock(scratch_repo.lock_path)
    spec = scratch_repo.spec_path("loops")
    spec.write_text(spec.read_text(encoding="utf-8") + "x-presignkit-test: changed\n", encoding="utf-8")

    code, out, err = run_generate(scratch_repo, capsys)

    assert code == 0, err
    assert "loops: regenerated (spec changed)" in out
    assert {v: tree_sha256(scratch_repo.package_dir(v)) for v in others} == others
    effective = json.loads((scratch_repo.package_dir("loops") / "openapi.json").read_text(encoding="utf-8"))
    assert effective["x-presignkit-test"] == "changed"
    new_lock = read_lock(scratch_repo.lock_path)
    assert new_lock["loops"].inputs.spec_sha256 != old_lock["loops"].inputs.spec_sha256
    assert {v: new_lock[v] for v in others} == {v: old_lock[v] for v in others}
    # and a second run finds nothing left to do
    code, out, _ = run_generate(scratch_repo, capsys)
    assert code == 0 and "regenerated" not in out


def test_hand_edited_output_is_regenerated(scratch_repo: Layout, capsys: pytest.CaptureFixture[str]) -> None:
    client = scratch_repo.package_dir("flare") / "client.py"
    original = client.read_bytes()
    client.write_bytes(original + b"# edited by hand\n")
    code, out, _ = run_generate(scratch_repo, capsys, "flare")
    assert code == 0
    assert "flare: regenerated (generated package differs from the lock" in out
    assert client.read_bytes() == original


def _write_json_spec(path: Path, document: object) -> None:
    # JSON is YAML 1.2, so the pipeline reads it like any hand-written spec.
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")


def test_overlay_target_matching_nothing_fails_and_leaves_generated_untouched(
    scratch_repo: Layout, capsys: pytest.CaptureFixture[str]
) -> None:
    before = generated_digest(scratch_repo)
    (scratch_repo.overlays_dir / "loops" / "99-orphaned.yaml").write_text(
        "overlay: 1.1.0\ninfo: {title: orphan, version: '1'}\n"
        "actions:\n  - target: $.paths['/v1/no-such-path'].post\n    update: {x-flag: true}\n",
        encoding="utf-8",
    )
    code, _, err = run_generate(scratch_repo, capsys)
    assert code == 1
    assert "loops" in err and "99-orphaned.yaml" in err and "/v1/no-such-path" in err
    assert generated_digest(scratch_repo) == before


def test_invalid_spec_fails_naming_vendor_and_pointer(
    scratch_repo: Layout, capsys: pytest.CaptureFixture[str]
) -> None:
    before = generated_digest(scratch_repo)
    spec_path = scratch_repo.spec_path("flare")
    document = load_document(spec_path)
    document["info"]["version"] = 7  # OpenAPI requires a string
    _write_json_spec(spec_path, document)
    code, _, err = run_generate(scratch_repo, capsys)
    assert code == 1
    assert "flare: effective spec is not valid OpenAPI" in err
    assert "/info/version" in err
    assert generated_digest(scratch_repo) == before


def test_generator_warning_fails_naming_vendor_and_leaves_generated_untouched(
    scratch_repo: Layout, capsys: pytest.CaptureFixture[str]
) -> None:
    before = generated_digest(scratch_repo)
    spec_path = scratch_repo.spec_path("scripe")
    document = load_document(spec_path)
    # openapi-python-client cannot generate a body it has no parser for: a warning, fatal here.
    document["paths"]["/export"] = {
        "get": {
            "operationId": "exportArchive",
            "responses": {"200": {"description": "zip", "content": {"application/zip": {"schema": {}}}}},
        }
    }
    _write_json_spec(spec_path, document)
    code, _, err = run_generate(scratch_repo, capsys)
    assert code == 1
    assert "scripe: openapi-python-client failed" in err
    assert "application/zip" in err
    assert generated_digest(scratch_repo) == before


def test_failed_swap_puts_every_package_back(scratch_repo: Layout, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import pipeline

    before = generated_digest(scratch_repo)

    def broken_lock_write(path: Path, text: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(pipeline, "write_atomically", broken_lock_write)
    with pytest.raises(OSError, match="disk full"):
        pipeline.generate(scratch_repo, vendors=["loops", "flare"], force=True, log=lambda _: None)
    assert generated_digest(scratch_repo) == before
    assert not list(scratch_repo.root.glob(".generate-staging-*"))


def test_unknown_vendor_is_a_clear_error(scratch_repo: Layout, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_generate(scratch_repo, capsys, "dropbox")
    assert code == 1
    assert "unknown vendor 'dropbox'" in err and "accepted: streamloop, loops, flare, scripe" in err
