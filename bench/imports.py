"""How long `import presignkit` takes next to `import httpx`, which it cannot avoid importing.

Each sample is a fresh interpreter (`python -X importtime -c "import M"`), since a second import
in one process is a dictionary lookup. Two figures per module:

- import time: the `cumulative` microseconds that `-X importtime` gives the module's own line,
  i.e. the import alone, without the interpreter's start-up;
- wall time: the whole `python -c` run, start-up included, which is what a CLI user waits for.

Runs alternate between the modules so that a change in the machine's load falls on all alike.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

import attrs

MODULES = ("presignkit", "httpx")


@attrs.frozen
class ImportTiming:
    module: str
    import_seconds: float  # median of the -X importtime cumulative figure
    wall_seconds: float  # median wall time of the whole interpreter run
    # The modules this import adds to `import httpx` that took longest (own time, seconds).
    slowest: tuple[tuple[str, float], ...]


def _cumulative_seconds(importtime_log: str, module: str) -> float:
    """The `cumulative` figure of `module`'s own line in a `-X importtime` log."""
    for line in importtime_log.splitlines():
        if not line.startswith("import time:"):
            continue
        _self, cumulative, name = (part.strip() for part in line.removeprefix("import time:").split("|"))
        if name == module:
            return int(cumulative) / 1e6
    raise RuntimeError(f"`-X importtime` did not report {module!r}; did the import fail?")


def _own_seconds(importtime_log: str) -> dict[str, float]:
    """module -> its own (`self`) import time in a `-X importtime` log."""
    own: dict[str, float] = {}
    for line in importtime_log.splitlines():
        if line.startswith("import time:") and "self [us]" not in line:
            self_us, _cumulative, name = (
                part.strip() for part in line.removeprefix("import time:").split("|")
            )
            own[name] = int(self_us) / 1e6
    return own


def _slowest_added(log: str, baseline_log: str, count: int) -> tuple[tuple[str, float], ...]:
    """The slowest modules `log` imports that `baseline_log` does not: what we add to httpx."""
    baseline = _own_seconds(baseline_log)
    added = [(name, seconds) for name, seconds in _own_seconds(log).items() if name not in baseline]
    return tuple(sorted(added, key=lambda item: item[1], reverse=True)[:count])


def _one_run(module: str) -> tuple[float, float, str]:
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        capture_output=True,
        text=True,
        check=True,
    )
    wall = time.perf_counter() - started
    return _cumulative_seconds(completed.stderr, module), wall, completed.stderr


def measure(runs: int = 15) -> list[ImportTiming]:
    imports: dict[str, list[float]] = {m: [] for m in MODULES}
    walls: dict[str, list[float]] = {m: [] for m in MODULES}
    last_log: dict[str, str] = {}
    for module in MODULES:  # one untimed run each: the first fills the OS's file cache
        _one_run(module)
    for _ in range(runs):
        for module in MODULES:
            seconds, wall, log = _one_run(module)
            imports[module].append(seconds)
            walls[module].append(wall)
            last_log[module] = log
    return [
        ImportTiming(
            module,
            statistics.median(imports[module]),
            statistics.median(walls[module]),
            _slowest_added(last_log[module], last_log["httpx"], 5),
        )
        for module in MODULES
    ]
