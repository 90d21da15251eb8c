"""What the generated functions' docstrings tell a user holding the wheel: every `Args:` entry
says what the argument is for. openapi-python-client 0.29.1 writes a parameter's entry from its
*schema's* description, so a spec that describes only the parameter leaves the entry empty
(overlays NN-parameter-docs copy each description onto its schema)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from generator.layout import VENDORS, package_name

_FUNCTIONS = ("sync", "sync_detailed", "asyncio", "asyncio_detailed")
_ENTRY = re.compile(r"^(?P<name>\w+) \((?P<type>[^)]*)\):(?P<text>.*)$")


def _operation_functions() -> Iterator[tuple[str, Callable[..., Any]]]:
    for vendor in VENDORS:
        api = importlib.import_module(f"{package_name(vendor)}.api")
        for module_info in pkgutil.walk_packages(api.__path__, api.__name__ + "."):
            module = importlib.import_module(module_info.name)
            for name in _FUNCTIONS:
                function = getattr(module, name, None)
                if callable(function):
                    yield f"{module_info.name}.{name}", function


def args_entries(docstring: str) -> dict[str, str]:
    """`Args:` of a Google-style docstring: argument name -> its text, wrapped lines joined."""
    lines = docstring.splitlines()
    if "Args:" not in lines:  # an operation with no argument but the client
        return {}
    start = lines.index("Args:") + 1
    entries: dict[str, str] = {}
    current = ""
    for line in lines[start:]:
        if not line.strip():
            break
        if line.startswith("        ") and current:  # a wrapped continuation line
            entries[current] += " " + line.strip()
            continue
        match = _ENTRY.match(line.strip())
        assert match is not None, f"not an Args entry: {line!r}"
        current = match["name"]
        entries[current] = match["text"].strip()
    return entries


OPERATION_FUNCTIONS = dict(_operation_functions())


def test_args_parser_reads_names_and_wrapped_text() -> None:
    doc = "Title\n\nArgs:\n    a (str): First\n        line two.\n    b (int | Unset):\n\nReturns:\n    x"
    assert args_entries(doc) == {"a": "First line two.", "b": ""}
    assert args_entries("Title\n\nReturns:\n    x") == {}


def test_every_vendor_has_operation_functions() -> None:
    vendors = {name.split(".")[0] for name in OPERATION_FUNCTIONS}
    assert vendors == {package_name(vendor) for vendor in VENDORS}


@pytest.mark.parametrize("qualified_name", sorted(OPERATION_FUNCTIONS))
def test_every_args_entry_says_what_the_argument_is(qualified_name: str) -> None:
    docstring = inspect.getdoc(OPERATION_FUNCTIONS[qualified_name])
    assert docstring is not None
    entries = args_entries(docstring)
    parameters = set(inspect.signature(OPERATION_FUNCTIONS[qualified_name]).parameters) - {"client"}
    assert set(entries) == parameters
    empty = sorted(name for name, text in entries.items() if not text)
    assert not empty, f"{qualified_name}: Args entries without a description: {empty}"


# The headers and query parameter whose meaning a caller cannot guess, with a phrase each entry
# must carry: the rule the vendor enforces.
_MEANINGS = [
    ("presignkit_streamloop.api.uploads.create_upload", "idempotency_key", "24h"),
    ("presignkit_streamloop.api.uploads.generate_upload_url", "idempotency_key", "24h"),
    ("presignkit_streamloop.api.uploads.complete_upload", "idempotency_key", "24h"),
    ("presignkit_streamloop.api.uploads.create_upload", "x_workspace_id", "WORKSPACE_REQUIRED"),
    ("presignkit_streamloop.api.uploads.generate_upload_url", "x_workspace_id", "WORKSPACE_REQUIRED"),
    ("presignkit_streamloop.api.uploads.get_upload", "x_workspace_id", "WORKSPACE_REQUIRED"),
    ("presignkit_scripe.api.uploads.create_upload", "idempotency_key", "idempotency_key_conflict"),
    ("presignkit_scripe.api.sources.create_source", "idempotency_key", "idempotency_key_conflict"),
    ("presignkit_scripe.api.uploads.create_upload", "scripe_api_version", "version_unsupported"),
    ("presignkit_scripe.api.jobs.get_job", "scripe_api_version", "version_unsupported"),
    ("presignkit_scripe.api.jobs.get_job", "wait_for_completion_ms", "milliseconds"),
    ("presignkit_loops.api.uploads.complete_upload", "email_asset_id", "emailAssetId"),
]


@pytest.mark.parametrize(("module", "argument", "phrase"), _MEANINGS)
def test_headers_say_what_they_do(module: str, argument: str, phrase: str) -> None:
    for name in _FUNCTIONS:
        docstring = inspect.getdoc(OPERATION_FUNCTIONS[f"{module}.{name}"])
        assert docstring is not None
        assert phrase in args_entries(docstring)[argument]
