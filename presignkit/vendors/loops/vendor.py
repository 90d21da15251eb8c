"""What Loops is, for the shared modules: its settings, its facts and its capabilities."""

from __future__ import annotations

from presignkit.catalogue import ContentRule, VendorInfo, VendorSpec, spec_schema
from presignkit.retry import ReplayRules
from presignkit.vendors.loops.settings import Loops


def facts() -> VendorInfo:
    # The contentType enum and the contentLength maximum come from the effective spec.
    request = spec_schema("loops", "CreateUploadRequest")["properties"]
    maximum: int = request["contentLength"]["maximum"]
    rules = tuple(ContentRule(t, maximum) for t in request["contentType"]["enum"])
    return VendorInfo(
        name=Loops.vendor,
        title=Loops.title,
        env_vars=Loops.env_vars(),
        accepted_content_types=tuple(r.pattern for r in rules),
        max_size=maximum,
        notes="Email images only. Loops may answer 425 to complete while the object is not yet "
        "visible; presignkit retries it. Upload limit: a number of uploads per 24 h per team.",
        rules=rules,
    )


# createUpload cannot be made idempotent; completing twice changes nothing, and 425 on complete
# means "not visible in storage yet, ask again".
_COMPLETE = r"/v1/uploads/[^/]+/complete$"
VENDOR = VendorSpec(
    settings=Loops,
    facts=facts,
    replay=ReplayRules(idempotent_posts=(_COMPLETE,), too_early_posts=(_COMPLETE,)),
)
