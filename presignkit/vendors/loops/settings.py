"""Loops' settings: one API key."""

from __future__ import annotations

import attrs

from presignkit.settings import Setting, VendorSettings, secret_field


@attrs.frozen
class Loops(VendorSettings):
    """Loops: an API key (sent as a bearer). Environment: LOOPS_API_KEY, LOOPS_BASE_URL."""

    vendor = "loops"
    title = "Loops"
    default_base_url = "https://app.loops.so/api"
    base_url_env = "LOOPS_BASE_URL"
    # Loops documents no key format, so only presence and header-safety are checked.
    credentials = ((Setting("api_key", "LOOPS_API_KEY", "Loops API key", secret=True),),)

    api_key: str | None = secret_field()
    base_url: str | None = attrs.field(default=None)
