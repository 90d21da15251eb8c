"""The end-to-end demo (`nox -s demo`): every vendor, through the real command line, offline.

It starts the sandbox (the four vendor stand-ins and their object store on 127.0.0.1), writes a
sample file per vendor, runs `python -m presignkit upload FILE --vendor V` for each with the
sandbox's keys and base URLs in the environment, exactly as a user would in a shell, and then
checks, in the store, that the bytes that arrived are the file's bytes. Exit status 0 only if
every upload succeeded and every stored object matches.

    python -m devtools.demo
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import attrs
from rich.console import Console
from rich.table import Table

from devtools.samples import Sample, write_samples
from presignkit.sandbox import Sandbox, StoredObject

_SHA256_PREFIX = 12  # as in the CLI's table


@attrs.frozen
class Outcome:
    sample: Sample
    exit_code: int
    file_size: int
    file_sha256: str
    stored: tuple[StoredObject, ...]  # what the upload added to the store

    @property
    def verdict(self) -> str:
        if self.exit_code != 0:
            return f"the CLI exited {self.exit_code}"
        if len(self.stored) != 1:
            return f"{len(self.stored)} objects stored, expected 1"
        if (self.stored[0].size, self.stored[0].sha256) != (self.file_size, self.file_sha256):
            return "MISMATCH"
        return "match"

    @property
    def ok(self) -> bool:
        return self.verdict == "match"


def run_demo(console: Console) -> list[Outcome]:
    with tempfile.TemporaryDirectory(prefix="presignkit-demo-") as tmp, Sandbox() as sandbox:
        samples = write_samples(Path(tmp))
        # The parent's environment (PATH, the venv) plus the sandbox's keys and base URLs; the
        # child reads them as it would read a real vendor's.
        env = {**os.environ, **sandbox.env()}
        outcomes = []
        for sample in samples:
            known = {(o.bucket, o.key) for o in sandbox.store.objects()}
            command = [
                sys.executable,
                "-m",
                "presignkit",
                "upload",
                str(sample.path),
                "--vendor",
                sample.vendor,
            ]
            console.rule(
                f"[bold]{sample.vendor}[/]: presignkit upload {sample.path.name} --vendor {sample.vendor}"
            )
            # Inherit stdout/stderr so the CLI's own progress bar and table reach the user's terminal.
            exit_code = subprocess.run(command, env=env, check=False).returncode
            outcomes.append(
                Outcome(
                    sample=sample,
                    exit_code=exit_code,
                    file_size=sample.path.stat().st_size,
                    file_sha256=hashlib.sha256(sample.path.read_bytes()).hexdigest(),
                    stored=tuple(o for o in sandbox.store.objects() if (o.bucket, o.key) not in known),
                )
            )
        return outcomes


def verification_table(outcomes: list[Outcome]) -> Table:
    table = Table(title="What arrived in the sandbox's object store", title_justify="left")
    for name in ("vendor", "file", "bytes", "sha256", "stored bytes"):
        table.add_column(name, justify="right" if name == "bytes" else "left")
    for outcome in outcomes:
        verdict = outcome.verdict
        if verdict == "MISMATCH":
            verdict += f" (stored sha256 {outcome.stored[0].sha256[:_SHA256_PREFIX]})"
        table.add_row(
            outcome.sample.vendor,
            outcome.sample.path.name,
            f"{outcome.file_size:,}",
            outcome.file_sha256[:_SHA256_PREFIX],
            f"[green]{verdict}[/]" if outcome.ok else f"[red]{verdict}[/]",
        )
    return table


def main() -> int:
    console = Console()
    if not console.is_terminal:  # a log file: no need to squeeze into 80 columns
        console = Console(width=160)
    outcomes = run_demo(console)
    console.rule("[bold]verification")
    console.print(verification_table(outcomes))
    failed = [o.sample.vendor for o in outcomes if not o.ok]
    if failed:
        console.print(f"[red]demo failed for: {', '.join(failed)}[/]")
        return 1
    console.print(f"[green]all {len(outcomes)} uploads arrived intact[/]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
