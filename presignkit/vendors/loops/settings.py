"""Loops' settings: one API key."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from presignkit.client_options import ClientOptions
from presignkit.settings import Setting, secret_field
from presignkit.typed_client import ClientSettings

if TYPE_CHECKING:  # the generated client loads when a client is built, not on import
    from presignkit_loops.client import AuthenticatedClient


@attrs.frozen
class Loops(ClientSettings["AuthenticatedClient"]):
    """Loops: an API key (sent as a bearer). Environment: LOOPS_API_KEY, LOOPS_BASE_URL."""

    vendor = "loops"
    title = "Loops"
    default_base_url = "https://app.loops.so/api"
    base_url_env = "LOOPS_BASE_URL"
    # Loops documents no key format, so only presence and header-safety are checked.
    credentials = ((Setting("api_key", "LOOPS_API_KEY", "Loops API key", secret=True),),)

    api_key: str | None = secret_field()
    base_url: str | None = attrs.field(default=None)

    def build_client(self, options: ClientOptions) -> AuthenticatedClient:
        from presignkit_loops.client import AuthenticatedClient

        assert self.api_key is not None  # resolve() requires it
        return AuthenticatedClient(
            base_url=self.resolved_base_url,
            token=self.api_key,
            timeout=options.timeout,
            httpx_args=options.httpx_args,
        )
