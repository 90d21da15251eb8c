"""Effective spec -> a generated client package, and the checks a package must pass before it ships."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .documents import canonical_json
from .effective import EffectiveSpec
from .errors import CheckFailed, GenerationFailed
from .layout import package_name

# Explicit hooks, never openapi-python-client's default: with no selection, ruff's broad default
# rule set rewrites the generated client.py (PYI036) and breaks `mypy --strict`. `--isolated`
# keeps the output independent of whichever ruff config sits above the output folder.
POST_HOOKS = (
    "ruff check --isolated --no-cache --fix-only --select I,F401,F811 .",
    "ruff format --isolated --no-cache .",
)
EFFECTIVE_SPEC_NAME = "openapi.json"
# Our overrides of openapi-python-client's templates, looked up before its own (its
# --custom-template-path); each file there says what it changes and why.
TEMPLATES = Path(__file__).with_name("templates")
_OUTPUT_TAIL_LINES = 40


def client_config(vendor: str) -> dict[str, Any]:
    """openapi-python-client's config for one vendor: its package name and the pinned hooks."""
    package = package_name(vendor)
    return {
        "package_name_override": package,
        "project_name_override": package.replace("_", "-"),
        "post_hooks": list(POST_HOOKS),
    }


def _tool_env() -> dict[str, str]:
    # The post hooks call `ruff` by name: put the interpreter's own bin folder (where the pinned
    # ruff is installed) first, or openapi-python-client skips the hooks with a warning.
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def _tail(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return "\n  ".join(lines[-_OUTPUT_TAIL_LINES:])


def render_package(spec: EffectiveSpec, destination: Path, work_dir: Path) -> None:
    """Generate `destination` (a package folder) from the effective spec, plus py.typed and the spec."""
    work_dir.mkdir(parents=True, exist_ok=True)
    spec_file = work_dir / f"{spec.vendor}.openapi.json"
    config_file = work_dir / f"{spec.vendor}.config.json"
    spec_file.write_text(spec.text, encoding="utf-8")
    config_file.write_text(canonical_json(client_config(spec.vendor)), encoding="utf-8")
    command = [
        sys.executable, "-m", "openapi_python_client", "generate",
        "--path", str(spec_file), "--config", str(config_file),
        "--meta", "none", "--output-path", str(destination), "--overwrite", "--fail-on-warning",
        "--custom-template-path", str(TEMPLATES),
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, env=_tool_env(), check=False)
    if result.returncode != 0:
        raise GenerationFailed(
            spec.vendor,
            f"openapi-python-client failed (exit {result.returncode}):\n"
            f"  {_tail(result.stdout + result.stderr)}",
        )
    # --meta none writes no py.typed; the package must carry one to be typed for its users.
    (destination / "py.typed").write_text("", encoding="utf-8")
    # The effective spec ships with the client: the facade reads limits from it, the sandbox serves it.
    (destination / EFFECTIVE_SPEC_NAME).write_text(spec.text, encoding="utf-8")


_IMPORT_ALL = """
import importlib, pkgutil, sys
for name in sys.argv[1:]:
    package = importlib.import_module(name)
    for module in pkgutil.walk_packages(package.__path__, name + "."):
        importlib.import_module(module.name)
"""


def check_packages(root: Path, vendors: Sequence[str]) -> None:
    """Every module of each package imports, and the packages pass `mypy --strict`."""
    packages = [package_name(v) for v in vendors]
    env = _tool_env() | {"PYTHONPATH": str(root), "PYTHONDONTWRITEBYTECODE": "1"}
    imported = subprocess.run(
        [sys.executable, "-c", _IMPORT_ALL, *packages],
        cwd=root, capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    if imported.returncode != 0:
        raise CheckFailed(", ".join(vendors), f"generated code does not import:\n  {_tail(imported.stderr)}")
    mypy_args = ["--strict", "--python-version", "3.11", "--config-file", os.devnull,
                 "--cache-dir", str(root / ".mypy_cache")]  # fmt: skip
    for package in packages:
        mypy_args += ["-p", package]
    typed = subprocess.run(
        [sys.executable, "-m", "mypy", *mypy_args],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if typed.returncode != 0:
        raise CheckFailed(", ".join(vendors), f"generated code fails mypy --strict:\n  {_tail(typed.stdout)}")
