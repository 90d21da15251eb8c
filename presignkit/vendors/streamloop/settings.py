"""Streamloop's settings: an API key with its workspace, or an OAuth access token."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from presignkit.client_options import ClientOptions
from presignkit.settings import Setting, secret_field
from presignkit.typed_client import ClientSettings

if TYPE_CHECKING:  # the generated client loads when a client is built, not on import
    from presignkit_streamloop.client import AuthenticatedClient

_API_KEY = Setting("api_key", "STREAMLOOP_API_KEY", "Streamloop API key", secret=True, prefixes=("sl_",))
_WORKSPACE = Setting(
    "workspace_id",
    "STREAMLOOP_WORKSPACE_ID",
    "Streamloop workspace id",
    missing="a Streamloop API key acts in no workspace by itself: pass workspace_id= or set "
    "STREAMLOOP_WORKSPACE_ID; accepted is the workspace id ('wksp_…') the key belongs to (without "
    "it every call answers 400 WORKSPACE_REQUIRED)",
)
_ACCESS_TOKEN = Setting(
    "access_token", "STREAMLOOP_ACCESS_TOKEN", "Streamloop OAuth access token", secret=True
)


@attrs.frozen
class Streamloop(ClientSettings["AuthenticatedClient"]):
    """Streamloop: an API key (`sl_…`, sent as X-API-Key) with the workspace it acts in
    (`wksp_…`, sent as X-Workspace-Id), or an OAuth access token (sent as a bearer).

    Environment: STREAMLOOP_API_KEY, STREAMLOOP_WORKSPACE_ID, STREAMLOOP_ACCESS_TOKEN,
    STREAMLOOP_BASE_URL. When neither api_key nor access_token is passed, both are looked up;
    if both are set the API key is used.
    """

    vendor = "streamloop"
    title = "Streamloop"
    default_base_url = "https://api.streamloop.app/v1"
    base_url_env = "STREAMLOOP_BASE_URL"
    credentials = ((_API_KEY, _WORKSPACE), (_ACCESS_TOKEN,))
    missing_credentials = (
        "no Streamloop credentials given: pass api_key= and workspace_id= (or set "
        "STREAMLOOP_API_KEY and STREAMLOOP_WORKSPACE_ID), or an OAuth access_token= "
        "(STREAMLOOP_ACCESS_TOKEN); accepted API keys start with 'sl_'"
    )

    api_key: str | None = secret_field()
    workspace_id: str | None = attrs.field(default=None)
    access_token: str | None = secret_field()
    base_url: str | None = attrs.field(default=None)

    def build_client(self, options: ClientOptions) -> AuthenticatedClient:
        from presignkit_streamloop.client import AuthenticatedClient

        if self.api_key is not None:
            # An API key travels as X-API-Key with no scheme prefix; it names no workspace, so
            # every call also sends X-Workspace-Id.
            assert self.workspace_id is not None  # resolve() requires it with a key
            return AuthenticatedClient(
                base_url=self.resolved_base_url,
                token=self.api_key,
                prefix="",
                auth_header_name="X-API-Key",
                headers={"X-Workspace-Id": self.workspace_id},
                timeout=options.timeout,
                httpx_args=options.httpx_args,
            )
        assert self.access_token is not None  # resolve() requires one way or the other
        return AuthenticatedClient(  # an OAuth token is a bearer; X-Workspace-Id is for API keys
            base_url=self.resolved_base_url,
            token=self.access_token,
            timeout=options.timeout,
            httpx_args=options.httpx_args,
        )
