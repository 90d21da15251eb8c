"""The typed-client reference pages, written from the generated packages each time the site builds.

Each vendor gets an operations page and a models page. The operation list comes from the package's
effective spec (`openapi.json`) and each operation is paired with the generated module that calls it,
so a new operation, or a new vendor added to the wheel, appears without editing a page; an operation
without a module (or a module without an operation) stops the build instead of leaving a gap.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import attrs

_HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_PACKAGE_PREFIX = "generated/presignkit_"
# The four entry points openapi-python-client writes into every operation module, in its order.
OPERATION_FUNCTIONS = ("sync_detailed", "sync", "asyncio_detailed", "asyncio")


class TypedClientDocsError(Exception):
    """A generated package and its effective spec disagree, or the package list cannot be read."""


@attrs.frozen
class Operation:
    operation_id: str
    method: str  # upper case
    path: str  # the spec's path template, e.g. /uploads/{id}
    summary: str
    module: str  # dotted path of the generated module, e.g. presignkit_loops.api.uploads.create_upload


@attrs.frozen
class TypedClient:
    vendor: str
    package: str
    spec_title: str
    spec_version: str
    server_url: str
    operations: tuple[Operation, ...]

    @property
    def title(self) -> str:
        return self.vendor.capitalize()


def typed_client_dirs(root: Path) -> list[Path]:
    """The generated packages the wheel ships, in pyproject.toml's order (adding a vendor lists it there)."""
    pyproject = tomllib.loads((root / "pyproject.toml").read_text())
    try:
        packages: list[str] = pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"]
    except KeyError as missing:
        raise TypedClientDocsError(
            f"pyproject.toml has no [tool.hatch.build.targets.wheel] packages ({missing} missing); "
            "the docs list the typed clients named there"
        ) from None
    return [root / package for package in packages if package.startswith(_PACKAGE_PREFIX)]


def _squashed(name: str) -> str:
    # openapi-python-client snake-cases operationIds into module names (createUpload -> create_upload);
    # comparing letters and digits only pairs them without copying its naming rules.
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _operation_modules(package_dir: Path) -> dict[str, str]:
    """Squashed module name -> dotted module path, for every module under the package's api/ folder."""
    package = package_dir.name
    modules: dict[str, str] = {}
    for source in sorted((package_dir / "api").rglob("*.py")):
        if source.name == "__init__.py":
            continue
        relative = source.relative_to(package_dir).with_suffix("")
        dotted = ".".join((package, *relative.parts))
        key = _squashed(source.stem)
        if key in modules:
            raise TypedClientDocsError(f"{package}: {modules[key]} and {dotted} both look like one operation")
        modules[key] = dotted
    return modules


