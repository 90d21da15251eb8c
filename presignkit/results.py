"""What one upload returns: `UploadResult`, in a module of its own so that the many-files engine
and the uploaders can both name it without importing each other."""

from __future__ import annotations

from typing import Any

import attrs

from presignkit.checksums import Checksum


@attrs.frozen
class UploadResult:
    vendor: str
    asset_id: str  # Streamloop upload id, Loops emailAssetId, Flare video id, Scripe upload id
    url: str | None  # the final/public URL where the vendor gives one (Loops finalUrl, Flare publicUrl)
    size: int
    # Of the bytes sent, as the upload's `checksum=` asked (crc32c by default); None for None.
    # `checksum.algorithm`, `checksum.value` (base64, as S3's x-amz-checksum-*), `.hexdigest`.
    checksum: Checksum | None
    content_type: str
    elapsed: float  # seconds
    response: Any = attrs.field(repr=False)  # the generated model parsed from the last step

    @property
    def sha256(self) -> str | None:
        """The hex SHA-256 of the bytes sent when the upload used checksum="sha256", else None.
        (Before checksums were selectable every upload computed it; crc32c is the default now.)"""
        if self.checksum is not None and self.checksum.algorithm == "sha256":
            return self.checksum.hexdigest
        return None
