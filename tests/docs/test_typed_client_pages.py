"""The typed-client pages list every operation of every shipped package, and follow the code by themselves."""

from __future__ import annotations

import importlib
import json
import shutil
from pathlib import Path

import pytest

from devtools.docsite import typed_clients
from devtools.docsite.typed_clients import OPERATION_FUNCTIONS, TypedClientDocsError
from generator.layout import VENDORS
from tests.generated import effective_specs

ROOT = Path(__file__).resolve().parents[2]


def test_the_pages_cover_every_vendor_in_the_wheel_in_order() -> None:
    clients = typed_clients.load_typed_clients(ROOT)
    assert [client.vendor for client in clients] == list(VENDORS)
    pages = typed_clients.pages(clients)
    assert set(pages) == {"clients/index.md"} | {
        f"clients/{vendor}/{page}.md" for vendor in VENDORS for page in ("index", "models")
    }
    nav_pages = json.dumps(typed_clients.nav(clients))
    assert all(f"clients/{vendor}/index.md" in nav_pages for vendor in VENDORS)


@pytest.mark.parametrize("vendor", VENDORS)
def test_every_operation_has_a_row_and_a_section_for_its_module(vendor: str) -> None:
    (client,) = [c for c in typed_clients.load_typed_clients(ROOT) if c.vendor == vendor]
    page = typed_clients.operations_page(client)

    declared = effective_specs.operations(vendor)  # the tests' own reading of the effective spec
    assert [op.operation_id for op in client.operations] == list(declared)
    for op in client.operations:
        spec_op = declared[op.operation_id]
        assert (op.method, op.path) == (spec_op.method, spec_op.path)
        assert f"| [`{op.operation_id}`](#{op.operation_id}) | `{op.method} " in page
        assert f"{{#{op.operation_id}}}" in page
        assert f"::: {op.module}\n" in page
        module = importlib.import_module(op.module)  # the page names a module that exists
        assert all(callable(getattr(module, function)) for function in OPERATION_FUNCTIONS)


def _scratch_root(tmp_path: Path, *packages: str) -> Path:
    """A repository with only pyproject's wheel package list and copies of the named generated packages."""
    listed = ", ".join(f'"generated/{package}"' for package in ("presignkit", *packages))
    (tmp_path / "pyproject.toml").write_text(f"[tool.hatch.build.targets.wheel]\npackages = [{listed}]\n")
    for package in packages:
        shutil.copytree(ROOT / "generated" / "presignkit_loops", tmp_path / "generated" / package)
    return tmp_path


def _add_operation(package_dir: Path, operation_id: str, module: str) -> None:
    spec_path = package_dir / "openapi.json"
    spec = json.loads(spec_path.read_text())
    spec["paths"]["/v1/uploads/{emailAssetId}"] = {
        "delete": {"operationId": operation_id, "summary": "Delete an | upload", "responses": {"204": {}}}
    }
    spec_path.write_text(json.dumps(spec))
    (package_dir / "api" / "uploads" / f"{module}.py").write_text('"""Generated."""\n')


def test_a_new_operation_and_a_new_vendor_appear_without_editing_a_page(tmp_path: Path) -> None:
    root = _scratch_root(tmp_path, "presignkit_loops", "presignkit_acme")
    _add_operation(root / "generated" / "presignkit_acme", "deleteUpload", "delete_upload")

    clients = typed_clients.load_typed_clients(root)
    assert [client.vendor for client in clients] == ["loops", "acme"]
    acme = typed_clients.pages(clients)["clients/acme/index.md"]
    assert (
        "| [`deleteUpload`](#deleteUpload) | `DELETE /v1/uploads/{emailAssetId}` | Delete an \\| upload |"
        in acme
    )
    assert "::: presignkit_acme.api.uploads.delete_upload\n" in acme
    assert "::: presignkit_acme.models\n" in typed_clients.pages(clients)["clients/acme/models.md"]
    assert "[Acme](acme/index.md)" in typed_clients.pages(clients)["clients/index.md"]
    assert {"Acme": ["clients/acme/index.md", {"Models": "clients/acme/models.md"}]} in typed_clients.nav(
        clients
    )


def test_an_operation_without_a_module_stops_the_build_naming_it(tmp_path: Path) -> None:
    root = _scratch_root(tmp_path, "presignkit_loops")
    package_dir = root / "generated" / "presignkit_loops"
    _add_operation(package_dir, "deleteUpload", "delete_upload")
    (package_dir / "api" / "uploads" / "delete_upload.py").unlink()

    with pytest.raises(
        TypedClientDocsError, match=r"operation deleteUpload \(DELETE /v1/uploads/\{emailAssetId\}\)"
    ):
        typed_clients.load_typed_clients(root)


def test_a_module_without_an_operation_stops_the_build_naming_it(tmp_path: Path) -> None:
    root = _scratch_root(tmp_path, "presignkit_loops")
    (root / "generated" / "presignkit_loops" / "api" / "uploads" / "stale_call.py").write_text("")

    with pytest.raises(
        TypedClientDocsError, match=r"presignkit_loops\.api\.uploads\.stale_call match no operation"
    ):
        typed_clients.load_typed_clients(root)


def test_a_pyproject_without_a_package_list_is_refused(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    with pytest.raises(TypedClientDocsError, match=r"\[tool.hatch.build.targets.wheel\] packages"):
        typed_clients.load_typed_clients(tmp_path)


def test_the_overview_links_the_readme_typed_clients_section_once_there_is_one(tmp_path: Path) -> None:
    root = _scratch_root(tmp_path, "presignkit_loops")
    (root / "README.md").write_text("# presignkit\n\n## Using it\n")
    assert not typed_clients.readme_has_typed_clients_guide(root)
    assert (
        typed_clients.GUIDE_ANCHOR
        not in typed_clients.pages(typed_clients.load_typed_clients(root))["clients/index.md"]
    )

    (root / "README.md").write_text("# presignkit\n\n## Typed clients\n\nBuild one with ...\n")
    assert typed_clients.readme_has_typed_clients_guide(root)
    overview = typed_clients.pages(typed_clients.load_typed_clients(root), guide=True)["clients/index.md"]
    assert f"[Typed clients]({typed_clients.GUIDE_ANCHOR})" in overview