def _spec_operations(spec: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(operationId, METHOD, path, summary) in the spec's order."""
    found = []
    for path, item in spec.get("paths", {}).items():
        for method in _HTTP_METHODS:
            operation = item.get(method)
            if operation is not None:
                summary = operation.get("summary") or operation.get("description", "").split("\n")[0]
                found.append((operation["operationId"], method.upper(), path, summary))
    return found


def load_typed_client(package_dir: Path) -> TypedClient:
    package = package_dir.name
    spec_path = package_dir / "openapi.json"
    if not spec_path.is_file():
        raise TypedClientDocsError(f"{package}: no effective spec at {spec_path}; run `nox -s generate`")
    spec: dict[str, Any] = json.loads(spec_path.read_text())
    modules = _operation_modules(package_dir)
    operations = []
    for operation_id, method, path, summary in _spec_operations(spec):
        module = modules.pop(_squashed(operation_id), None)
        if module is None:
            raise TypedClientDocsError(
                f"{package}: operation {operation_id} ({method} {path}) has no module under {package}/api/; "
                "regenerate with `nox -s generate`"
            )
        operations.append(Operation(operation_id, method, path, summary, module))
    if modules:
        raise TypedClientDocsError(
            f"{package}: {', '.join(sorted(modules.values()))} match no operation in {spec_path.name}; "
            "regenerate with `nox -s generate`"
        )
    servers = spec.get("servers") or [{"url": "/"}]
    return TypedClient(
        vendor=package.removeprefix("presignkit_"),
        package=package,
        spec_title=spec["info"]["title"],
        spec_version=spec["info"]["version"],
        server_url=servers[0]["url"],
        operations=tuple(operations),
    )


def load_typed_clients(root: Path) -> list[TypedClient]:
    return [load_typed_client(package_dir) for package_dir in typed_client_dirs(root)]


def _cell(text: str) -> str:
    # A table cell is one line and ends at the next unescaped pipe.
    return " ".join(text.split()).replace("|", "\\|")


def _autodoc(identifier: str, **options: str) -> str:
    """A mkdocstrings block; options are YAML fragments, e.g. members="[a, b]"."""
    lines = [f"::: {identifier}"]
    if options:
        lines.append("    options:")
        lines.extend(f"      {name}: {value}" for name, value in options.items())
    return "\n".join(lines)


def _operation_section(op: Operation) -> str:
    package, _, module = op.module.rpartition(".")
    functions = _autodoc(
        op.module,
        members="[" + ", ".join(OPERATION_FUNCTIONS) + "]",
        show_root_heading="false",
        show_root_toc_entry="false",
        heading_level="3",
    )
    # attr_list gives the heading the operationId as its anchor, which the table links to.
    heading = f"## `{op.operation_id}` {{#{op.operation_id}}}"
    return f"{heading}\n\n`{op.method} {op.path}` · `from {package} import {module}`\n\n{functions}"


def operations_page(client: TypedClient) -> str:
    package = client.package
    rows = "\n".join(
        f"| [`{op.operation_id}`](#{op.operation_id}) | `{op.method} {_cell(op.path)}` "
        f"| {_cell(op.summary)} |"
        for op in client.operations
    )
    sections = "\n\n".join(_operation_section(op) for op in client.operations)
    return f"""# {client.title}: `{package}`

The typed client generated from the {client.title} effective spec ({client.spec_title}, version
`{client.spec_version}`, server `{client.server_url}`). Each operation is a module with four
functions: `sync` and `asyncio` return the parsed body (a model from [{client.title} models](models.md),
or `None` for a status the spec does not declare); `sync_detailed` and `asyncio_detailed` return a
`Response` with the status code, headers and the parsed body.

## Operations

| operation | request | summary |
| --- | --- | --- |
{rows}

{sections}

## Client, responses and errors

{_autodoc(f"{package}.client", heading_level="3", show_root_heading="false", show_root_toc_entry="false")}

{_autodoc(f"{package}.types.Response", heading_level="3")}

{_autodoc(f"{package}.errors", heading_level="3", show_root_heading="false", show_root_toc_entry="false")}
"""


def models_page(client: TypedClient) -> str:
    return f"""# {client.title} models: `{client.package}.models`

Request and response bodies of the [{client.title} operations](index.md): attrs classes with
`to_dict()` and `from_dict()`, and the enums their fields use.

{_autodoc(f"{client.package}.models", show_root_heading="false", show_root_toc_entry="false")}
"""


# The README section on using the typed clients (the site's guide page is the README); linked once it exists.
_GUIDE_HEADING = re.compile(r"^##+ Typed clients[ \t]*$", re.MULTILINE | re.IGNORECASE)
GUIDE_ANCHOR = "../index.md#typed-clients"


def readme_has_typed_clients_guide(root: Path) -> bool:
    readme = root / "README.md"
    return readme.is_file() and _GUIDE_HEADING.search(readme.read_text()) is not None


def overview_page(clients: list[TypedClient], *, guide: bool = False) -> str:
    guide_line = (
        f"\n\nBuilding a configured client and calling it: [Typed clients]({GUIDE_ANCHOR}) in the guide."
        if guide
        else ""
    )
    rows = "\n".join(
        f"| [{client.title}]({client.vendor}/index.md) | `{client.package}` | {_cell(client.spec_title)} "
        f"`{_cell(client.spec_version)}` | {', '.join(f'`{op.operation_id}`' for op in client.operations)} |"
        for client in clients
    )
    return f"""# Typed clients

One package per vendor, generated by openapi-python-client from the vendor's effective spec (its
published or hand-authored spec with this project's overlays applied). Each is importable on its own,
without the upload facade: `from presignkit_loops.api.uploads import create_upload`.{guide_line}

| vendor | package | spec | operations |
| --- | --- | --- | --- |
{rows}
"""


def pages(clients: list[TypedClient], *, guide: bool = False) -> dict[str, str]:
    """Site-relative file name -> Markdown of every typed-client page (`guide`: link the README section)."""
    written = {"clients/index.md": overview_page(clients, guide=guide)}
    for client in clients:
        written[f"clients/{client.vendor}/index.md"] = operations_page(client)
        written[f"clients/{client.vendor}/models.md"] = models_page(client)
    return written


def nav(clients: list[TypedClient]) -> list[Any]:
    """The "Typed clients" navigation section for those pages."""
    entries: list[Any] = ["clients/index.md"]
    for client in clients:
        folder = f"clients/{client.vendor}"
        entries.append({client.title: [f"{folder}/index.md", {"Models": f"{folder}/models.md"}]})
    return entries
