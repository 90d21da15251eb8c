"""`import presignkit` must stay cheap: the heavy parts load on first use, the command line's
packages are an extra, and an upload in flight imports nothing. Checked by which modules get
imported (in a fresh interpreter), never by timing."""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import subprocess
import sys
import types
from collections.abc import Sequence
from importlib.metadata import requires
from pathlib import Path

import anyio
from packaging.requirements import Requirement

import presignkit
from presignkit.sandbox import Sandbox

# httpx imports its own command line (httpx._main: click, rich, pygments) whenever those are
# importable, as they are in the test environment; blocking it makes each check about
# presignkit's own imports, as in an installation without the cli extra.
WITHOUT_HTTPX_CLI = "import sys; sys.modules['httpx._main'] = None; "
CLI_PACKAGES = ("click", "rich", "pygments")


def _loaded_after(code: str, roots: Sequence[str]) -> list[str]:
    """The modules under `roots` (top-level names, or exact module names) that a fresh
    interpreter has loaded after running `code`."""
    probe = (
        f"{code}; import sys; roots = {tuple(roots)!r}; "
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in roots or m in roots)))"
    )
    completed = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return [name for name in completed.stdout.strip().split(",") if name]


def test_import_loads_no_generated_client_tenacity_or_anyio() -> None:
    heavy = (
        "tenacity",
        "anyio",
        "presignkit_loops",
        "presignkit_streamloop",
        "presignkit_flare",
        "presignkit_scripe",
        "presignkit.drivers",
        "presignkit.transfer",
        "presignkit.vendors.loops.workflow",
    )
    assert _loaded_after("import presignkit", heavy) == []


def test_import_loads_neither_the_command_line_nor_the_sandbox() -> None:
    loaded = _loaded_after(WITHOUT_HTTPX_CLI + "import presignkit", (*CLI_PACKAGES, "presignkit.cli"))
    assert loaded == []
    assert _loaded_after("import presignkit", ("presignkit.sandbox", "starlette", "uvicorn")) == []


def test_command_line_packages_are_an_extra_not_a_dependency() -> None:
    # With click and rich among the core dependencies, every `import httpx` (and so every
    # `import presignkit`) would also import httpx's command line.
    declared = [Requirement(line) for line in requires("presignkit") or []]
    core = {r.name.lower() for r in declared if r.marker is None}
    cli = {r.name.lower() for r in declared if r.marker is not None and r.marker.evaluate({"extra": "cli"})}
    assert core.isdisjoint(CLI_PACKAGES), sorted(core)
    assert {"click", "rich"} <= cli


class _RecordingFinder(importlib.abc.MetaPathFinder):
    """Finds nothing; records every module name the import system looks for."""

    def __init__(self) -> None:
        self.searched: list[str] = []

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: types.ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        self.searched.append(fullname)
        return None


def test_an_async_upload_searches_for_no_module(presignkit_sandbox: Sandbox, tmp_path: Path) -> None:
    # httpcore imports sniffio for every lock it creates; when sniffio is not installed, each
    # failed import walks sys.path again (40 % of an async upload's CPU in the profile). Once the
    # first upload has loaded what the facade loads lazily, later ones must import nothing.
    image = tmp_path / "img.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(4096))
    finder = _RecordingFinder()

    async def main() -> None:
        async with presignkit.AsyncUploader("loops", environ=presignkit_sandbox.env()) as uploader:
            await uploader.upload(image)
            sys.meta_path.insert(0, finder)
            try:
                await uploader.upload(image)
            finally:
                sys.meta_path.remove(finder)

    anyio.run(main)
    assert finder.searched == []


def test_httpx_loads_with_the_first_uploader_not_with_the_package() -> None:
    # `presignkit --help` and `import presignkit` then skip httpx (and, where click and rich are
    # installed, httpx's own command line).
    assert _loaded_after("import presignkit", ("httpx",)) == []
    build = "import presignkit; presignkit.Uploader('loops', environ={'LOOPS_API_KEY': 'k'}).close()"
    assert "httpx" in _loaded_after(build, ("httpx",))
