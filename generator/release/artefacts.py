"""Build the sdist and wheel, and check them before anything is uploaded.

Checks: `twine check` (metadata renders), the wheel's contents (the facade, every vendor package with
its `py.typed` and effective `openapi.json`, none of the repository's tooling), and an install of the
wheel into a fresh virtual environment where every package and all its modules import.

Offline by design: the build runs without isolation (hatchling comes from the release dependency
group instead of an index), and the fresh environment gets the wheel with `--no-deps` while its
dependencies (attrs, httpx) are made importable by a `.pth` file pointing at this interpreter's
site-packages. A directory added by a `.pth` is not itself a site directory, so this environment's
own `.pth` files (an editable install of presignkit, say) are not processed there: what imports is
what the wheel installed, which `import_problems` checks by file location.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import attrs

from ..layout import package_name
from .errors import ArtefactInvalid

FACADE = "presignkit"
TOOLING = ("tests", "specs", "overlays", "generator", "generated")  # must never ship as top-level folders
VENDOR_FILES = ("__init__.py", "py.typed", "openapi.json")
# presignkit.sandbox needs the optional `sandbox` extra, which a plain install does not have.
OPTIONAL_MODULES = ("presignkit.sandbox",)
_TAIL = 30


@attrs.frozen
class Artefacts:
    sdist: Path
    wheel: Path

    @property
    def files(self) -> list[Path]:
        return [self.sdist, self.wheel]


def run_checked(
    command: Sequence[str], what: str, *, env: Mapping[str, str] | None = None, cwd: Path | None = None
) -> str:
    result = subprocess.run(list(command), capture_output=True, text=True, env=env, cwd=cwd, check=False)
    if result.returncode != 0:
        output = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
        raise ArtefactInvalid(f"{what} failed (exit {result.returncode}):\n  " + "\n  ".join(output[-_TAIL:]))
    return result.stdout


def build(root: Path, out_dir: Path) -> Artefacts:
    """sdist, then the wheel built from that sdist (so a file missing from the sdist fails here)."""
    run_checked(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out_dir), str(root)],
        "python -m build",
    )
    sdists, wheels = sorted(out_dir.glob("*.tar.gz")), sorted(out_dir.glob("*.whl"))
    if len(sdists) != 1 or len(wheels) != 1:
        raise ArtefactInvalid(f"expected one sdist and one wheel in {out_dir}, found {sdists + wheels}")
    return Artefacts(sdist=sdists[0], wheel=wheels[0])


def twine_check(artefacts: Artefacts) -> None:
    run_checked([sys.executable, "-m", "twine", "check", *map(str, artefacts.files)], "twine check")


def wheel_problems(wheel: Path, vendors: Sequence[str]) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    problems = [] if f"{FACADE}/__init__.py" in names else [f"{FACADE}/__init__.py is missing"]
    for vendor in vendors:
        package = package_name(vendor)
        problems += [
            f"{package}/{name} is missing" for name in VENDOR_FILES if f"{package}/{name}" not in names
        ]
    top_level = {name.split("/", 1)[0] for name in names if "/" in name}
    problems += [f"{folder}/ must not ship in the wheel" for folder in TOOLING if folder in top_level]
    return problems


def sdist_problems(sdist: Path) -> list[str]:
    with tarfile.open(sdist) as archive:
        second_level = {Path(name).parts[1] for name in archive.getnames() if len(Path(name).parts) > 2}
    return [f"{folder}/ must not ship in the sdist" for folder in TOOLING[:4] if folder in second_level]


def clean_pip_env() -> dict[str, str]:
    """The environment for a pip that sees no machine-wide configuration (extra indexes, find-links)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PIP_")}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1")
    return env


def fresh_venv(path: Path) -> Path:
    """A new virtual environment without pip (pip runs from here with `--python`); its interpreter."""
    run_checked([sys.executable, "-m", "venv", "--without-pip", str(path)], "creating a virtual environment")
    python = path / "bin" / "python"
    site = Path(
        run_checked(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            "locating site-packages",
        ).strip()
    )
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "_presignkit_release_dependencies.pth").write_text(
        "\n".join(sorted(ours)) + "\n", encoding="utf-8"
    )
    return python


def pip_install(python: Path, *arguments: str) -> None:
    """`pip install --no-deps` into the environment of `python`, with this interpreter's pip."""
    command = [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", *arguments]
    run_checked(command, "pip install", env=clean_pip_env())


_IMPORT_ALL = """
import importlib, json, pkgutil, sys
optional = tuple(sys.argv[1].split(","))
found = {}
for name in sys.argv[2:]:
    package = importlib.import_module(name)
    found[name] = package.__file__
    for module in pkgutil.walk_packages(package.__path__, name + "."):
        # A __main__ module is a command line: importing it could run it.
        if not module.name.startswith(optional) and not module.name.endswith(".__main__"):
            importlib.import_module(module.name)
print(json.dumps(found))
"""


def import_problems(python: Path, packages: Sequence[str], work_dir: Path) -> list[str]:
    """Import every module of `packages` with `python`; each package must come from its own environment."""
    # -I: no current directory, PYTHONPATH or user site on sys.path, so the repository cannot leak in.
    found = json.loads(
        run_checked(
            [str(python), "-I", "-c", _IMPORT_ALL, ",".join(OPTIONAL_MODULES), *packages],
            "importing the installed packages",
            cwd=work_dir,
        )
    )
    environment = python.parent.parent.resolve()
    return [
        f"{name} imported from {path}, not from the fresh environment {environment}"
        for name, path in found.items()
        if not Path(path).resolve().is_relative_to(environment)
    ]


def verify(artefacts: Artefacts, vendors: Sequence[str], work_dir: Path) -> None:
    """Raise ArtefactInvalid listing every problem; return quietly when the artefacts are fit to upload."""
    twine_check(artefacts)
    problems = wheel_problems(artefacts.wheel, vendors) + sdist_problems(artefacts.sdist)
    if not problems:
        python = fresh_venv(work_dir / "verify-venv")
        pip_install(python, "--no-index", str(artefacts.wheel))
        problems = import_problems(python, [FACADE, *map(package_name, vendors)], work_dir)
    if problems:
        raise ArtefactInvalid(f"{artefacts.wheel.name} is not fit to upload:\n  " + "\n  ".join(problems))
