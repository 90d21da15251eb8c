"""Command line: `python -m generator.release {diff,release,refresh}`."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from .compare import diff_against
from .errors import ReleaseError
from .gitrepo import newest_version_tag
from .publish import PASSWORD_VARIABLE, URL_VARIABLE, USERNAME_VARIABLE
from .refresh import Mode, refresh
from .report import render_report
from .versioning import read_version
from .workflow import PYPROJECT, publish_head, release


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator.release", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="repository root (default: cwd)")
    commands = parser.add_subparsers(dest="command", required=True)
    base_help = (
        "compare against this git ref (default: the newest vX.Y.Z tag; with none, this is the first "
        "release: the current version, everything in it a feature)"
    )
    diff = commands.add_parser("diff", help="classify spec and Python API changes since a release")
    diff.add_argument("--base", metavar="REF", help=base_help)
    publish = commands.add_parser(
        "release",
        help="bump the version, write the changelog, build, verify, upload, commit and tag",
        description=f"Uploads to {URL_VARIABLE} as {USERNAME_VARIABLE} with {PASSWORD_VARIABLE}.",
    )
    publish.add_argument("--base", metavar="REF", help=base_help)
    how = publish.add_mutually_exclusive_group()
    how.add_argument(
        "--dry-run", action="store_true", help="do everything but upload, commit and tag; change no file"
    )
    how.add_argument(
        "--publish-head",
        action="store_true",
        help="publish the merged `release: vX.Y.Z` commit at HEAD: build, verify, upload and tag it",
    )
    renew = commands.add_parser(
        "refresh",
        help="fetch -> validate -> regenerate -> diff -> changelog -> version -> build -> verify",
        description="Refresh the vendors' specs and release what changed. PRESIGNKIT_SPEC_URL_<VENDOR> "
        "overrides a vendor's spec_url (e.g. a local server in tests).",
    )
    renew.add_argument(
        "--mode",
        choices=[m.value for m in Mode],
        default=Mode.TEST.value,
        help="test: change nothing (default); pr: a branch with the commits and a PR body; "
        "direct: also publish",
    )
    renew.add_argument(
        "--body-file", type=Path, help="write the pull request body (changelog, fetch report) here"
    )
    renew.add_argument("vendors", nargs="*", help="only these vendors (default: all)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    root = args.root.resolve()
    try:
        if args.command == "diff":
            # The diff only reports: it exits 0 whatever it finds.
            diff = diff_against(root, args.base or newest_version_tag(root))
            sys.stdout.write(render_report(diff, read_version(root / PYPROJECT)))
        elif args.command == "refresh":
            refresh(root, mode=Mode(args.mode), environ=os.environ, vendors=args.vendors or None,
                    body_file=args.body_file)  # fmt: skip
        elif args.publish_head:
            publish_head(root, environ=os.environ)
        else:
            release(root, base_ref=args.base, dry_run=args.dry_run, environ=os.environ)
    except ReleaseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
