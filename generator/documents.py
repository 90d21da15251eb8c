"""Loading and hashing spec documents as plain JSON data.

YAML is read as YAML 1.2 with ruamel (as openapi-python-client does), so `NO` stays a string.
Two things YAML allows but JSON and OpenAPI do not are normalised here, once, for every step:
timestamps stay the strings they were written as, and non-string mapping keys (`200:`) become
strings.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.nodes import ScalarNode

JSONValue = Any  # dict[str, JSONValue] | list[JSONValue] | str | int | float | bool | None


class DocumentError(Exception):
    """A spec or overlay file that cannot be read as a YAML/JSON document."""


def _timestamp_as_text(constructor: SafeConstructor, node: ScalarNode) -> str:
    return str(constructor.construct_scalar(node))


def _yaml() -> YAML:
    yaml = YAML(typ="safe", pure=True)
    yaml.constructor.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)
    return yaml


def to_json_data(value: Any) -> JSONValue:
    """Plain dict/list/scalars with string keys, as JSON would have them."""
    if isinstance(value, dict):
        return {str(k): to_json_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json_data(v) for v in value]
    return value


def parse_document(text: str | bytes, *, name: str) -> JSONValue:
    """Parse YAML 1.2 (JSON is a subset) into JSON data; `name` appears in errors."""
    try:
        loaded = _yaml().load(text)
    except Exception as exc:  # ruamel raises many unrelated types; all mean "not a document"
        raise DocumentError(f"{name}: not valid YAML/JSON: {exc}") from exc
    return to_json_data(loaded)


def load_document(path: Path) -> JSONValue:
    return parse_document(path.read_bytes(), name=str(path))


def canonical_json(value: JSONValue) -> str:
    """Stable text for hashing and for the committed effective spec (key order kept as authored)."""
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    return sha256_bytes(path.read_bytes())


def write_atomically(path: Path, data: str | bytes) -> None:
    """Replace `path` in one step, so a reader or a crash never sees it half-written."""
    temporary = path.with_name(path.name + ".tmp")
    if isinstance(data, str):
        temporary.write_text(data, encoding="utf-8")
    else:
        temporary.write_bytes(data)
    os.replace(temporary, path)
