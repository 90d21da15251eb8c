"""One list of vendors: every view agrees with the registry, shared modules know no vendor, the
package has no import cycle, and a sixth vendor needs only its own folders and the registry line."""

from __future__ import annotations

import ast
import graphlib
import os
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

import presignkit
from generator.layout import VENDORS, Layout
from presignkit.sandbox import Sandbox
from presignkit.sandbox.api import stand_in_types
from presignkit.vendors import registry
from presignkit.vendors.registry import Registered, settings_types, vendor_info, vendor_names

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "presignkit"
NAMES = vendor_names()


def test_the_pipeline_the_wheel_the_facade_and_the_sandbox_list_the_same_vendors() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    wheel = pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"]
    generated = {Path(p).name.removeprefix("presignkit_") for p in wheel if p.startswith("generated/")}
    folders = {p.parent.name for p in (PACKAGE / "vendors").glob("*/vendor.py")}
    stand_ins = {
        p.stem for p in (PACKAGE / "sandbox" / "vendors").glob("*.py") if "STAND_IN =" in p.read_text()
    }
    assert set(NAMES) == set(VENDORS) == set(Layout.at(ROOT).vendors()) == generated
    assert set(NAMES) == folders == stand_ins == set(stand_in_types()) == set(settings_types())
    assert NAMES == VENDORS  # the same order too: the `vendors` table and the pipeline agree


@pytest.mark.parametrize("name", NAMES)
def test_each_vendor_declares_itself_consistently(name: str) -> None:
    settings = settings_types()[name]
    assert settings.vendor == name
    assert vendor_info(name).env_vars == settings.env_vars()
    assert stand_in_types()[name].vendor == name
    assert getattr(presignkit, settings.__name__) is settings  # re-exported for callers


# -- layering, checked on the source with `ast` ----------------------------------------------------

# The registry is the one list; `__init__.py` files only re-export (presignkit.Loops, ...).
_MAY_NAME_VENDORS = {"vendors/registry.py"}
_VENDOR_WORD = re.compile("|".join(NAMES), re.IGNORECASE)


def _modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
        yield ".".join(parts), path


def _is_vendor_module(path: Path) -> bool:
    relative = path.relative_to(PACKAGE).as_posix()
    return any(relative.startswith(f"vendors/{n}/") or relative == f"sandbox/vendors/{n}.py" for n in NAMES)


def _imports(tree: ast.Module, module: str, path: Path, *, lazy: bool = True) -> Iterator[str]:
    """What the module imports, outside `if TYPE_CHECKING:`; with `lazy`, also inside functions
    (an import deferred to first use is still a dependency: it only hides a cycle)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        deep = lazy or isinstance(node, ast.If | ast.Try)
        for child in ast.walk(node) if deep else [node]:
            if isinstance(child, ast.Import):
                yield from (alias.name for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    kept = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join([*kept, base])
                yield base
                yield from (f"{base}.{alias.name}" for alias in child.names)


def test_no_import_cycle_in_the_package() -> None:
    modules = dict(_modules())
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        imported = _imports(ast.parse(path.read_text()), module, path)
        # A module's parent packages load before it anyway: `from presignkit.sandbox import s3xml`
        # depends on the submodule, not on the package's __init__.
        graph[module] = {
            n for n in imported if n in modules and n != module and not module.startswith(n + ".")
        }
    graphlib.TopologicalSorter(graph).prepare()  # raises CycleError naming the cycle


def _code_names(tree: ast.Module) -> Iterator[tuple[int, str]]:
    """Identifiers, imported module names and string constants, but not docstrings or comments."""
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            yield node.lineno, node.id
        elif isinstance(node, ast.Attribute):
            yield node.lineno, node.attr
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            yield node.lineno, node.name
        elif isinstance(node, ast.ImportFrom):
            yield node.lineno, node.module or ""
        elif isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif (
            # A vendor named as data or in behaviour (`vendor != "scripe"`, "LOOPS_API_KEY"), not
            # a fault route quoted in a help text.
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and (node.value.lower() in NAMES or re.match(f"({'|'.join(NAMES)})_", node.value, re.I))
        ):
            yield node.lineno, node.value


def test_no_shared_module_names_a_vendor() -> None:
    found = []
    for _module, path in _modules():
        relative = path.relative_to(PACKAGE).as_posix()
        if _is_vendor_module(path) or relative in _MAY_NAME_VENDORS or path.name == "__init__.py":
            continue
        for line, name in _code_names(ast.parse(path.read_text())):
            if _VENDOR_WORD.search(name):
                found.append(f"presignkit/{relative}:{line}: {name}")
    assert found == []


def test_the_facade_does_not_import_the_sandbox_or_the_generator() -> None:
    for module, path in _modules():
        if module.startswith("presignkit.sandbox") or module == "presignkit.testing":
            continue
        imported = set(_imports(ast.parse(path.read_text()), module, path, lazy=False))
        assert not {m for m in imported if m.startswith(("presignkit.sandbox", "generator"))}, module


# -- a sixth vendor, in its own folders --------------------------------------------------------------


@pytest.fixture
def echo_registered(monkeypatch: pytest.MonkeyPatch) -> None:
    # The registry line: the only edit to a shared module that a new vendor needs.
    entry = Registered("echo", package="tests.sixth_vendor.facade", stand_in="tests.sixth_vendor.stand_in")
    monkeypatch.setattr(registry, "REGISTERED", (*registry.REGISTERED, entry))
    # Where generated/presignkit_<vendor> would be installed: the stand-in reads the spec from it.
    monkeypatch.syspath_prepend(str(ROOT / "tests" / "sixth_vendor"))


@pytest.mark.usefixtures("echo_registered")
def test_a_sixth_vendor_uploads_through_the_public_api(monkeypatch: pytest.MonkeyPatch) -> None:
    with Sandbox() as sandbox:
        for name, value in sandbox.env().items():
            monkeypatch.setenv(name, value)
        assert os.environ["ECHO_BASE_URL"] == sandbox.base_url("echo")
        result = presignkit.upload(b"hello, echo", vendor="echo", content_type="text/plain")
        assert result.vendor == "echo" and sandbox.assets("echo") == [result.asset_id]
        assert sandbox.store.object("echo-uploads", result.asset_id).read_bytes() == b"hello, echo"
        with pytest.raises(presignkit.ValidationError, match="Echo does not accept 'image/png'"):
            presignkit.upload(b"x", vendor="echo", content_type="image/png")
        with pytest.raises(presignkit.ValidationError, match="wait=True is for Scripe only"):
            presignkit.upload(b"x", vendor="echo", content_type="text/plain", wait=True)
    assert "echo" in vendor_names() and vendor_info("echo").env_vars == ("ECHO_API_KEY", "ECHO_BASE_URL")


@pytest.mark.usefixtures("echo_registered")
def test_a_sixth_vendors_key_is_checked_and_never_shown() -> None:
    with pytest.raises(presignkit.ConfigurationError, match="ECHO_API_KEY") as caught:
        presignkit.Uploader("echo", environ={"ECHO_API_KEY": "wrong_secret_value"})
    assert "secret_value" not in str(caught.value) and caught.value.vendor == "echo"
