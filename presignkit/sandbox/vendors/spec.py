"""The effective specs the stand-ins implement, and finding the operation a request is for.

The specs come from the installed generated packages (`presignkit_<vendor>/openapi.json`), so a
wheel-installed sandbox checks requests against exactly the spec its clients were generated from.
"""

from __future__ import annotations

import copy
import functools
import importlib.resources
import json
import re
from typing import Any

import attrs
from openapi_core import Config, OpenAPI

_HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
_TEMPLATE_PARAMETER = re.compile(r"\{([^{}/]+)\}")


@functools.cache
def _load(vendor: str) -> str:
    return importlib.resources.files(f"presignkit_{vendor}").joinpath("openapi.json").read_text("utf-8")


def effective_spec(vendor: str, *, server_url: str | None = None) -> dict[str, Any]:
    """A fresh copy of the vendor's effective spec; `server_url` replaces its `servers`.

    The published `servers` are the vendors' production hosts; a tool that matches requests
    against them (openapi-core, schemathesis) must be told where the stand-in lives instead.
    """
    spec: dict[str, Any] = json.loads(_load(vendor))
    if server_url is not None:
        spec["servers"] = [{"url": server_url}]
    return copy.deepcopy(spec)


def request_validator(vendor: str, mount: str) -> OpenAPI:
    """openapi-core for checking requests to the stand-in mounted at `mount`."""
    spec = effective_spec(vendor, server_url=mount)
    # The stand-ins check credentials themselves (openapi-core can only see that a header is
    # there, and warns on every request about the OAuth scheme it cannot check).
    spec.pop("security", None)
    for item in spec["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict):
                operation.pop("security", None)
    # The generator validated these specs when it wrote them; validating again here would cost
    # about five seconds per spec at every sandbox start.
    return OpenAPI.from_dict(spec, config=Config(spec_validator_cls=None))


@attrs.frozen
class Operation:
    operation_id: str
    method: str  # upper case
    template: str  # as in the spec, e.g. /uploads/{id}/complete
    pattern: re.Pattern[str]

    def match(self, path: str) -> dict[str, str] | None:
        found = self.pattern.fullmatch(path)
        return found.groupdict() if found else None


@attrs.frozen
class Match:
    operation: Operation
    path_params: dict[str, str]


class OperationTable:
    """Every operation of a spec, looked up by method and path (relative to the server URL)."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.operations: list[Operation] = [
            Operation(str(op["operationId"]), method.upper(), template, _compile(template))
            for template, item in spec["paths"].items()
            for method, op in item.items()
            if method in _HTTP_METHODS
        ]
        # Literal segments beat parameters (`/uploads/x` is never `/uploads/{id}` if both exist).
        self.operations.sort(key=lambda op: op.template.count("{"))

    @property
    def operation_ids(self) -> set[str]:
        return {op.operation_id for op in self.operations}

    def find(self, method: str, path: str) -> Match | None:
        """The operation for `method` `path`; None when nothing serves the path with that method."""
        for operation in self.operations:
            params = operation.match(path)
            if params is not None and operation.method == method.upper():
                return Match(operation, params)
        return None

    def methods_for(self, path: str) -> list[str]:
        """The methods some operation serves at `path` (empty: the path is unknown)."""
        return sorted({op.method for op in self.operations if op.match(path) is not None})


def _compile(template: str) -> re.Pattern[str]:
    pieces: list[str] = []
    position = 0
    for parameter in _TEMPLATE_PARAMETER.finditer(template):
        pieces.append(re.escape(template[position : parameter.start()]))
        pieces.append(f"(?P<{parameter.group(1)}>[^/]+)")
        position = parameter.end()
    pieces.append(re.escape(template[position:]))
    return re.compile("".join(pieces))
