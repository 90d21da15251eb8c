"""Streamloop's settings: an API key with its workspace, or an OAuth access token."""

from __future__ import annotations

import attrs

from presignkit.settings import Setting, VendorSettings, secret_field

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
class Streamloop(VendorSettings):
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
