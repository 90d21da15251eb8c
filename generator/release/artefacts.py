"""Build the sdist and wheel, and check them before anything is uploaded.

Checks: `twine check` (metadata renders), the wheel's contents (the facade, every vendor package with
its `py.typed` and effective `openapi.json`, none of the repository's tooling), and an install of the
wheel into a fresh virtual environment where every package and all its modules import.

Offline by design: the build runs without isolation (hatchling comes from the release dependency
group instead of an index), and the fresh environment gets the wheel with `--no-deps` while its
dependencies are made importable by a `.pth` file. That file does not point at this interpreter's
whole site-packages (which holds pytest, griffe, the build tools...): it points at a folder of links
to exactly the distributions the wheel's `Requires-Dist` pulls in, transitively, so the check imports
what a user's `pip install presignkit` can import and nothing more. A module that needs pytest (or
any undeclared dependency) fails here as it would for that user. A directory added by a `.pth` is
not a site directory, so no other `.pth` file (an editable install of presignkit, say) is processed
there: what imports is what the wheel installed, which `import_problems` checks by file location.
"""

from __future__ import annotations

import email.parser
import json
import os
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from importlib import metadata
from pathlib import Path

import attrs
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from ..layout import package_name
from .errors import ArtefactInvalid

FACADE = "presignkit"
TOOLING = ("tests", "specs", "overlays", "generator", "generated")  # must never ship as top-level folders
VENDOR_FILES = ("__init__.py", "py.typed", "openapi.json")
# Modules a plain `pip install presignkit` user never imports, so the fresh environment does not
# import them: presignkit.sandbox needs the optional `sandbox` extra; presignkit.testing is the
# pytest plugin, which pytest alone loads (through the `pytest11` entry point) and which exists only
# to define fixtures with pytest's decorators. Making it importable without pytest would ship a plugin
# module that pretends to work where it cannot, so it is excluded instead; `plugin_problems` checks
# that the entry point still names it.
OPTIONAL_MODULES = ("presignkit.sandbox", "presignkit.testing", "presignkit.cli")  # extras: sandbox, cli
PYTEST_PLUGIN = ("pytest11", "presignkit.testing")
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
        entry_points = next(
            (archive.read(n).decode() for n in names if n.endswith(".dist-info/entry_points.txt")), ""
        )
    problems = [] if f"{FACADE}/__init__.py" in names else [f"{FACADE}/__init__.py is missing"]
    for vendor in vendors:
        package = package_name(vendor)
        problems += [
            f"{package}/{name} is missing" for name in VENDOR_FILES if f"{package}/{name}" not in names
        ]
    top_level = {name.split("/", 1)[0] for name in names if "/" in name}
    problems += [f"{folder}/ must not ship in the wheel" for folder in TOOLING if folder in top_level]
    group, module = PYTEST_PLUGIN
    if f"[{group}]" not in entry_points or module not in entry_points:
        problems.append(f"the {group} entry point naming {module} is missing")
    return problems


def sdist_problems(sdist: Path) -> list[str]:
    with tarfile.open(sdist) as archive:
        names = archive.getnames()
    second_level = {Path(name).parts[1] for name in names if len(Path(name).parts) > 2}
    # Which files betray a folder: tests/generated/... must name tests/, not look like generated/.
    return [
        f"{folder}/ must not ship in the sdist (e.g. {_first_under(names, folder)})"
        for folder in TOOLING[:4]
        if folder in second_level
    ]


def _first_under(names: Sequence[str], folder: str) -> str:
    return next(name for name in names if Path(name).parts[1:2] == (folder,))


def clean_pip_env() -> dict[str, str]:
    """The environment for a pip that sees no machine-wide configuration (extra indexes, find-links)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PIP_")}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1")
    return env


def wheel_requirements(wheel: Path) -> list[str]:
    """The wheel's `Requires-Dist` lines (extras included; markers decide later)."""
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        message = email.parser.Parser().parsestr(archive.read(name).decode("utf-8"))
    return message.get_all("Requires-Dist") or []


def dependency_closure(requirements: Iterable[str]) -> list[metadata.Distribution]:
    """The installed distributions `requirements` need, transitively, without any extra."""
    found: dict[str, metadata.Distribution] = {}
    pending = [Requirement(text) for text in requirements]
    while pending:
        requirement = pending.pop()
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
            continue
        key = canonicalize_name(requirement.name)
        if key in found:
            continue
        try:
            found[key] = distribution = metadata.distribution(requirement.name)
        except metadata.PackageNotFoundError:
            raise ArtefactInvalid(
                f"{requirement.name} (a dependency of the package) is not installed here; the offline "
                "import check needs every runtime dependency installed in the release environment"
            ) from None
        pending += [Requirement(text) for text in distribution.requires or []]
    return list(found.values())


def _link_distributions(distributions: Iterable[metadata.Distribution], folder: Path) -> None:
    """Links in `folder` to the top-level modules and packages of `distributions`, nothing else."""
    folder.mkdir(parents=True, exist_ok=True)
    for distribution in distributions:
        for file in distribution.files or []:
            top = file.parts[0]
            if top in ("..", "__pycache__") or top.endswith((".dist-info", ".pth")):
                continue
            target = Path(str(distribution.locate_file(top)))
            link = folder / top
            if target.exists() and not link.exists():
                link.symlink_to(target, target_is_directory=target.is_dir())


def fresh_venv(path: Path, requirements: Iterable[str] = ()) -> Path:
    """A new virtual environment without pip (pip runs from here with `--python`); its interpreter.

    The distributions `requirements` need are made importable from this interpreter's installs.
    """
    run_checked([sys.executable, "-m", "venv", "--without-pip", str(path)], "creating a virtual environment")
    python = path / "bin" / "python"
    site = Path(
        run_checked(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            "locating site-packages",
        ).strip()
    )
    dependencies = path / "dependencies"
    _link_distributions(dependency_closure(requirements), dependencies)
    (site / "_presignkit_release_dependencies.pth").write_text(f"{dependencies}\n", encoding="utf-8")
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
    """Raise ArtefactInvalid naming each faulty artefact and its problems; quiet when both are fit."""
    twine_check(artefacts)
    faults = {
        artefacts.sdist.name: sdist_problems(artefacts.sdist),
        artefacts.wheel.name: wheel_problems(artefacts.wheel, vendors),
    }
    if not any(faults.values()):
        python = fresh_venv(work_dir / "verify-venv", wheel_requirements(artefacts.wheel))
        pip_install(python, "--no-index", str(artefacts.wheel))
        packages = [FACADE, *map(package_name, vendors)]
        try:
            faults[artefacts.wheel.name] = import_problems(python, packages, work_dir)
        except ArtefactInvalid as failed:  # a module that does not import: the wheel is at fault
            faults[artefacts.wheel.name] = [str(failed)]
    report = [
        f"{name} is not fit to upload:\n  " + "\n  ".join(problems)
        for name, problems in faults.items()
        if problems
    ]
    if report:
        raise ArtefactInvalid("\n".join(report))
