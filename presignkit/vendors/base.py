"""What a vendor adapter provides, and small helpers the adapters share."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import attrs

from presignkit.answer_types import model_problem
from presignkit.classify import ErrorDetails
from presignkit.errors import MalformedResponseError
from presignkit.workflow.steps import ApiResult, UploadRequest, Workflow, WorkflowOutcome

M = TypeVar("M")

__all__ = ["ErrorDetails", "VendorAdapter", "expect_model", "text_or_none"]


@attrs.frozen
class VendorAdapter:
    name: str
    # The generated client is built by the settings (`VendorSettings.build_client`), so that
    # a typed client (`VendorSettings.client()`) needs no workflow.
    workflow: Callable[[UploadRequest], Workflow[WorkflowOutcome]]
    # Reads the generated error model (whatever `parsed` is for an error status) into ErrorDetails.
    describe_error: Callable[[object], ErrorDetails]


def expect_model(result: ApiResult, model: type[M], *, vendor: str, operation: str) -> M:
    """`result.parsed` as `model`, or MalformedResponseError (the status was a success status,
    so anything else means the body did not have the documented shape)."""
    if not isinstance(result.parsed, model):
        raise MalformedResponseError(
            f"the answer was not the documented {model.__name__} (got {type(result.parsed).__name__})",
            vendor=vendor,
            status=result.status,
            operation=operation,
        )
    # The generated from_dict checks that keys exist, not what they hold: check the types here,
    # so that no value of the wrong type reaches a workflow or the caller.
    problem = model_problem(result.parsed)
    if problem is not None:
        raise MalformedResponseError(
            f"the answer was not the documented {model.__name__}: {problem}",
            vendor=vendor,
            status=result.status,
            operation=operation,
        )
    return result.parsed


def text_or_none(value: object) -> str | None:
    """A generated model field as str, with UNSET/None/empty as None."""
    return value if isinstance(value, str) and value else None
