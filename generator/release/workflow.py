"""`release`: diff -> version -> changelog -> build -> verify -> upload -> commit and tag.

Upload comes before the commit and the tag, so a refused upload leaves no tag behind; until the
upload succeeds every file we touched is restored byte for byte. `--dry-run` runs every step up to
the upload, then restores the files and says what it would have done.

Split in two for review (`refresh --mode pr`): `release(publish=False)` commits the version and
changelog as `release: vX.Y.Z` without uploading or tagging; once that commit is merged,
`publish_head` builds it, verifies, uploads and tags it.
"""

from __future__ import annotations

import datetime
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

import attrs

from .artefacts import build, verify
from .changelog import insert_section, render_section, unreleased_notes
from .changes import ReleaseDiff
from .compare import diff_against, vendors_in
from .errors import DirtyTree, GitFailed, PublishedButNotRecorded, ReleaseError
from .gitrepo import (
    commit_all,
    commit_and_tag,
    merged_subjects,
    newest_version_tag,
    tag_exists,
    tag_head,
    uncommitted_paths,
)
from .publish import URL_VARIABLE, IndexCredentials, credentials_from_env, printable_url, upload
from .report import implied_bump
from .versioning import Version, read_version, release_version, write_version

Log = Callable[[str], None]
PYPROJECT = "pyproject.toml"
CHANGELOG = "CHANGELOG.md"
RELEASE_FILES = (PYPROJECT, CHANGELOG)


@attrs.frozen
class ReleasePlan:
    base_ref: str | None  # None: the first release
    current: Version
    version: Version
    diff: ReleaseDiff
    section: str


def plan_release(root: Path, base_ref: str | None, today: datetime.date) -> ReleasePlan:
    base = base_ref or newest_version_tag(root)
    diff = diff_against(root, base)
    current = read_version(root / PYPROJECT)
    version = release_version(current, diff)
    if tag_exists(root, version.tag):
        raise ReleaseError(
            f"tag {version.tag} already exists; set [project] version in {PYPROJECT} to the last release"
        )
    changelog = root / CHANGELOG
    notes = unreleased_notes(changelog.read_text(encoding="utf-8")) if changelog.is_file() else ""
    return ReleasePlan(base, current, version, diff, render_section(version, diff, today, notes))


def release(
    root: Path,
    *,
    base_ref: str | None = None,
    dry_run: bool = False,
    publish: bool = True,
    environ: Mapping[str, str],
    log: Log = print,
    today: datetime.date | None = None,
) -> ReleasePlan:
    """`publish=False`: verify and commit `release: vX.Y.Z`, but neither upload nor tag (see publish_head)."""
    # Credentials and a clean tree are checked first: a release that cannot finish must not build.
    credentials = credentials_from_env(environ) if publish and not dry_run else None
    _check_clean(root, dry_run, log)
    plan = plan_release(root, base_ref, today or datetime.date.today())
    log(implied_bump(plan.diff, plan.current))
    log(f"{CHANGELOG} section for {plan.version}:\n\n{plan.section}")
    originals = {name: _read(root / name) for name in RELEASE_FILES}
    try:
        _write_release_files(root, plan)
        with tempfile.TemporaryDirectory(prefix="presignkit-release-") as tmp:
            artefacts = build(root, Path(tmp) / "dist")
            log(f"built {artefacts.sdist.name} and {artefacts.wheel.name}")
            verify(artefacts, vendors_in(root / "generated"), Path(tmp))
            log("verified: twine check, wheel contents, fresh-environment imports")
            if dry_run:
                log(f"dry run: would upload {artefacts.sdist.name} and {artefacts.wheel.name} to "
                    f"{_target(environ)}")  # fmt: skip
            elif credentials is None:
                log(f"not uploaded: {plan.version} is published once its release commit is merged")
            else:
                upload(artefacts, credentials)
                log(f"uploaded to {credentials.safe_url}")
    except BaseException:
        _restore(root, originals)
        raise
    if dry_run:
        _restore(root, originals)
        log(f"dry run: would commit {', '.join(RELEASE_FILES)} as 'release: {plan.version.tag}' and tag "
            f"{plan.version.tag}; the working tree is unchanged")  # fmt: skip
        return plan
    if credentials is None:
        commit_all(root, RELEASE_FILES, f"release: {plan.version.tag}")
        log(f"committed 'release: {plan.version.tag}' (not tagged, not uploaded)")
        return plan
    _commit(root, plan, credentials)
    log(f"committed and tagged {plan.version.tag}")
    return plan


