"""What Flare is, for the shared modules: its settings, its facts and its capabilities."""

from __future__ import annotations

from presignkit.catalogue import ContentRule, VendorInfo, VendorSpec
from presignkit.errors import ValidationError
from presignkit.retry import ReplayRules
from presignkit.sources import UploadSource, guess_content_type
from presignkit.vendors.flare.settings import Flare


def facts() -> VendorInfo:
    # Flare hosts videos: its presign endpoint is /api/video/upload/presign and the only type in
    # its docs is video/mp4 (https://flare.link/help/api/presign-upload). No size cap documented.
    rules = (ContentRule("video/*"),)
    return VendorInfo(
        name=Flare.vendor,
        title=Flare.title,
        env_vars=Flare.env_vars(),
        accepted_content_types=("video/*",),
        max_size=None,
        notes="Videos only; no size limit is documented. The result URL is Flare's publicUrl.",
        rules=rules,
    )


def check_source(source: UploadSource) -> None:
    """Flare's presign derives the stored type from the file name's extension and refuses names
    without a video one, but only after createVideo made a record: so check the name first."""
    guessed = guess_content_type(source.filename)
    if guessed is None or not guessed.startswith("video/"):
        raise ValidationError(
            f"Flare derives the video's type from the file name's extension and {source.filename!r} "
            "has no video extension; accepted is a name such as 'demo.mp4' (pass filename=)",
            vendor=Flare.vendor,
        )


VENDOR = VendorSpec(
    settings=Flare,
    facts=facts,
    check_source=check_source,
    # createVideo cannot be made idempotent; presigning again gives another URL for the same video.
    replay=ReplayRules(idempotent_posts=(r"/api/video/upload/presign$",)),
)
