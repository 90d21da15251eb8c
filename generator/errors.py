"""Failures of the pipeline, each naming the vendor and the cause."""

from __future__ import annotations


class PipelineError(Exception):
    """A step failed for one vendor; `generated/` is left as it was."""

    def __init__(self, vendor: str, cause: str) -> None:
        super().__init__(f"{vendor}: {cause}")
        self.vendor = vendor
        self.cause = cause


class OverlayFailed(PipelineError):
    """An overlay could not be applied (bad document, or a target matching nothing)."""


class SpecInvalid(PipelineError):
    """The effective spec is not a valid OpenAPI document."""


class GenerationFailed(PipelineError):
    """openapi-python-client reported an error or a warning."""


class CheckFailed(PipelineError):
    """The freshly generated package does not import or does not pass `mypy --strict`."""


class FetchFailed(PipelineError):
    """A vendor's published spec could not be downloaded or is not a valid spec."""
