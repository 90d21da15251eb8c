"""Scripe's settings: a secret key and the API version pinned on every call."""

from __future__ import annotations

import attrs

from presignkit.settings import Setting, VendorSettings, secret_field

DEFAULT_SCRIPE_API_VERSION = "2026-08-01"  # the current version in Scripe's conventions page


@attrs.frozen
class Scripe(VendorSettings):
    """Scripe: a secret key `scripe_sk_live_…` or `scripe_sk_test_…` (sent as a bearer), and the
    API version pinned on every call. Environment: SCRIPE_API_KEY, SCRIPE_BASE_URL."""

    vendor = "scripe"
    title = "Scripe"
    default_base_url = "https://api.scripe.io/v1"
    base_url_env = "SCRIPE_BASE_URL"
    credentials = (
        (
            Setting(
                "api_key",
                "SCRIPE_API_KEY",
                "Scripe secret key",
                secret=True,
                prefixes=("scripe_sk_live_", "scripe_sk_test_"),
            ),
        ),
    )
    options = (
        Setting(
            "api_version",
            None,
            "Scripe API version",
            pattern=r"\d{4}-\d{2}-\d{2}",
            accepted=f"a Scripe API version: a date YYYY-MM-DD such as {DEFAULT_SCRIPE_API_VERSION!r}",
        ),
    )

    api_key: str | None = secret_field()
    api_version: str = attrs.field(default=DEFAULT_SCRIPE_API_VERSION)
    base_url: str | None = attrs.field(default=None)
