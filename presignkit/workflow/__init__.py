"""Sans-IO upload workflows: generators that yield steps and receive their results.

See `steps` for the step types, `presign` for the re-presign-on-expiry helper every vendor
uses, and `presignkit.vendors.<vendor>` for each vendor's workflow.
"""

from presignkit.workflow.steps import (
    ApiCall,
    ApiResult,
    Checkpoint,
    Put,
    PutResult,
    Resume,
    Sleep,
    Step,
    UploadRequest,
    Workflow,
    WorkflowOutcome,
)

__all__ = [
    "ApiCall",
    "ApiResult",
    "Checkpoint",
    "Put",
    "PutResult",
    "Resume",
    "Sleep",
    "Step",
    "UploadRequest",
    "Workflow",
    "WorkflowOutcome",
]
