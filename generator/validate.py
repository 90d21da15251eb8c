"""OpenAPI validation of effective specs, reporting every problem with its JSON pointer."""

from __future__ import annotations

from collections.abc import Iterable

from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

from .documents import JSONValue

_MAX_REPORTED = 10


def json_pointer(parts: Iterable[object]) -> str:
    """RFC 6901 pointer for a path of keys and indices ('' is the whole document)."""
    escaped = (str(p).replace("~", "~0").replace("/", "~1") for p in parts)
    return "".join("/" + part for part in escaped)


def spec_problems(document: JSONValue) -> list[str]:
    """Problems found in an OpenAPI 3.0/3.1 document as '<pointer>: <message>'; empty when valid."""
    if not isinstance(document, dict):
        return ["(root): an OpenAPI document must be a mapping"]
    version = str(document.get("openapi", ""))
    if version.startswith("3.1."):
        validator_class: type[OpenAPIV31SpecValidator] | type[OpenAPIV30SpecValidator] = (
            OpenAPIV31SpecValidator
        )
    elif version.startswith("3.0."):
        validator_class = OpenAPIV30SpecValidator
    else:
        return [f"/openapi: version {version or '(missing)'} is not supported; accepted: 3.0.x, 3.1.x"]
    problems: list[str] = []
    errors = validator_class(document).iter_errors()
    while len(problems) < _MAX_REPORTED:
        try:
            error = next(errors)
        except StopIteration:
            break
        except Exception as exc:
            # openapi-spec-validator's semantic pass can crash (KeyError, TypeError) on a document
            # whose schema errors it already reported; those errors are the useful part.
            if not problems:
                problems.append(
                    f"(root): the validator could not read the document ({type(exc).__name__}: {exc})"
                )
            break
        pointer = json_pointer(error.absolute_path) or "(root)"
        problems.append(f"{pointer}: {error.message}")
    return problems
