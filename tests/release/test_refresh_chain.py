"""The whole chain, offline: a vendor's spec changes on a local server playing the vendor, `refresh`
fetches, regenerates, classifies, versions, builds, verifies and publishes to a real pypiserver on
127.0.0.1, and a fresh virtual environment installs the release from that index and type-checks
code using the new field with `mypy --strict`.

One vendor (Streamloop), in a scratch copy of the repository, so nothing in the checkout changes.
Its source.toml is made `kind = "official"` there (the repository's is a curated excerpt, which
refresh never replaces), and PRESIGNKIT_SPEC_URL_STREAMLOOP points it at the local server.
"""

from __future__ import annotations

import copy
import datetime
import http.server
import json
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.documents import load_document
from generator.release.__main__ import main
from generator.release.artefacts import clean_pip_env, fresh_venv, wheel_requirements

from .conftest import REPO, LocalIndex, git, running_index

VENDOR = "streamloop"
# What refresh reads and writes: the package sources, and the pipeline's inputs.
SOURCES = ("pyproject.toml", "README.md", "CHANGELOG.md", ".gitignore", "presignkit", "generated",
           "specs", "overlays", "tests/__init__.py", "tests/generated")  # fmt: skip

USE_THE_NEW_FIELD = """
from presignkit_streamloop.models import Upload
from presignkit_streamloop.types import Unset

upload = Upload.from_dict({RECORD})
thumbnail: str | Unset = upload.thumbnail_url
assert thumbnail == "https://cdn.example.invalid/thumb.jpg", thumbnail
print(type(upload).__module__, thumbnail)
"""


class Vendor(http.server.BaseHTTPRequestHandler):
    document: bytes = b""

    def do_GET(self) -> None:
        body = type(self).document
        self.send_response(200 if self.path == "/v1/openapi.json" else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def vendor_url() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Vendor)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1/openapi.json"
    server.shutdown()


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalIndex]:
    """An index of its own: the session's one already holds other tests' 0.1.1."""
    with running_index(tmp_path_factory.mktemp("chain-index")) as started:
        yield started


def serve(document: Any) -> None:
    Vendor.document = json.dumps(document, indent=2).encode() + b"\n"


def scratch_copy(root: Path) -> Path:
    for name in SOURCES:
        source, target = REPO / name, root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(
                source, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "upstream.*")
            )
        else:
            shutil.copy2(source, target)
    source_toml = root / "specs" / VENDOR / "source.toml"
    text = source_toml.read_text(encoding="utf-8")
    source_toml.write_text(
        text.replace('kind = "official excerpt"', 'kind = "official"', 1), encoding="utf-8"
    )
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "config", "user.name", "Release Test")
    git(root, "config", "user.email", "release-test@example.invalid")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", "presignkit 0.1.0")
    git(root, "tag", "v0.1.0")
    return root


def with_thumbnail(spec: Any) -> Any:
    """The vendor's change: a new optional response field."""
    changed = copy.deepcopy(spec)
    changed["components"]["schemas"]["S3Object"]["properties"]["thumbnailUrl"] = {
        "type": "string",
        "description": "A still image of the media.",
    }
    return changed


def without_get_upload(spec: Any) -> Any:
    """The vendor's next change: an operation removed (one the facade does not use)."""
    changed = copy.deepcopy(spec)
    del changed["paths"]["/uploads/{id}"]
    return changed


def _targets_path(action: Any, path: str) -> bool:
    return f"$.paths['{path}']" in str(action.get("target", ""))


def _overlay_actions_on(root: Path, path: str) -> list[Path]:
    """The vendor's overlay files with an action targeting `path`."""
    folder = root / "overlays" / VENDOR
    return [
        f
        for f in sorted(folder.glob("*.yaml"))
        if any(_targets_path(a, path) for a in load_document(f)["actions"])
    ]


def _drop_overlay_actions_on(root: Path, path: str) -> None:
    for file in _overlay_actions_on(root, path):
        overlay = load_document(file)
        overlay["actions"] = [a for a in overlay["actions"] if not _targets_path(a, path)]
        file.write_text(json.dumps(overlay, indent=2) + "\n", encoding="utf-8")  # JSON is YAML


def refresh(root: Path, *arguments: str) -> int:
    return main(["--root", str(root), "refresh", *arguments, VENDOR])


