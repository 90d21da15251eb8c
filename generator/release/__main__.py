"""Command line: `python -m generator.release {diff,release}`."""

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
from .report import render_report
from .versioning import read_version
from .workflow import PYPROJECT, release


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
    publish.add_argument(
        "--dry-run", action="store_true", help="do everything but upload, commit and tag; change no file"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    root = args.root.resolve()
    try:
        if args.command == "diff":
            # The diff only reports: it exits 0 whatever it finds.
            diff = diff_against(root, args.base or newest_version_tag(root))
            sys.stdout.write(render_report(diff, read_version(root / PYPROJECT)))
        else:
            release(root, base_ref=args.base, dry_run=args.dry_run, environ=os.environ)
    except ReleaseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
