"""Releases against a real package index (pypiserver on 127.0.0.1), in scratch git repositories."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

from generator.release import artefacts, workflow
from generator.release.__main__ import main
from generator.release.artefacts import Artefacts, clean_pip_env, fresh_venv, wheel_requirements
from generator.release.errors import CredentialsMissing, UploadFailed
from generator.release.versioning import Version
from generator.release.workflow import ReleasePlan, release

from .conftest import INDEX_PASSWORD, LocalIndex, add_feature, git, make_scratch_repo

VENDOR_PACKAGES = ["presignkit_streamloop", "presignkit_loops", "presignkit_flare", "presignkit_scripe"]
RELEASE_FILES = ("pyproject.toml", "CHANGELOG.md")

_IMPORT_EVERYTHING = """
import importlib, json, sys
from importlib import metadata
files = {name: importlib.import_module(name).__file__ for name in sys.argv[1:]}
from presignkit_scripe.api.jobs.release_probe import probe
print(json.dumps({"files": files, "probe": probe(), "version": metadata.version("presignkit")}))
"""


@attrs.frozen
class Released:
    root: Path
    plan: ReleasePlan
    log: list[str]
    artefacts: Artefacts  # copies of what was built, for the failure cases of the same change


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory, local_index: LocalIndex) -> Released:
    """One full release of a feature change: built, verified, uploaded, committed and tagged."""
    home = tmp_path_factory.mktemp("released")
    root = make_scratch_repo(home / "repo")
    add_feature(root)
    log: list[str] = []
    kept: list[Artefacts] = []
    real_build = artefacts.build

    def build_and_keep(source: Path, out_dir: Path) -> Artefacts:
        built = real_build(source, out_dir)
        (home / "dist").mkdir()
        kept.append(Artefacts(*(Path(shutil.copy2(f, home / "dist")) for f in built.files)))
        return built

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(workflow, "build", build_and_keep)
        plan = release(root, environ=local_index.environ(), log=log.append)
    return Released(root, plan, log, kept[0])


def reuse_build(monkeypatch: pytest.MonkeyPatch, released: Released) -> None:
    """The same change builds the same files: reuse them to keep the suite fast (one build per session)."""

    def copy_built(_: Path, out_dir: Path) -> Artefacts:
        out_dir.mkdir(parents=True)
        return Artefacts(*(Path(shutil.copy2(f, out_dir)) for f in released.artefacts.files))

    monkeypatch.setattr(workflow, "build", copy_built)


def _snapshot(root: Path) -> dict[str, bytes]:
    return {name: (root / name).read_bytes() for name in RELEASE_FILES}


def _tags(root: Path) -> list[str]:
    return git(root, "tag", "--list").split()


def test_release_commits_the_version_and_changelog_and_tags_it(released: Released) -> None:
    assert released.plan.version == Version(0, 1, 1)  # a feature while 0.x bumps the patch
    assert _tags(released.root) == ["v0.1.0", "v0.1.1"]
    assert git(released.root, "rev-parse", "v0.1.1^{commit}") == git(released.root, "rev-parse", "HEAD")
    assert git(released.root, "status", "--porcelain") == ""
    assert 'version = "0.1.1"' in git(released.root, "show", "HEAD:pyproject.toml")
    changelog = git(released.root, "show", "HEAD:CHANGELOG.md")
    assert changelog.index("## 0.1.1") < changelog.index("### Scripe")
    assert "optional query parameter `verbose` added" in changelog
    assert "## Unreleased" not in changelog  # replaced; its hand-written lines moved under Notes
    assert not any(INDEX_PASSWORD in line for line in released.log)


def test_published_package_installs_from_the_index_and_imports(
    released: Released, local_index: LocalIndex, tmp_path: Path
) -> None:
    python = fresh_venv(tmp_path / "venv", wheel_requirements(released.artefacts.wheel))
    install = [
        sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
        "--index-url", local_index.simple_url, "presignkit==0.1.1",
    ]  # fmt: skip
    subprocess.run(install, check=True, capture_output=True, env=clean_pip_env())
    packages = ["presignkit", *VENDOR_PACKAGES]
    result = subprocess.run(
        [str(python), "-I", "-c", _IMPORT_EVERYTHING, *packages],
        check=True, capture_output=True, text=True, cwd=tmp_path,
    )  # fmt: skip
    found = json.loads(result.stdout)
    assert found["version"] == "0.1.1"
    assert found["probe"] == "shipped in 0.1.1"  # the committed code change is in the package
    venv = (tmp_path / "venv").resolve()
    for name in packages:
        assert Path(found["files"][name]).resolve().is_relative_to(venv), (name, found["files"][name])


def test_version_already_on_the_index_is_refused_without_a_tag(
    released: Released, local_index: LocalIndex, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reuse_build(monkeypatch, released)
    root = make_scratch_repo(tmp_path / "repo")
    add_feature(root)  # the same change as `released`, so it also becomes 0.1.1
    before = _snapshot(root)
    with pytest.raises(UploadFailed, match="already exists") as refused:
        release(root, environ=local_index.environ(), log=lambda _: None)
    assert INDEX_PASSWORD not in str(refused.value)
    assert _tags(root) == ["v0.1.0"]
    assert _snapshot(root) == before
    assert git(root, "status", "--porcelain") == ""


def test_wrong_password_is_refused_clearly_with_no_tag_and_files_restored(
    released: Released, local_index: LocalIndex, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reuse_build(monkeypatch, released)
    root = make_scratch_repo(tmp_path / "repo")
    add_feature(root)
    before = _snapshot(root)
    log: list[str] = []
    wrong = "not-the-Password-42"
    with pytest.raises(UploadFailed, match="refused the credentials") as refused:
        release(root, environ=local_index.environ(password=wrong), log=log.append)
    assert wrong not in str(refused.value)
    assert not any(wrong in line for line in log)
    assert _tags(root) == ["v0.1.0"]
    assert _snapshot(root) == before
    assert git(root, "status", "--porcelain") == ""


@pytest.mark.parametrize(
    "missing",
    [
        ("PRESIGNKIT_INDEX_URL",),
        ("PRESIGNKIT_INDEX_PASSWORD",),
        ("PRESIGNKIT_INDEX_USERNAME", "PRESIGNKIT_INDEX_PASSWORD"),
    ],
)
def test_missing_credentials_are_refused_before_building(
    missing: tuple[str, ...], local_index: LocalIndex, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_scratch_repo(tmp_path / "repo")
    add_feature(root)
    before = _snapshot(root)

    def must_not_build(*_: object) -> None:
        raise AssertionError("built although the credentials were missing")

    monkeypatch.setattr(workflow, "build", must_not_build)
    environ = {k: v for k, v in local_index.environ().items() if k not in missing}
    with pytest.raises(CredentialsMissing) as refused:
        release(root, environ=environ, log=lambda _: None)
    verb = "is" if len(missing) == 1 else "are"
    assert str(refused.value).startswith(f"cannot upload: {', '.join(missing)} {verb} not set;")
    assert INDEX_PASSWORD not in str(refused.value)
    assert _snapshot(root) == before


def test_cli_release_without_credentials_exits_1_naming_the_variables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_scratch_repo(tmp_path / "repo")
    for name in ("PRESIGNKIT_INDEX_URL", "PRESIGNKIT_INDEX_USERNAME", "PRESIGNKIT_INDEX_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    assert main(["--root", str(root), "release"]) == 1
    assert (
        "PRESIGNKIT_INDEX_URL, PRESIGNKIT_INDEX_USERNAME, PRESIGNKIT_INDEX_PASSWORD"
        in capsys.readouterr().err
    )


def test_dry_run_builds_and_verifies_but_changes_nothing(tmp_path: Path) -> None:
    root = make_scratch_repo(tmp_path / "repo")
    add_feature(root)
    before = _snapshot(root)
    log: list[str] = []
    plan = release(root, dry_run=True, environ={}, log=log.append)
    assert plan.version == Version(0, 1, 1)
    text = "\n".join(log)
    assert "verified: twine check, wheel contents, fresh-environment imports" in text
    assert "would upload presignkit-0.1.1.tar.gz and presignkit-0.1.1-py3-none-any.whl" in text
    assert "would commit pyproject.toml, CHANGELOG.md as 'release: v0.1.1' and tag v0.1.1" in text
    assert _snapshot(root) == before
    assert _tags(root) == ["v0.1.0"]
    assert git(root, "status", "--porcelain") == ""
