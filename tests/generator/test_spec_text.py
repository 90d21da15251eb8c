"""The text of the effective specs is written for a user of the generated clients: it ends up in
their docstrings and in the `openapi.json` shipped in the wheel. Notes about how a spec was
written (what was assumed, which page showed what, where the record is) belong in source.toml or
in YAML comments, which never reach the effective spec."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from generator.effective import build_effective_spec
from generator.layout import Layout

from .conftest import REPO

LAYOUT = Layout.at(REPO)
_TEXT_FIELDS = frozenset({"description", "summary", "title"})

# Phrases of the spec author's voice, not of the API's documentation.
AUTHORING_NOTES = re.compile(
    r"source\.toml|\bassum|\boverlay|hand[- ]authored|public docs|\bseen\b|docs'|not documented"
    r"|live call|\bwe\b|\bour\b",
    re.IGNORECASE,
)


def _texts(node: Any, path: str = "$") -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            where = f"{path}[{key!r}]"
            if key in _TEXT_FIELDS and isinstance(value, str):
                yield where, value
            else:
                yield from _texts(value, where)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _texts(value, f"{path}[{index}]")


def _parameters(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for name, parameter in document.get("components", {}).get("parameters", {}).items():
        yield f"components.parameters.{name}", parameter
    for template, item in document["paths"].items():
        for method, operation in item.items():
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters", []):
                if "$ref" not in parameter:
                    yield f"{method.upper()} {template} {parameter['name']}", parameter


@pytest.fixture(scope="module", params=LAYOUT.vendors())
def effective(request: pytest.FixtureRequest) -> dict[str, Any]:
    document: dict[str, Any] = build_effective_spec(LAYOUT, request.param).document
    return document


def test_the_pattern_catches_authoring_notes() -> None:
    for note in (
        "Assumption: not documented.",
        "see source.toml",
        "the docs' curl example",
        "assumed null for text sources",
        "range not documented",
        "`PUT` is the only value seen",
        "Not in the public docs",
    ):
        assert AUTHORING_NOTES.search(note), note
    assert not AUTHORING_NOTES.search("Seconds to wait before retrying, when sent.")


def test_descriptions_carry_no_authoring_notes(effective: dict[str, Any]) -> None:
    notes = [f"{where}: {text}" for where, text in _texts(effective) if AUTHORING_NOTES.search(text)]
    assert not notes, "move these into source.toml or a YAML comment:\n" + "\n".join(notes)


def _request_body_schemas(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for template, item in document["paths"].items():
        for method, operation in item.items():
            body = operation.get("requestBody") if isinstance(operation, dict) else None
            if body is None:
                continue
            schema: dict[str, Any] = body["content"]["application/json"]["schema"]
            if "$ref" in schema:
                schema = document["components"]["schemas"][schema["$ref"].rpartition("/")[2]]
            yield f"{method.upper()} {template} body", schema


def test_every_parameter_and_request_body_is_described(effective: dict[str, Any]) -> None:
    """Each becomes an `Args:` entry of the operation's functions."""
    described = [*_parameters(effective), *_request_body_schemas(effective)]
    undescribed = [where for where, node in described if not node.get("description")]
    assert not undescribed


def test_parameter_descriptions_reach_their_schemas(effective: dict[str, Any]) -> None:
    """openapi-python-client documents a parameter from its schema's description only."""
    differing = [
        where
        for where, parameter in _parameters(effective)
        if parameter["schema"].get("description") != parameter["description"]
    ]
    assert not differing, "copy each parameter's description onto its schema (overlay NN-parameter-docs)"
