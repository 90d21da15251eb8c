"""Everything checked before the first network call, shared by the sync and async uploaders.

The whole request is checked here, before the first call that creates anything at the vendor:
a request refused half-way (after a create) would leave a record behind.
"""

from __future__ import annotations

import math

from presignkit.checksums import checked_algorithm
from presignkit.errors import ValidationError
from presignkit.headers import check_header_value
from presignkit.settings import VendorSettings
from presignkit.sources import load_source
from presignkit.vendors.registry import vendor_info, vendor_spec, vendor_specs
from presignkit.workflow.steps import Progress, UploadRequest


def prepare(
    settings: VendorSettings,
    source: object,
    *,
    content_type: str | None,
    filename: str | None,
    size: int | None,
    progress: object,
    chunk_size: int,
    wait: bool,
    wait_timeout: float,
    checksum: object,
) -> UploadRequest:
    """Check the options, the source and the vendor's limits; raise ValidationError if any fails."""
    vendor = settings.vendor
    spec = vendor_spec(vendor)
    if progress is not None and not callable(progress):
        raise ValidationError(
            f"progress={progress!r} is not callable; accepted is a function taking (bytes_sent, total_bytes)",
            vendor=vendor,
        )
    try:
        algorithm = checked_algorithm(checksum)
    except ValidationError as error:
        raise ValidationError(error.message, vendor=vendor) from error
    if not isinstance(wait, bool):
        raise ValidationError(f"wait={wait!r}: accepted is True or False", vendor=vendor)
    if wait and not spec.can_wait:
        waiters = [s for s in vendor_specs() if s.can_wait]
        raise ValidationError(
            f"wait=True is for {' and '.join(s.title for s in waiters)} only "
            f"({'; '.join(s.wait_means for s in waiters)}); {vendor} has no job to wait for",
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
        # `sources` knows no vendor; the same error again, naming it (not patched after the fact).
        raise ValidationError(error.message, vendor=vendor) from error
    check_header_value(
        loaded.content_type,
        where="content_type",
        accepted="a MIME type such as 'image/png', with optional '; name=value' parameters",
        vendor=vendor,
    )
    _check_filename(loaded.filename, vendor)
    vendor_info(vendor).check(loaded.content_type, loaded.size)
    if spec.check_source is not None:
        spec.check_source(loaded)
    checked_progress: Progress | None = progress  # callable: checked above
    return UploadRequest(
        settings=settings,
        source=loaded,
        wait=wait,
        wait_timeout=float(wait_timeout),
        chunk_size=chunk_size,
        progress=checked_progress,
        checksum=algorithm,
    )


def _check_filename(filename: str, vendor: str) -> None:
    accepted = "a file name of printable UTF-8 text such as 'header.png'"
    try:
        filename.encode("utf-8")
    except UnicodeEncodeError:  # a path from bytes that were not UTF-8 (os.fsdecode's surrogates)
        raise ValidationError(
            f"the file name is not valid UTF-8 (it came from bytes in another encoding); accepted is "
            f"{accepted}; pass filename=",
            vendor=vendor,
        ) from None
    if any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in filename):
        raise ValidationError(
            f"the file name holds a control character (CR, LF, tab, ...); accepted is {accepted}; "
            "pass filename=",
            vendor=vendor,
        )
