"""What Scripe is, for the shared modules: its settings, its facts and its capabilities."""

from __future__ import annotations

from presignkit.catalogue import MB, ContentRule, VendorInfo, VendorSpec
from presignkit.retry import ReplayRules
from presignkit.vendors.scripe.settings import Scripe


def facts() -> VendorInfo:
    # Families and caps from https://apidocs.scripe.io/api/v1/uploads.md (also in the spec's
    # createUpload description): "audio/video 500 MB, image 25 MB, application/pdf 100 MB,
    # text/plain 25 MB"; application/msword and the Office Open XML variants are accepted with
    # no cap stated, so the API decides.
    rules = (
        ContentRule("audio/*", 500 * MB),
        ContentRule("video/*", 500 * MB),
        ContentRule("image/*", 25 * MB),
        ContentRule("application/pdf", 100 * MB),
        ContentRule("text/plain", 25 * MB),
        ContentRule("application/msword"),
        ContentRule("application/vnd.openxmlformats-officedocument.*"),
    )
    return VendorInfo(
        name=Scripe.vendor,
        title=Scripe.title,
        env_vars=Scripe.env_vars(),
        accepted_content_types=tuple(r.pattern for r in rules),
        max_size=500 * MB,
        notes="Upload URLs are single-use. wait=True attaches the upload as a file source and polls "
        "the ingest job. Every call pins Scripe-Api-Version.",
        rules=rules,
    )


VENDOR = VendorSpec(
    settings=Scripe,
    facts=facts,
    can_wait=True,
    wait_means="it attaches the upload as a source and waits for the ingest job",
    # createUpload and createSource take an Idempotency-Key (`^[A-Za-z0-9_-]{1,64}$`).
    replay=ReplayRules(idempotency_key_header="Idempotency-Key"),
)
