"""Start-up costs: `import presignkit` next to bare `import httpx`, and `presignkit --help`.

Imports are measured in a virtual environment holding presignkit's core dependencies only (as
`pip install presignkit` gives), built here from this environment's installed packages: httpx
imports its own command line whenever click, rich and pygments are importable, which would
inflate both sides, and they come only with presignkit's `cli` (and `sandbox`) extra. For
comparison, `import httpx` is also measured here, where they are installed.

Each sample is a fresh interpreter (`python -X importtime -c "import M"`), since a second import
in one process is a dictionary lookup. Two figures per module:
- import time: the `cumulative` microseconds that `-X importtime` gives the module's own line,
  i.e. the import alone, without the interpreter's start-up;
- wall time: the whole `python -c` run, start-up included.
Runs alternate between the modules so that a change in the machine's load falls on all alike.

`presignkit --help`: the CPU time (user + system, from the kernel's account of the finished
child) of the installed script, in this environment (the cli extra installed).
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import Distribution, distribution
from pathlib import Path

import attrs
from packaging.requirements import Requirement

CLI_PACKAGES = ("click", "rich", "pygments")


@attrs.frozen
class ImportTiming:
    label: str
    module: str
    import_seconds: float  # median of the -X importtime cumulative figure
    wall_seconds: float  # median wall time of the whole interpreter run
    # The modules this import adds to the baseline's that took longest (own time, seconds).
    slowest: tuple[tuple[str, float], ...]


@attrs.frozen
class StartupResult:
    runs: int
    imports: list[ImportTiming]  # presignkit and httpx (core only), then httpx with its CLI deps
    core_has_cli_packages: list[str]  # should be empty: the core environment is what it claims
    help_cpu_seconds: list[float]

    @property
    def import_ratio(self) -> float:
        return self.imports[0].import_seconds / self.imports[1].import_seconds

    @property
    def help_cpu_median(self) -> float:
        return statistics.median(self.help_cpu_seconds)


def _core_distributions() -> list[Distribution]:
    """presignkit and what its core requirements need, recursively, as installed here."""
    seen: dict[str, Distribution] = {}
    pending = ["presignkit"]
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        dist = distribution(name)
        seen[name] = dist
        for line in dist.requires or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                pending.append(requirement.name.lower().replace("_", "-"))
    return list(seen.values())


@contextmanager
def core_environment() -> Iterator[Path]:
    """A fresh virtual environment whose site-packages links to the installed files of the core
    distributions only (no download: the same builds as here); its interpreter."""
    purelib = Path(sysconfig.get_paths()["purelib"])
    with tempfile.TemporaryDirectory(prefix="presignkit-bench-core-") as directory:
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", directory], check=True)
        python = Path(directory) / "bin" / "python"
        site = Path(
            subprocess.run(
                [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
        )
        for dist in _core_distributions():
            # Every top-level file or folder the distribution installed, its metadata included
            # (importlib.metadata works there too); an editable install's .pth file is copied.
            for top in {file.parts[0] for file in dist.files or []} - {"..", "__pycache__"}:
                source, target = purelib / top, site / top
                if top.endswith(".pth"):
                    target.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
                elif source.exists() and not target.exists():
                    target.symlink_to(source)
        yield python


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
    """The slowest modules `log` imports that `baseline_log` does not."""
    baseline = _own_seconds(baseline_log)
    added = [(name, seconds) for name, seconds in _own_seconds(log).items() if name not in baseline]
    return tuple(sorted(added, key=lambda item: item[1], reverse=True)[:count])


def _one_import(python: Path, module: str) -> tuple[float, float, str]:
    started = time.perf_counter()
    completed = subprocess.run(
        [str(python), "-X", "importtime", "-c", f"import {module}"],
        capture_output=True,
        text=True,
        check=True,
    )
    wall = time.perf_counter() - started
    return _cumulative_seconds(completed.stderr, module), wall, completed.stderr


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _help_cpu() -> float:
    script = Path(sys.executable).with_name("presignkit")
    before = _children_cpu()
    subprocess.run([str(script), "--help"], capture_output=True, check=True)
    return _children_cpu() - before


def measure(runs: int = 15) -> StartupResult:
    here = Path(sys.executable)
    with core_environment() as core:
        present = subprocess.run(
            [
                str(core),
                "-c",
                f"import importlib.util as u; print(*[m for m in {CLI_PACKAGES!r} if u.find_spec(m)])",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        contenders = [("core", core, "presignkit"), ("core", core, "httpx"), ("cli", here, "httpx")]
        samples: dict[int, list[tuple[float, float, str]]] = {i: [] for i in range(len(contenders))}
        help_cpu: list[float] = []
        for _, python, module in contenders:  # untimed: the first run fills the OS's file cache
            _one_import(python, module)
        _help_cpu()
        for _ in range(runs):
            for index, (_, python, module) in enumerate(contenders):
                samples[index].append(_one_import(python, module))
            help_cpu.append(_help_cpu())
    baseline_log = samples[1][-1][2]
    timings = [
        ImportTiming(
            label,
            module,
            statistics.median(s[0] for s in samples[index]),
            statistics.median(s[1] for s in samples[index]),
            _slowest_added(samples[index][-1][2], baseline_log, 5),
        )
        for index, (label, _, module) in enumerate(contenders)
    ]
    return StartupResult(runs, timings, present, help_cpu)


if __name__ == "__main__":  # a quick look: python -m bench.imports
    result = measure(int(os.environ.get("RUNS", "5")))
    print(result)
