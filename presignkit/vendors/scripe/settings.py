"""Scripe's settings: a secret key and the API version pinned on every call."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from presignkit.client_options import ClientOptions
from presignkit.settings import Setting, secret_field
from presignkit.typed_client import ClientSettings

if TYPE_CHECKING:  # the generated client loads when a client is built, not on import
    from presignkit_scripe.client import AuthenticatedClient

DEFAULT_SCRIPE_API_VERSION = "2026-08-01"  # the current version in Scripe's conventions page


@attrs.frozen
class Scripe(ClientSettings["AuthenticatedClient"]):
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

    def build_client(self, options: ClientOptions) -> AuthenticatedClient:
        from presignkit_scripe.client import AuthenticatedClient

        assert self.api_key is not None  # resolve() requires it
        return AuthenticatedClient(
            base_url=self.resolved_base_url,
            token=self.api_key,
            # Pinned on every call: Scripe answers in the version asked for.
            headers={"Scripe-Api-Version": self.api_version},
            timeout=options.timeout,
            httpx_args=options.httpx_args,
        )
