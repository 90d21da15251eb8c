from __future__ import annotations

from presignkit.catalogue import ContentRule, VendorInfo, VendorSpec
from tests.sixth_vendor.facade.settings import Echo


def facts() -> VendorInfo:
    rules = (ContentRule("text/plain", 1000),)
    return VendorInfo(
        name=Echo.vendor,
        title=Echo.title,
        env_vars=Echo.env_vars(),
        accepted_content_types=("text/plain",),
        max_size=1000,
        notes="A test-only vendor.",
        rules=rules,
    )


VENDOR = VendorSpec(settings=Echo, facts=facts)
