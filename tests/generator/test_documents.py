from __future__ import annotations

from pathlib import Path

import pytest

from generator.documents import DocumentError, parse_document
from generator.tools import ToolVersionError, checked_versions, pinned_versions
from generator.validate import json_pointer, spec_problems


def test_yaml_is_read_as_yaml_1_2_json_data() -> None:
    document = parse_document("codes: [NO, on, yes]\nversion: 2024-01-01\nresponses:\n  200: ok\n", name="t")
    assert document == {"codes": ["NO", "on", "yes"], "version": "2024-01-01", "responses": {"200": "ok"}}


def test_unparseable_document_names_the_file() -> None:
    with pytest.raises(DocumentError, match=r"^spec\.yaml: not valid YAML/JSON"):
        parse_document("a: [unclosed", name="spec.yaml")


def test_json_pointer_escapes_slash_and_tilde() -> None:
    assert json_pointer(["paths", "/v1/uploads", "a~b", 0]) == "/paths/~1v1~1uploads/a~0b/0"


def test_spec_problems_name_the_pointer_and_unsupported_versions() -> None:
    bad = {
        "openapi": "3.1.0",
        "info": {"title": "x", "version": "1"},
        "paths": {"/a": {"get": {"responses": 5}}},
    }
    [problem] = spec_problems(bad)
    assert problem.startswith("/paths/~1a/get/responses: ")
    assert spec_problems({"openapi": "2.0"}) == [
        "/openapi: version 2.0 is not supported; accepted: 3.0.x, 3.1.x"
    ]


def test_pins_are_read_from_the_generate_group(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        '[dependency-groups]\ngenerate = ["openapi-python-client==0.29.1", "ruff==0.17.6", "tomlkit"]\n'
    )
    assert pinned_versions(pyproject) == {"openapi-python-client": "0.29.1", "ruff": "0.17.6"}


def test_missing_or_mismatched_pins_are_refused(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[dependency-groups]\ngenerate = ["openapi-python-client>=0.29", "ruff==0.17.6"]\n')
    with pytest.raises(ToolVersionError, match="must pin openapi-python-client with `==`"):
        pinned_versions(pyproject)
    pyproject.write_text('[dependency-groups]\ngenerate = ["openapi-python-client==0.1.0", "ruff==0.17.6"]\n')
    with pytest.raises(ToolVersionError, match=r"0\.29\.1 is installed but pyproject.toml pins .*==0\.1\.0"):
        checked_versions(pyproject)
