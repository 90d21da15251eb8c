"""Render the benchmark figures as bench/RESULTS.md: figures and targets, never pass/fail gates."""

from __future__ import annotations

from collections.abc import Sequence

from bench.imports import ImportTiming
from bench.overhead import Comparison
from bench.streaming import GiB, MiB, StreamingResult

STREAMING_TARGET = 0.9  # presignkit's throughput / curl's, at least
RSS_GROWTH_TARGET_MIB = 8  # peak RSS growth from 100 MiB to 1 GiB, less than
OVERHEAD_TARGET = 1.15  # presignkit's time / hand-written httpx's, at most
IMPORT_TARGET = 1.3  # import presignkit / import httpx, at most


def _verdict(met: bool) -> str:
    return "met" if met else "**not met**"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _size(size: int) -> str:
    return f"{size / GiB:g} GiB" if size >= GiB else f"{size / MiB:g} MiB"


def machine_section(machine: Sequence[tuple[str, str]]) -> list[str]:
    return ["## Machine", "", *_table(("", ""), machine), ""]


def streaming_section(result: StreamingResult) -> list[str]:
    labels = {
        "raw": "raw socket + sendfile (the sink's ceiling)",
        "curl": "`curl -T`",
        "presignkit": "presignkit transfer engine",
        "sha256": "sha256 alone, no I/O (the ceiling of an upload that checksums as it streams)",
    }
    rows = [
        (
            labels[sender],
            f"{result.throughput(sender) / MiB:,.0f} MiB/s",
            ", ".join(f"{s:.2f}" for s in result.seconds[sender]),
        )
        for sender in labels
    ]
    small, large = sorted(result.rss_kib)
    growth_mib = result.rss_growth_kib / 1024
    return [
        f"## Streaming a {_size(result.size)} file to a bare sink",
        "",
        "Each sender PUTs the same sparse file to the same discard-only HTTP sink (`bench/sink.py`, its own "
        "process), in turn, "
        f"{result.repeats} times; throughput is from the median run. The raw sender shows what the sink can "
        "take: when curl and presignkit stay below it, the sink is not what limits them.",
        "",
        *_table(("sender", "throughput (median)", "runs (s)"), rows),
        "",
        f"- **presignkit / curl throughput: {result.ratio:.2f}** (target ≥ {STREAMING_TARGET}: "
        f"{_verdict(result.ratio >= STREAMING_TARGET)})",
        f"- presignkit / sha256 alone: {result.hash_ratio:.2f}. presignkit computes the sha256 of every "
        "byte it sends (the result carries it) on a read-ahead thread that overlaps hashing with the "
        "socket; curl hashes nothing. One SHA-256 stream cannot use more than one core, so on this CPU "
        "no checksumming upload can beat the sha256 row, and the curl target is out of reach here.",
        f"- presignkit peak RSS: {result.rss_kib[small] / 1024:.1f} MiB for {_size(small)}, "
        f"{result.rss_kib[large] / 1024:.1f} MiB for {_size(large)}: **growth {growth_mib:.1f} MiB** "
        f"(target < {RSS_GROWTH_TARGET_MIB} MiB: {_verdict(growth_mib < RSS_GROWTH_TARGET_MIB)})",
        "",
    ]


def overhead_section(comparisons: Sequence[Comparison]) -> list[str]:
    rows = [
        (
            c.mode,
            f"{c.presignkit.wall:.2f} s ({c.uploads / c.presignkit.wall:.0f}/s)",
            f"{c.httpx.wall:.2f} s ({c.uploads / c.httpx.wall:.0f}/s)",
            f"**{c.wall_ratio:.2f}** ({_verdict(c.wall_ratio <= OVERHEAD_TARGET)})",
            f"{c.presignkit.cpu:.2f} s / {c.httpx.cpu:.2f} s = {c.cpu_ratio:.2f}",
        )
        for c in comparisons
    ]
    uploads = comparisons[0].uploads if comparisons else 0
    return [
        f"## Facade overhead: {uploads} uploads of 64 KiB to Loops, presignkit vs hand-written httpx",
        "",
        "Both make the same three calls per upload (create, PUT, complete) against the same sandbox, which "
        "runs in its own process; the httpx version does nothing else (no validation, retries, error "
        "mapping, hashing). The two alternate in blocks. The sandbox validates every call against the "
        "spec and dominates wall time, so the client CPU column (the benchmark process only) shows the "
        "facade's own cost more sharply.",
        "",
        *_table(
            (
                "mode",
                "presignkit",
                "httpx by hand",
                f"time ratio (target ≤ {OVERHEAD_TARGET})",
                "client CPU ratio",
            ),
            rows,
        ),
        "",
    ]


def imports_section(timings: Sequence[ImportTiming], runs: int) -> list[str]:
    by_module = {t.module: t for t in timings}
    ours, theirs = by_module["presignkit"], by_module["httpx"]
    import_ratio = ours.import_seconds / theirs.import_seconds
    wall_ratio = ours.wall_seconds / theirs.wall_seconds
    rows = [
        (f"`import {t.module}`", f"{t.import_seconds * 1000:.1f} ms", f"{t.wall_seconds * 1000:.1f} ms")
        for t in timings
    ]
    slowest = ", ".join(f"`{name}` {seconds * 1000:.1f} ms" for name, seconds in ours.slowest)
    return [
        "## Import time",
        "",
        f"Medians of {runs} fresh interpreters each, alternating. *Import* is the module's cumulative "
        "figure from `python -X importtime` (the import alone); *wall* is the whole `python -c` run, "
        "interpreter start-up included.",
        "",
        *_table(("", "import", "wall"), rows),
        "",
        f"- **import ratio presignkit / httpx: {import_ratio:.2f}** (target ≤ {IMPORT_TARGET}: "
        f"{_verdict(import_ratio <= IMPORT_TARGET)}); wall ratio {wall_ratio:.2f}",
        f"- slowest modules `import presignkit` adds to `import httpx` (own time, last run): {slowest}",
        "",
    ]


def render(
    *,
    started: str,
    total_seconds: float,
    machine: Sequence[tuple[str, str]],
    streaming: StreamingResult | None,
    overhead: Sequence[Comparison] | None,
    imports: Sequence[ImportTiming] | None,
    import_runs: int,
) -> str:
    lines = [
        "# presignkit benchmarks",
        "",
        f"Written by `nox -s bench` (`python -m bench`) at {started}, in {total_seconds:.0f} s. Every ratio "
        "compares figures measured side by side in this one run, on this machine; the targets are "
        "reported, not asserted. Figures vary with the machine's load (the load average is in the table).",
        "",
        *machine_section(machine),
    ]
    if streaming is not None:
        lines += streaming_section(streaming)
    if overhead is not None:
        lines += overhead_section(overhead)
    if imports is not None:
        lines += imports_section(imports, import_runs)
    return "\n".join(lines)
