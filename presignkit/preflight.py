"""Everything checked before the first network call, shared by the sync and async uploaders."""

from __future__ import annotations

import math

from presignkit.errors import ValidationError
from presignkit.limits import vendor_info
from presignkit.settings import VendorSettings
from presignkit.sources import load_source
from presignkit.workflow.steps import UploadRequest


def prepare(
    settings: VendorSettings,
    source: object,
    *,
    content_type: str | None,
    filename: str | None,
    size: int | None,
    progress: object,
    wait: bool,
    wait_timeout: float,
) -> UploadRequest:
    """Check the options, the source and the vendor's limits; raise ValidationError if any fails."""
    vendor = settings.vendor
    if progress is not None and not callable(progress):
        raise ValidationError(
            f"progress={progress!r} is not callable; accepted is a function taking (bytes_sent, total_bytes)",
            vendor=vendor,
        )
    if not isinstance(wait, bool):
        raise ValidationError(f"wait={wait!r}: accepted is True or False", vendor=vendor)
    if wait and vendor != "scripe":
        raise ValidationError(
            f"wait=True is for Scripe only (it attaches the upload as a source and waits for the ingest "
            f"job); {vendor} has no job to wait for",
            vendor=vendor,
        )
    if (
        isinstance(wait_timeout, bool)
        or not isinstance(wait_timeout, int | float)
        or not (math.isfinite(wait_timeout) and wait_timeout > 0)
    ):
        raise ValidationError(
            f"wait_timeout={wait_timeout!r}: accepted is a number of seconds > 0", vendor=vendor
        )
    try:
        loaded = load_source(source, content_type=content_type, filename=filename, size=size)
    except ValidationError as error:
        error.vendor = vendor
        raise
    vendor_info(vendor).check(loaded.content_type, loaded.size)
    return UploadRequest(settings=settings, source=loaded, wait=wait, wait_timeout=float(wait_timeout))
