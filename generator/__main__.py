"""Command line of the pipeline: `python -m generator {generate,drift,fetch}`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .drift import drift
from .errors import PipelineError
from .fetch import fetch
from .layout import Layout
from .pipeline import generate
from .tools import ToolVersionError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="repository root (default: cwd)")
    commands = parser.add_subparsers(dest="command", required=True)
    gen = commands.add_parser("generate", help="regenerate the clients whose inputs changed")
    gen.add_argument("--force", action="store_true", help="regenerate every vendor")
    gen.add_argument("vendors", nargs="*", help="only these vendors (default: all)")
    commands.add_parser("drift", help="fail if a fresh regeneration differs from generated/")
    fetch_cmd = commands.add_parser(
        "fetch",
        help="refresh specs from the vendors' published URLs (PRESIGNKIT_SPEC_URL_<VENDOR> overrides one)",
    )
    fetch_cmd.add_argument("vendors", nargs="*", help="only these vendors (default: all)")
    fetch_cmd.add_argument(
        "--adopt",
        action="store_true",
        help="replace a curated (excerpt or hand-authored) spec with the published one; refused while it "
        "lacks an operation the facade uses",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    layout = Layout.at(args.root.resolve())
    try:
        if args.command == "generate":
            generate(layout, vendors=args.vendors or None, force=args.force)
        elif args.command == "drift":
            lines = drift(layout)
            if lines:
                sys.stdout.writelines(lines)
                print(
                    "\ndrift: generated/ differs from a fresh regeneration (diff above); "
                    "run `nox -s generate`"
                )
                return 1
            print("drift: generated/ matches a fresh regeneration")
        else:
            for outcome in fetch(layout, vendors=args.vendors or None, adopt=args.adopt):
                print(outcome.describe())
    except (PipelineError, ToolVersionError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
