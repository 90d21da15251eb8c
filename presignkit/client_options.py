"""What a vendor's client builder is given: the timeout and the httpx arguments its caller chose.

Two callers use the one builder each vendor declares (`VendorSettings.build_client`): the
uploaders (a response hook that keeps the last answer for error messages) and the typed-client
factory (`VendorSettings.client()` / `async_client()`: the retry transport and the origin guard).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from presignkit.defaults import CONNECT_TIMEOUT

if TYPE_CHECKING:  # httpx loads when the first client is built, so `import presignkit` stays cheap
    import httpx


@attrs.frozen
class ClientOptions:
    timeout: httpx.Timeout
    httpx_args: dict[str, Any] = attrs.Factory(dict)


def as_timeout(value: httpx.Timeout | float | None, default: float) -> httpx.Timeout:
    """`value` as an httpx.Timeout; None means `default` seconds with a 10 s connect timeout."""
    import httpx

    if value is None:
        return httpx.Timeout(default, connect=CONNECT_TIMEOUT)
    return value if isinstance(value, httpx.Timeout) else httpx.Timeout(value)
