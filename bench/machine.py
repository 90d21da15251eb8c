"""What the benchmark ran on: the numbers mean little without it."""

from __future__ import annotations

import os
import platform
import subprocess
from importlib.metadata import version
from pathlib import Path


def _first(path: str, prefix: str) -> str | None:
    try:
        lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return next((line.split(":", 1)[1].strip() for line in lines if line.startswith(prefix)), None)


def _memory() -> str:
    total_kib = _first("/proc/meminfo", "MemTotal")
    if total_kib is None:
        return "unknown"
    return f"{int(total_kib.split()[0]) / 1024 / 1024:.1f} GiB"


def _curl_version() -> str:
    try:
        first_line = subprocess.run(["curl", "--version"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "not installed"
    return first_line.split("\n", 1)[0].split(" (", 1)[0]


def describe() -> list[tuple[str, str]]:
    """(what, value) pairs for the report's machine table."""
    return [
        ("CPU", _first("/proc/cpuinfo", "model name") or platform.processor() or "unknown"),
        ("cores (logical)", str(os.cpu_count())),
        ("cores usable by this process", str(len(os.sched_getaffinity(0)))),
        ("memory", _memory()),
        ("OS", platform.platform()),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("httpx", version("httpx")),
        ("presignkit", version("presignkit")),
        ("curl", _curl_version()),
    ]
