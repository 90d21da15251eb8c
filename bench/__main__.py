"""`python -m bench [--quick] [--only streaming,memory,overhead,startup,many] [--output PATH]`: run the
benchmarks and write bench/RESULTS.md. Reports, never asserts: the exit status is 0 whatever the
figures are, and non-zero only if a benchmark could not run."""

from __future__ import annotations

import argparse
import os
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx

from bench import imports, machine, many, overhead, report, streaming
from bench.sandbox_server import running_sandbox
from bench.streaming import GiB, MiB

SECTIONS = ("streaming", "memory", "overhead", "startup", "many")
DEFAULT_OUTPUT = Path(__file__).with_name("RESULTS.md")


def _load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def _round_trip(url: str, count: int = 50) -> float:
    """The median of `count` kept-alive GETs of `url`: a few ms when the server is stall-free."""
    with httpx.Client() as client:
        client.get(url)
        durations = []
        for _ in range(count):
            started = time.perf_counter()
            client.get(url)
            durations.append(time.perf_counter() - started)
    return statistics.median(durations)


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
    quick = bool(options.quick)

    started_at = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    started = time.perf_counter()
    machine_rows = [*machine.describe(), ("load average (1/5/15 min) at start", _load_average())]
    results = report.Results(started=started_at, total_seconds=0.0, machine=machine_rows, quick=quick)

    if "streaming" in chosen:
        print("streaming: raw, curl, httpx and presignkit (each checksum) to a bare sink ...", flush=True)
        size, repeats = (64 * MiB, 1) if quick else (GiB, 3)
        results.streaming = streaming.measure_throughput(size=size, repeats=repeats)
    if "memory" in chosen:
        print("memory: peak RSS of the upload process ...", flush=True)
        sizes = (16 * MiB, 64 * MiB, 128 * MiB) if quick else (100 * MiB, GiB, 4 * GiB)
        results.memory = streaming.measure_memory(sizes, 1 if quick else 2)
    if "overhead" in chosen:
        print("overhead: presignkit vs raw httpx against the sandbox ...", flush=True)
        with running_sandbox() as env:
            results.round_trip = _round_trip(env["LOOPS_BASE_URL"] + "/")
            results.overhead = overhead.compare(env, uploads=64 if quick else 1000, blocks=2 if quick else 4)
    if "startup" in chosen:
        print("startup: import presignkit vs import httpx, presignkit --help ...", flush=True)
        results.startup = imports.measure(5 if quick else 15)

    if "many" in chosen:
        many.main(quick=quick)  # its own figure, in bench/RESULTS-many.md
    machine_rows.append(("load average (1/5/15 min) at end", _load_average()))
    results.total_seconds = time.perf_counter() - started
    text = report.render(results)
    options.output.write_text(text + "\n", encoding="utf-8")
    print(text)
    print(f"\nwritten to {options.output}")


if __name__ == "__main__":
    main()
