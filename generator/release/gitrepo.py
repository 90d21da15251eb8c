"""The few git operations a release needs, read-only except `commit_and_tag`.

The base tree is read with `git archive` rather than griffe's `load_git`: `load_git` creates a
temporary worktree *and a temporary branch* in the repository for every package it loads, while
one read-only export serves both the spec and the Python comparison of every vendor.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
from collections.abc import Sequence
from pathlib import Path

from .errors import GitFailed
from .versioning import Version


def git(root: Path, *args: str) -> str:
    return git_bytes(root, *args).decode("utf-8", "replace")


def git_bytes(root: Path, *args: str) -> bytes:
    result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    if result.returncode != 0:
        error = result.stderr.decode("utf-8", "replace").strip()
        raise GitFailed(f"`git {' '.join(args)}` failed in {root}: {error}")
    return result.stdout


def version_tags(root: Path) -> dict[Version, str]:
    tags: dict[Version, str] = {}
    for name in git(root, "tag", "--list", "v*").split():
        version = Version.from_tag(name)
        if version is not None:
            tags[version] = name
    return tags


def newest_version_tag(root: Path) -> str | None:
    """The newest `vX.Y.Z` tag, or None when nothing was released yet (the next release is the first)."""
    tags = version_tags(root)
    return tags[max(tags)] if tags else None


def verify_ref(root: Path, ref: str) -> str:
    """The commit `ref` names; a clear error when it names none."""
    try:
        return git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").strip()
    except GitFailed:
        raise GitFailed(f"{ref!r} is not a commit, branch or tag in {root}") from None


def export_tree(root: Path, ref: str, paths: Sequence[str], destination: Path) -> None:
    """Write the files under `paths` as they are at `ref` into `destination`; absent paths are skipped."""
    present = [p for p in paths if git(root, "ls-tree", "--name-only", ref, "--", p).strip()]
    if not present:
        return
    archive = git_bytes(root, "archive", "--format=tar", ref, "--", *present)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(destination, filter="data")


def uncommitted_paths(root: Path) -> list[str]:
    """Tracked files with changes and untracked files that are not ignored."""
    lines = git(root, "status", "--porcelain", "--untracked-files=all").splitlines()
    return [line[3:] for line in lines if line.strip()]


def tag_exists(root: Path, tag: str) -> bool:
    return bool(git(root, "tag", "--list", tag).strip())


def commit_and_tag(root: Path, files: Sequence[str], message: str, tag: str) -> None:
    git(root, "add", "--", *files)
    git(root, "commit", "--quiet", "-m", message, "--", *files)
    git(root, "tag", "--annotate", tag, "-m", message)


def head_subject(root: Path) -> str:
    return git(root, "log", "-1", "--format=%s").strip()


def merged_subjects(root: Path) -> list[str]:
    """HEAD's subject and, when HEAD merges a branch, the subject of that branch's tip."""
    subjects = [head_subject(root)]
    parents = git(root, "log", "-1", "--format=%P").split()
    if len(parents) > 1:
        subjects.append(git(root, "log", "-1", "--format=%s", parents[1]).strip())
    return subjects


def head_commit(root: Path) -> str:
    return git(root, "rev-parse", "HEAD").strip()


def current_branch(root: Path) -> str:
    return git(root, "rev-parse", "--abbrev-ref", "HEAD").strip()


def create_branch(root: Path, name: str) -> None:
    git(root, "checkout", "--quiet", "-b", name)


def commit_all(root: Path, paths: Sequence[str], message: str) -> None:
    """Commit every change (additions and deletions included) under `paths`."""
    git(root, "add", "--all", "--", *paths)
    git(root, "commit", "--quiet", "-m", message)


def tag_head(root: Path, tag: str, message: str) -> None:
    git(root, "tag", "--annotate", tag, "-m", message)