def publish_head(root: Path, *, environ: Mapping[str, str], log: Log = print) -> Version:
    """Build, verify, upload and tag the merged release commit at HEAD (`release --publish-head`).

    HEAD must be the release commit `release: vX.Y.Z` for the version in pyproject.toml, as merged by
    a fast-forward, a squash (`release: vX.Y.Z (#12)`) or a merge commit (whose merged tip it is). An
    already tagged version is left alone (exit 0), so the publishing job may run on every push.
    """
    credentials = credentials_from_env(environ)
    dirty = uncommitted_paths(root)
    if dirty:
        raise DirtyTree(f"uncommitted changes in {', '.join(dirty[:10])}; publish only a committed release")
    version = read_version(root / PYPROJECT)
    subject = f"release: {version.tag}"
    subjects = merged_subjects(root)
    if not any(s == subject or s.startswith(subject + " (") for s in subjects):
        raise ReleaseError(
            f"HEAD is not a release commit: its subject is {subjects[0]!r}, expected {subject!r} "
            f"(the version in {PYPROJECT})"
        )
    if tag_exists(root, version.tag):
        log(f"{version.tag} is already tagged; nothing to publish")
        return version
    with tempfile.TemporaryDirectory(prefix="presignkit-publish-") as tmp:
        artefacts = build(root, Path(tmp) / "dist")
        verify(artefacts, vendors_in(root / "generated"), Path(tmp))
        log(f"built and verified {artefacts.sdist.name} and {artefacts.wheel.name}")
        upload(artefacts, credentials)
        log(f"uploaded to {credentials.safe_url}")
    tag_head(root, version.tag, subject)
    log(f"tagged {version.tag}")
    return version


def _check_clean(root: Path, dry_run: bool, log: Log) -> None:
    # The tag must point at exactly what was built: anything uncommitted but the changelog would ship
    # in the package without being in the tagged commit.
    dirty = [path for path in uncommitted_paths(root) if path != CHANGELOG]
    if dirty and dry_run:
        log(f"note: uncommitted changes ({', '.join(dirty[:5])}...) are included in this dry run")
    elif dirty:
        raise DirtyTree(
            f"uncommitted changes in {', '.join(dirty[:10])}; commit them first (only {CHANGELOG} may "
            "be uncommitted), so the release tag points at what is published"
        )


def _write_release_files(root: Path, plan: ReleasePlan) -> None:
    write_version(root / PYPROJECT, plan.version)
    changelog = root / CHANGELOG
    text = changelog.read_text(encoding="utf-8") if changelog.is_file() else ""
    changelog.write_text(insert_section(text, plan.section), encoding="utf-8")


def _commit(root: Path, plan: ReleasePlan, credentials: IndexCredentials) -> None:
    try:
        commit_and_tag(root, RELEASE_FILES, f"release: {plan.version.tag}", plan.version.tag)
    except GitFailed as exc:
        raise PublishedButNotRecorded(
            f"{plan.version} was uploaded to {credentials.safe_url}, but committing or tagging failed: "
            f"{exc}\nCommit {', '.join(RELEASE_FILES)} (left as released) and tag {plan.version.tag} by hand."
        ) from exc


def _target(environ: Mapping[str, str]) -> str:
    url = environ.get(URL_VARIABLE)
    if not url:
        return f"the index in {URL_VARIABLE} (not set)"
    return printable_url(url)


def _read(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


def _restore(root: Path, originals: Mapping[str, bytes | None]) -> None:
    for name, content in originals.items():
        path = root / name
        if content is None:
            path.unlink(missing_ok=True)
        else:
            path.write_bytes(content)
