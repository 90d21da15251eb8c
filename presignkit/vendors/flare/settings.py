"""Flare's settings: one personal access token."""

from __future__ import annotations

import attrs

from presignkit.settings import Setting, VendorSettings, secret_field


@attrs.frozen
class Flare(VendorSettings):
    """Flare: a personal access token `flr_pat_…` (sent as a bearer).
    Environment: FLARE_API_TOKEN, FLARE_BASE_URL."""

    vendor = "flare"
    title = "Flare"
    default_base_url = "https://flare.link"
    base_url_env = "FLARE_BASE_URL"
    credentials = (
        (Setting("api_token", "FLARE_API_TOKEN", "Flare API token", secret=True, prefixes=("flr_pat_",)),),
    )

    api_token: str | None = secret_field()
    base_url: str | None = attrs.field(default=None)
