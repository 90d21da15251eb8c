from __future__ import annotations

import attrs

from presignkit.client_options import ClientOptions
from presignkit.settings import Setting, secret_field
from presignkit.typed_client import ClientSettings
from tests.sixth_vendor.presignkit_echo.client import AuthenticatedClient


@attrs.frozen
class Echo(ClientSettings[AuthenticatedClient]):
    """Echo: an API key `echo_…` (sent as a bearer). Environment: ECHO_API_KEY, ECHO_BASE_URL."""

    vendor = "echo"
    title = "Echo"
    default_base_url = "https://api.echo.test/v1"
    base_url_env = "ECHO_BASE_URL"
    credentials = ((Setting("api_key", "ECHO_API_KEY", "Echo API key", secret=True, prefixes=("echo_",)),),)

    api_key: str | None = secret_field()
    base_url: str | None = attrs.field(default=None)

    def build_client(self, options: ClientOptions) -> AuthenticatedClient:
        assert self.api_key is not None
        return AuthenticatedClient(
            base_url=self.resolved_base_url,
            token=self.api_key,
            timeout=options.timeout,
            httpx_args=options.httpx_args,
        )
