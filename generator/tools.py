"""The exact tool versions generation depends on.

The pins live in one place, the `generate` dependency group of pyproject.toml; this module reads
them back and refuses to generate with anything else installed, because a different
openapi-python-client or ruff silently changes the generated code.
"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

GENERATION_TOOLS = ("openapi-python-client", "ruff")
_PIN = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*==\s*([^\s;]+)\s*$")


class ToolVersionError(Exception):
    """An installed generation tool does not match its pin."""


def pinned_versions(pyproject: Path) -> dict[str, str]:
    """The `==` pins of the generation tools, read from pyproject.toml's `generate` group."""
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    group = data.get("dependency-groups", {}).get("generate", [])
    pins: dict[str, str] = {}
    for requirement in group:
        match = _PIN.match(requirement) if isinstance(requirement, str) else None
        if match and match.group(1).lower() in GENERATION_TOOLS:
            pins[match.group(1).lower()] = match.group(2)
    missing = [tool for tool in GENERATION_TOOLS if tool not in pins]
    if missing:
        raise ToolVersionError(
            f"{pyproject}: the `generate` dependency group must pin {', '.join(missing)} with `==`"
        )
    return pins


def checked_versions(pyproject: Path) -> dict[str, str]:
    """The pinned versions, after checking that exactly those are installed."""
    pins = pinned_versions(pyproject)
    for tool, pinned in pins.items():
        try:
            installed = metadata.version(tool)
        except metadata.PackageNotFoundError:
            raise ToolVersionError(f"{tool} is not installed; pyproject.toml pins {tool}=={pinned}") from None
        if installed != pinned:
            raise ToolVersionError(
                f"{tool} {installed} is installed but pyproject.toml pins {tool}=={pinned}; "
                "install the pinned version (nox does) or change the pin deliberately"
            )
    return pins
