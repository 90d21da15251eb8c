"""Flare's settings: one personal access token."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from presignkit.client_options import ClientOptions
from presignkit.settings import Setting, secret_field
from presignkit.typed_client import ClientSettings

if TYPE_CHECKING:  # the generated client loads when a client is built, not on import
    from presignkit_flare.client import AuthenticatedClient


@attrs.frozen
class Flare(ClientSettings["AuthenticatedClient"]):
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

    def build_client(self, options: ClientOptions) -> AuthenticatedClient:
        from presignkit_flare.client import AuthenticatedClient

        assert self.api_token is not None  # resolve() requires it
        return AuthenticatedClient(
            base_url=self.resolved_base_url,
            token=self.api_token,
            timeout=options.timeout,
            httpx_args=options.httpx_args,
        )
