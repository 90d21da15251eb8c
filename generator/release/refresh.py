"""`refresh`: fetch -> validate -> regenerate -> diff -> changelog -> version -> build -> verify, in one go.

Modes, in the sense of Speakeasy's generation workflow:
- `test`: everything, in a throwaway clone of the repository (HEAD, tags included); nothing in the
  checkout changes, nothing is uploaded. It reports what changed upstream and the bump it implies.
- `pr`: on a new branch `refresh/<date>`: one commit with the refreshed specs and regenerated
  clients, one `release: vX.Y.Z` commit (version and changelog), verified but neither uploaded nor
  tagged; the pull request body (the changelog section and the fetch report) is written to a file.
  Merging that branch and running `release --publish-head` publishes it.
- `direct`: the same two commits on the current branch, then upload and tag.

No change upstream (every document identical to the stored one): exit 0, nothing written. A curated
spec's new upstream document (written beside it, see generator/fetch.py) is committed in `pr` and
`direct` modes with its coverage report, but releases nothing, since the spec itself did not change.
"""

from __future__ import annotations

import datetime
import enum
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import attrs

from ..errors import PipelineError
from ..fetch import FetchOutcome, fetch
from ..layout import Layout
from ..pipeline import generate
from ..tools import ToolVersionError
from .errors import DirtyTree, NothingToRelease, PublishedButNotRecorded, ReleaseError
from .gitrepo import commit_all, create_branch, current_branch, git, head_commit, uncommitted_paths
from .workflow import ReleasePlan, release

Log = Callable[[str], None]
REFRESHED_PATHS = ("specs", "generated")


class Mode(enum.StrEnum):
    PR = "pr"
    DIRECT = "direct"
    TEST = "test"


@attrs.frozen
class RefreshResult:
    outcomes: tuple[FetchOutcome, ...]
    plan: ReleasePlan | None  # None: no spec changed, nothing to release
    branch: str | None = None  # the branch holding the commits (pr mode)

    @property
    def changed(self) -> bool:
        return any(outcome.written for outcome in self.outcomes)


def refresh(
    root: Path,
    *,
    mode: Mode,
    environ: Mapping[str, str],
    vendors: Sequence[str] | None = None,
    body_file: Path | None = None,
    log: Log = print,
    today: datetime.date | None = None,
) -> RefreshResult:
    day = today or datetime.datetime.now(datetime.UTC).date()
    if mode is Mode.TEST:
        with tempfile.TemporaryDirectory(prefix="presignkit-refresh-test-") as tmp:
            clone = Path(tmp) / "repo"
            git(root, "clone", "--quiet", "--no-hardlinks", str(root), str(clone))
            _identity(root, clone)
            log(f"test mode: working in a clone of {root} at HEAD; the checkout is not touched")
            return _run(clone, mode, environ, vendors, None, log, day)
    dirty = uncommitted_paths(root)
    if dirty:
        raise DirtyTree(f"uncommitted changes in {', '.join(dirty[:10])}; refresh starts from a clean tree")
    branch, head = current_branch(root), head_commit(root)
    try:
        return _run(root, mode, environ, vendors, body_file, log, day)
    except PublishedButNotRecorded:
        raise  # uploaded: the files stay as released, for the maintainer to commit and tag
    except BaseException:
        _roll_back(root, branch, head)
        log(f"refresh failed: the checkout is back on {branch} at {head[:12]}, as it was")
        raise


def _roll_back(root: Path, branch: str, head: str) -> None:
    """Undo everything a failed refresh did; safe because it started from a clean tree."""
    refresh_branch = current_branch(root)
    git(root, "reset", "--quiet", "--hard", head)
    git(root, "clean", "-fdq", "--", *REFRESHED_PATHS)
    if refresh_branch != branch:
        git(root, "checkout", "--quiet", branch)
        git(root, "branch", "-D", refresh_branch)


def _identity(source: Path, clone: Path) -> None:
    """The clone commits as the checkout would (its user.name/email may come from a local config)."""
    for key in ("user.name", "user.email"):
        value = git(source, "config", "--default", "", "--get", key).strip()
        if value:
            git(clone, "config", key, value)


def _run(
    root: Path,
    mode: Mode,
    environ: Mapping[str, str],
    vendors: Sequence[str] | None,
    body_file: Path | None,
    log: Log,
    day: datetime.date,
) -> RefreshResult:
    layout = Layout.at(root)
    try:
        outcomes = tuple(fetch(layout, vendors=vendors, today=day, environ=environ))
    except PipelineError as exc:
        raise ReleaseError(f"fetch failed: {exc}") from exc
    for outcome in outcomes:
        log(outcome.describe())
    if not any(outcome.written for outcome in outcomes):
        log("no change upstream: nothing written, nothing to release")
        return RefreshResult(outcomes, None)
    replaced = [outcome.vendor for outcome in outcomes if outcome.spec_replaced]
    branch = None
    if mode is Mode.PR:
        branch = f"refresh/{day.isoformat()}"
        create_branch(root, branch)
        log(f"on new branch {branch}")
    if not replaced:
        # Only documents stored beside curated specs: reviewable, but no client changes.
        if mode is not Mode.TEST:
            commit_all(root, REFRESHED_PATHS, _subject(outcomes))
        _write_body(body_file, _report(outcomes, None), log)
        log("no spec was replaced (curated specs are kept): nothing to release")
        return RefreshResult(outcomes, None, branch)
    try:
        generate(layout, vendors=replaced, log=log)
    except (PipelineError, ToolVersionError, ValueError) as exc:
        raise ReleaseError(f"regeneration failed: {exc}") from exc
    commit_all(root, REFRESHED_PATHS, _subject(outcomes))
    try:
        plan = release(
            root,
            dry_run=mode is Mode.TEST,
            publish=mode is Mode.DIRECT,
            environ=environ,
            log=log,
            today=day,
        )
    except NothingToRelease:
        # A new document that changes neither the effective spec's meaning nor the Python API.
        _write_body(body_file, _report(outcomes, None), log)
        log("the specs were refreshed, but nothing in the package changed: nothing to release")
        return RefreshResult(outcomes, None, branch)
    _write_body(body_file, _report(outcomes, plan), log)
    return RefreshResult(outcomes, plan, branch)


def _subject(outcomes: Sequence[FetchOutcome]) -> str:
    changed = [f"{o.vendor} {o.status}" for o in outcomes if o.written]
    return f"refresh: {', '.join(changed)}"


def _report(outcomes: Sequence[FetchOutcome], plan: ReleasePlan | None) -> str:
    lines: list[str] = []
    if plan is not None:
        lines += [f"Release {plan.version} (from {plan.current}).", "", plan.section.strip(), ""]
    lines += ["### Fetch report", "", "```", *(o.describe() for o in outcomes), "```", ""]
    return "\n".join(lines)


def _write_body(body_file: Path | None, text: str, log: Log) -> None:
    if body_file is None:
        return
    body_file.parent.mkdir(parents=True, exist_ok=True)
    body_file.write_text(text, encoding="utf-8")
    log(f"pull request body written to {body_file}")
