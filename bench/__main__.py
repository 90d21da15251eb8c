"""`python -m bench [--quick] [--only streaming,overhead,imports] [--output PATH]`: run the
benchmarks and write bench/RESULTS.md. Reports, never asserts: the exit status is 0 whatever the
figures are, and non-zero only if a benchmark could not run."""

from __future__ import annotations

import argparse
import os
import time
from datetime import UTC, datetime
from pathlib import Path

from bench import imports, machine, many, overhead, report, streaming
from bench.sandbox_server import running_sandbox

SECTIONS = ("streaming", "overhead", "imports")
DEFAULT_OUTPUT = Path(__file__).with_name("RESULTS.md")


def _load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--quick", action="store_true", help="small sizes and counts: a smoke test of the harness"
    )
    parser.add_argument(
        "--only", default=",".join(SECTIONS), help=f"comma-separated subset of {', '.join(SECTIONS)}"
    )
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    options = parser.parse_args()
    chosen = {name.strip() for name in options.only.split(",") if name.strip()}
    if unknown := chosen - set(SECTIONS):
        parser.error(f"unknown section(s) {', '.join(sorted(unknown))}; accepted: {', '.join(SECTIONS)}")

    started_at = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    started = time.perf_counter()
    machine_rows = [*machine.describe(), ("load average (1/5/15 min) at start", _load_average())]
    import_runs = 5 if options.quick else 15

    streaming_result = None
    if "streaming" in chosen:
        print("streaming: raw vs curl vs presignkit to a bare sink ...", flush=True)
        if options.quick:
            streaming_result = streaming.measure(
                size=64 * streaming.MiB, small_size=16 * streaming.MiB, repeats=1
            )
        else:
            streaming_result = streaming.measure()
    overhead_result = None
    if "overhead" in chosen:
        print("overhead: presignkit vs hand-written httpx against the sandbox ...", flush=True)
        with running_sandbox() as env:
            overhead_result = overhead.compare(
                env, uploads=20 if options.quick else 200, blocks=2 if options.quick else 4
            )
    import_result = None
    if "imports" in chosen:
        print("imports: import presignkit vs import httpx ...", flush=True)
        import_result = imports.measure(import_runs)

    many.main(quick=options.quick)  # its own figure, in bench/RESULTS-many.md
    machine_rows.append(("load average (1/5/15 min) at end", _load_average()))
    text = report.render(
        started=started_at,
        total_seconds=time.perf_counter() - started,
        machine=machine_rows,
        streaming=streaming_result,
        overhead=overhead_result,
        imports=import_result,
        import_runs=import_runs,
    )
    options.output.write_text(text + "\n", encoding="utf-8")
    print(text)
    print(f"\nwritten to {options.output}")


if __name__ == "__main__":
    main()