def test_a_vendor_change_is_refreshed_released_installed_and_type_checked(
    tmp_path: Path,
    vendor_url: str,
    index: LocalIndex,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = scratch_copy(tmp_path / "repo")
    spec = load_document(root / "specs" / VENDOR / "openapi.yaml")
    monkeypatch.setenv("PRESIGNKIT_SPEC_URL_STREAMLOOP", vendor_url)
    for name, value in index.environ().items():
        monkeypatch.setenv(name, value)

    # 1. --mode test reports the change and the bump, and changes nothing.
    serve(with_thumbnail(spec))
    head, branches = git(root, "rev-parse", "HEAD"), git(root, "branch", "--list")
    assert refresh(root, "--mode", "test") == 0
    report = capsys.readouterr().out
    assert "streamloop: updated" in report
    assert "optional property `thumbnailUrl` added" in report
    assert "Implied bump: patch" in report and "0.1.0 -> 0.1.1" in report
    assert "dry run: would upload presignkit-0.1.1.tar.gz" in report
    assert git(root, "rev-parse", "HEAD") == head and git(root, "branch", "--list") == branches
    assert git(root, "status", "--porcelain") == "" and git(root, "tag", "--list").split() == ["v0.1.0"]
    assert not list(index.packages.iterdir())

    # 2. --mode direct publishes 0.1.1: two commits (refresh, release) and a tag.
    assert refresh(root, "--mode", "direct") == 0
    capsys.readouterr()
    assert git(root, "tag", "--list").split() == ["v0.1.0", "v0.1.1"]
    assert git(root, "log", "--format=%s", "-2").splitlines() == [
        "release: v0.1.1",
        "refresh: streamloop updated",
    ]
    assert git(root, "status", "--porcelain") == ""
    [wheel] = index.packages.glob("presignkit-0.1.1-*.whl")

    # 3. A fresh environment installs 0.1.1 from the index; code using the new field type-checks and runs.
    python = fresh_venv(tmp_path / "venv", wheel_requirements(wheel))
    install = [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
               "--index-url", index.simple_url, "presignkit==0.1.1"]  # fmt: skip
    subprocess.run(install, check=True, capture_output=True, env=clean_pip_env())
    record = {"id": "upl_1", "name": "a.mp4", "mimeType": "video/mp4", "uploaded": True,
              "createdAt": "2026-11-22T10:00:00Z",
              "type": spec["components"]["schemas"]["S3Object"]["properties"]["type"]["enum"][0],
              "thumbnailUrl": "https://cdn.example.invalid/thumb.jpg"}  # fmt: skip
    script = tmp_path / "use_thumbnail.py"
    script.write_text(USE_THE_NEW_FIELD.replace("{RECORD}", repr(record)), encoding="utf-8")
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--config-file", "/dev/null",
         "--python-executable", str(python), str(script)],
        capture_output=True, text=True, cwd=tmp_path, check=False,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr
    ran = subprocess.run(
        [str(python), "-I", str(script)], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.split() == [
        "presignkit_streamloop.models.upload",
        "https://cdn.example.invalid/thumb.jpg",
    ]
    # The same code fails mypy against 0.1.0's client, which has no such field: the check is real.
    old = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--config-file", "/dev/null",
         "--python-executable", sys.executable, str(script)],
        capture_output=True, text=True, cwd=REPO, check=False,
    )  # fmt: skip
    assert old.returncode == 1 and "thumbnail_url" in old.stdout, old.stdout

    # 4. Nothing changed upstream: exit 0, nothing written.
    head, branches = git(root, "rev-parse", "HEAD"), git(root, "branch", "--list")
    assert refresh(root, "--mode", "direct") == 0
    assert "no change upstream: nothing written" in capsys.readouterr().out
    assert git(root, "rev-parse", "HEAD") == head and git(root, "status", "--porcelain") == ""

    # 5. The vendor removes an operation. An overlay still targets it: regeneration fails naming the
    # overlay, and the refresh is rolled back (no branch, no commit, no file changed).
    serve(without_get_upload(with_thumbnail(spec)))
    body = tmp_path / "pr-body.md"
    orphaned = _overlay_actions_on(root, "/uploads/{id}")
    if orphaned:
        assert refresh(root, "--mode", "pr", "--body-file", str(body)) == 1
        failure = capsys.readouterr()
        assert f"overlay '{orphaned[0].name}'" in failure.err and "matches nothing" in failure.err
        assert git(root, "rev-parse", "HEAD") == head and git(root, "branch", "--list") == branches
        assert git(root, "status", "--porcelain") == ""
        # The maintainer drops the orphaned actions, as the error says.
        _drop_overlay_actions_on(root, "/uploads/{id}")
        git(root, "commit", "--quiet", "--all", "-m", "overlays: getUpload is gone")

    # ... then the removal is breaking: --mode pr prepares 0.2.0 on a branch with a PR body ...
    assert refresh(root, "--mode", "pr", "--body-file", str(body)) == 0
    capsys.readouterr()
    branch = f"refresh/{datetime.datetime.now(datetime.UTC).date().isoformat()}"
    assert git(root, "rev-parse", "--abbrev-ref", "HEAD").strip() == branch
    assert git(root, "log", "--format=%s", "-1").strip() == "release: v0.2.0"
    text = body.read_text(encoding="utf-8")
    assert text.startswith("Release 0.2.0 (from 0.1.1).")
    assert "**breaking**: operation GET /uploads/{id} (getUpload) removed" in text
    assert "### Fetch report" in text
    assert "v0.2.0" not in git(root, "tag", "--list") and not list(index.packages.glob("presignkit-0.2.0*"))

    # ... and once merged, --publish-head publishes and tags it.
    git(root, "checkout", "--quiet", "main")
    git(root, "merge", "--quiet", "--ff-only", branch)
    assert main(["--root", str(root), "release", "--publish-head"]) == 0
    assert "tagged v0.2.0" in capsys.readouterr().out
    assert git(root, "tag", "--list").split() == ["v0.1.0", "v0.1.1", "v0.2.0"]
    assert sorted(p.name for p in index.packages.glob("presignkit-0.2.0*")) == [
        "presignkit-0.2.0-py3-none-any.whl", "presignkit-0.2.0.tar.gz"
    ]  # fmt: skip
    # Publishing the same commit again is a no-op, not an error.
    assert main(["--root", str(root), "release", "--publish-head"]) == 0
    assert "already tagged" in capsys.readouterr().out
