"""Render the benchmark figures as bench/RESULTS.md: figures and targets, never pass/fail gates."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from bench.imports import StartupResult
from bench.overhead import Comparison
from bench.streaming import CHECKSUMS, GiB, MiB, StreamingResult
from presignkit.checksums import DEFAULT_CHECKSUM

# The targets of issue 10; each is reported with its figure, met or not.
STREAMING_TARGET = 1.5  # presignkit (default checksum) throughput / curl's, at least
CEILING_TARGET = 0.9  # presignkit (sha256) throughput / sha256 alone, at least
RATE_TARGET = 0.91  # small uploads/s, presignkit / raw httpx, at least (<= 1.10x cost)
CPU_TARGET = 1.15  # client CPU per small upload, presignkit / raw httpx, at most
RSS_GROWTH_TARGET_MIB = 4  # peak RSS growth from the smallest to the largest file, less than
IMPORT_TARGET = 1.15  # import presignkit / bare import httpx, at most
HELP_CPU_TARGET = 0.35  # seconds of CPU for `presignkit --help`, at most


@attrs.define
class Results:
    """What one run measured; each section fills its field."""

    started: str
    total_seconds: float
    machine: Sequence[tuple[str, str]]
    quick: bool
    streaming: StreamingResult | None = None
    memory: dict[int, int] | None = None  # file size -> peak RSS (KiB)
    round_trip: float | None = None  # median kept-alive round trip to the sandbox, seconds
    overhead: Sequence[Comparison] | None = None
    startup: StartupResult | None = None


def _verdict(met: bool) -> str:
    return "met" if met else "**not met**"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _size(size: int) -> str:
    return f"{size / GiB:g} GiB" if size >= GiB else f"{size / MiB:g} MiB"


def summary(results: Results) -> list[tuple[str, str, str, str]]:
    """(figure, value, target, verdict) for every target this run measured."""
    rows: list[tuple[str, str, str, str]] = []
    if (s := results.streaming) is not None:
        ratio = s.throughput_ratio(f"presignkit-{DEFAULT_CHECKSUM}", "curl")
        rows.append(
            (f"streaming throughput, default checksum ({DEFAULT_CHECKSUM}) / curl", f"{ratio:.2f}",
             f"≥ {STREAMING_TARGET}", _verdict(ratio >= STREAMING_TARGET))
        )  # fmt: skip
        ceiling = s.throughput_ratio("presignkit-sha256", "sha256 alone")
        rows.append(
            ("streaming with sha256 / sha256 alone", f"{ceiling:.2f}", f"≥ {CEILING_TARGET}",
             _verdict(ceiling >= CEILING_TARGET))
        )  # fmt: skip
    for c in results.overhead or ():
        rows.append(
            (f"small uploads/s, presignkit / raw httpx, {c.mode}", f"{c.rate_ratio:.2f}", f"≥ {RATE_TARGET}",
             _verdict(c.rate_ratio >= RATE_TARGET))
        )  # fmt: skip
    for c in results.overhead or ():
        rows.append(
            (f"client CPU per small upload / raw httpx, {c.mode}", f"{c.cpu_ratio:.2f}", f"≤ {CPU_TARGET}",
             _verdict(c.cpu_ratio <= CPU_TARGET))
        )  # fmt: skip
    if results.memory:
        sizes = sorted(results.memory)
        growth = (results.memory[sizes[-1]] - results.memory[sizes[0]]) / 1024
        rows.append(
            (f"peak RSS growth {_size(sizes[0])} → {_size(sizes[-1])}", f"{growth:.1f} MiB",
             f"< {RSS_GROWTH_TARGET_MIB} MiB", _verdict(growth < RSS_GROWTH_TARGET_MIB))
        )  # fmt: skip
    if (st := results.startup) is not None:
        rows.append(
            ("`import presignkit` / bare `import httpx`", f"{st.import_ratio:.2f}", f"≤ {IMPORT_TARGET}",
             _verdict(st.import_ratio <= IMPORT_TARGET))
        )  # fmt: skip
        rows.append(
            ("`presignkit --help` CPU", f"{st.help_cpu_median:.2f} s", f"≤ {HELP_CPU_TARGET} s",
             _verdict(st.help_cpu_median <= HELP_CPU_TARGET))
        )  # fmt: skip
    return rows


def streaming_section(s: StreamingResult) -> list[str]:
    labels = {
        "raw": "raw socket + sendfile (the sink's ceiling)",
        "curl": "`curl -T`",
        "httpx": "plain httpx PUT, 1 MiB generator, no checksum",
        **{f"presignkit-{c}": f"presignkit engine, checksum={c!r}" for c in CHECKSUMS},
        "crc32c alone": "crc32c alone, no I/O (the ceiling of a crc32c upload)",
        "sha256 alone": "sha256 alone, no I/O (the ceiling of a sha256 upload)",
    }
    labels["presignkit-none"] = "presignkit engine, checksum=None"
    rows = [
        (
            label,
            f"{s.throughput(name) / MiB:,.0f} MiB/s",
            f"{s.throughput_ratio(name, 'curl'):.2f}",
            f"{s.cpu_per_gib(name):.2f}",
            f"{s.cpu_ratio(name, 'curl'):.2f}",
            ", ".join(f"{r.seconds:.2f}" for r in s.runs[name]),
        )
        for name, label in labels.items()
    ]
    return [
        f"## Streaming a {_size(s.size)} file to a bare sink",
        "",
        "Each sender PUTs the same sparse file to the same discard-only HTTP sink (`bench/sink.py`, its own "
        f"process), in turn, {s.repeats} times, each in a fresh process; figures are from the median run. "
        "Time and CPU are measured around the request (curl: its `time_total`, and its whole process's CPU "
        "from the kernel). The checksum rows run in the benchmark process on 1 MiB blocks, without I/O.",
        "",
        *_table(("sender", "throughput", "÷ curl", "CPU-s/GiB", "CPU ÷ curl", "runs (s)"), rows),
        "",
    ]


def memory_section(memory: dict[int, int]) -> list[str]:
    rows = [(_size(size), f"{kib / 1024:.1f} MiB") for size, kib in sorted(memory.items())]
    return [
        f"## Peak memory of the upload process (checksum={DEFAULT_CHECKSUM!r})",
        "",
        "VmHWM from `/proc/self/status` of the fresh process that did the upload (the largest of its runs): "
        "that process's own high-water mark, not a parent's.",
        "",
        *_table(("file", "peak RSS"), rows),
        "",
    ]


def overhead_section(comparisons: Sequence[Comparison], round_trip: float | None) -> list[str]:
    rows = [
        (
            c.mode,
            f"{c.rate(c.presignkit):.0f}/s",
            f"{c.rate(c.httpx):.0f}/s",
            f"**{c.rate_ratio:.2f}**",
            f"{c.cpu_per_upload(c.presignkit) * 1000:.2f} ms",
            f"{c.cpu_per_upload(c.httpx) * 1000:.2f} ms",
            f"**{c.cpu_ratio:.2f}**",
        )
        for c in comparisons
    ]
    uploads = comparisons[0].uploads if comparisons else 0
    trip = f" A kept-alive round trip to it took {round_trip * 1000:.1f} ms (median)." if round_trip else ""
    return [
        f"## Small uploads: {uploads} x 64 KiB to Loops, presignkit vs raw httpx",
        "",
        "Both make the same three calls per upload (create, PUT, complete) against the same sandbox, in its "
        f"own process, its servers stall-free (TCP_NODELAY).{trip} The raw httpx version does nothing else "
        "(no validation, retries, error mapping, checksum). The two alternate in blocks. Client CPU is the "
        "benchmark process's (all threads); the sandbox's is not in it.",
        "",
        *_table(
            (
                "mode",
                "presignkit",
                "raw httpx",
                "uploads/s ratio",
                "presignkit CPU/upload",
                "httpx CPU/upload",
                "CPU ratio",
            ),
            rows,
        ),
        "",
    ]


def startup_section(st: StartupResult) -> list[str]:
    labels = {
        ("core", "presignkit"): "`import presignkit` (core dependencies only)",
        ("core", "httpx"): "bare `import httpx` (core dependencies only)",
        ("cli", "httpx"): "`import httpx` with click, rich and pygments installed (for comparison)",
    }
    rows = [
        (labels[(t.label, t.module)], f"{t.import_seconds * 1000:.1f} ms", f"{t.wall_seconds * 1000:.1f} ms")
        for t in st.imports
    ]
    slowest = ", ".join(f"`{name}` {seconds * 1000:.1f} ms" for name, seconds in st.imports[0].slowest)
    help_runs = ", ".join(f"{c:.2f}" for c in st.help_cpu_seconds)
    stray = f" (**it had {', '.join(st.core_has_cli_packages)}**)" if st.core_has_cli_packages else ""
    return [
        "## Start-up",
        "",
        f"Imports: medians of {st.runs} fresh interpreters each, alternating, in a virtual environment "
        f"holding the core dependencies only, as `pip install presignkit` gives{stray}. *Import* is the "
        "module's cumulative figure from `python -X importtime`; *wall* is the whole `python -c` run.",
        "",
        *_table(("", "import", "wall"), rows),
        "",
        f"- slowest modules `import presignkit` adds to bare `import httpx` (own time, last run): {slowest}",
        f"- `presignkit --help` CPU (user + system, cli extra installed), median of "
        f"{len(st.help_cpu_seconds)}: {st.help_cpu_median:.3f} s; runs: {help_runs}",
        "",
    ]


def render(results: Results) -> str:
    lines = [
        "# presignkit benchmarks",
        "",
        f"Written by `nox -s bench` (`python -m bench{' --quick' if results.quick else ''}`) at "
        f"{results.started}, in {results.total_seconds:.0f} s. Every ratio compares figures measured side by "
        "side in this one run, on this machine; the targets are reported, not asserted. The machine is "
        "shared: figures vary with its load (the load average is in the table).",
        "",
        "## Machine",
        "",
        *_table(("", ""), results.machine),
        "",
        "## Targets",
        "",
        *_table(("figure", "this run", "target", ""), summary(results)),
        "",
    ]
    if results.streaming is not None:
        lines += streaming_section(results.streaming)
    if results.memory:
        lines += memory_section(results.memory)
    if results.overhead is not None:
        lines += overhead_section(results.overhead, results.round_trip)
    if results.startup is not None:
        lines += startup_section(results.startup)
    return "\n".join(lines)
