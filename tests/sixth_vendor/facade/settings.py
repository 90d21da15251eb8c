from __future__ import annotations

import attrs

from presignkit.settings import Setting, VendorSettings, secret_field


@attrs.frozen
class Echo(VendorSettings):
    """Echo: an API key `echo_…` (sent as a bearer). Environment: ECHO_API_KEY, ECHO_BASE_URL."""

    vendor = "echo"
    title = "Echo"
    default_base_url = "https://api.echo.test/v1"
    base_url_env = "ECHO_BASE_URL"
    credentials = ((Setting("api_key", "ECHO_API_KEY", "Echo API key", secret=True, prefixes=("echo_",)),),)

    api_key: str | None = secret_field()
    base_url: str | None = attrs.field(default=None)
