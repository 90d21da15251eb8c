"""The typed-client factory: `Loops().client()` / `.async_client()` hand out the vendor's
generated `AuthenticatedClient`, built by the vendor's one builder (`build_client`, which the
uploaders use too) with these options:

- settings resolved as the uploaders resolve them (arguments, then the environment);
- retries: `presignkit.RetryTransport` with the `RetryPolicy` given (default `RetryPolicy()`;
  None mounts none), so typed calls get the facade's one retry decision: backoff, Retry-After,
  an Idempotency-Key per logical request where the vendor takes one, and no second send of a
  create that cannot be made idempotent once it may have reached the vendor;
- timeouts: the uploaders' defaults (30 s per request, 10 s to connect) unless given;
- an origin guard: the client holds the key, so a request to any other origin (a presigned URL,
  an absolute URL typed by hand) is refused before it is sent. Redirects are not followed either
  (the generated client's default), so the key reaches the API's origin only.

`ClientSettings` is a base of every vendor's settings class rather than part of `VendorSettings`
so that this module may depend on what depends on `presignkit.settings` without an import cycle.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any

from presignkit.client_options import ClientOptions, as_timeout
from presignkit.defaults import DEFAULT_API_TIMEOUT
from presignkit.errors import ValidationError
from presignkit.retry import RetryPolicy
from presignkit.settings import ClientT, VendorSettings

if TYPE_CHECKING:  # httpx (and the transport built on it) load with the first client built, so
    import httpx  # `import presignkit` and `presignkit --help` stay cheap (tests/facade/test_import_cost.py)

DEFAULT_RETRY = RetryPolicy()


class ClientSettings(VendorSettings[ClientT]):
    """Vendor settings that also build the vendor's typed client, configured."""

    __slots__ = ()

    def client(
        self,
        *,
        retry: RetryPolicy | None = DEFAULT_RETRY,
        timeout: httpx.Timeout | float | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        environ: Mapping[str, str] | None = None,
    ) -> ClientT:
        """This vendor's typed client (the generated `AuthenticatedClient`), ready for the
        operations in `presignkit_<vendor>.api`: credentials, headers and base URL resolved as the
        uploaders resolve them (arguments first, then `environ`, default os.environ), so a bad or
        missing key is a ConfigurationError here rather than a 401 later.

        retry: the RetryPolicy every call is retried under (None: no retries; the answer or
        exception of the one attempt goes back as is). timeout: per request (default 30 s, 10 s
        to connect). transport: what httpx sends through (proxies, tests; under the retries).
        sleep: how to wait between attempts. The client only calls the vendor's API origin: a
        request elsewhere (e.g. a presigned URL) is refused with ValidationError before it is sent.
        """
        from presignkit.retry_transport import RetryTransport

        settings = self.resolve(environ)
        guard = origin_guard(settings.resolved_base_url, vendor=self.vendor, title=self.title)
        httpx_args: dict[str, Any] = {"event_hooks": {"request": [guard]}}
        if retry is not None:
            httpx_args["transport"] = RetryTransport(
                retry, vendor=self.vendor, transport=transport, sleep=sleep
            )
        elif transport is not None:
            httpx_args["transport"] = transport
        return settings.build_client(ClientOptions(as_timeout(timeout, DEFAULT_API_TIMEOUT), httpx_args))

    def async_client(
        self,
        *,
        retry: RetryPolicy | None = DEFAULT_RETRY,
        timeout: httpx.Timeout | float | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> ClientT:
        """`client()` for the `asyncio_detailed` / `asyncio` operations (asyncio or trio): the
        same client type, with an async transport, async hooks and an async `sleep` (default
        anyio.sleep)."""
        from presignkit.retry_transport import RetryTransport

        settings = self.resolve(environ)
        guard = origin_guard(settings.resolved_base_url, vendor=self.vendor, title=self.title)

        async def async_guard(request: httpx.Request) -> None:  # httpx.AsyncClient awaits its hooks
            guard(request)

        hooks: list[Callable[[httpx.Request], Awaitable[None]]] = [async_guard]
        httpx_args: dict[str, Any] = {"event_hooks": {"request": hooks}}
        if retry is not None:
            httpx_args["transport"] = RetryTransport(
                retry, vendor=self.vendor, async_transport=transport, async_sleep=sleep
            )
        elif transport is not None:
            httpx_args["transport"] = transport
        return settings.build_client(ClientOptions(as_timeout(timeout, DEFAULT_API_TIMEOUT), httpx_args))


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return url.scheme, url.host, url.port  # port is None for the scheme's default port


def origin_guard(base_url: str, *, vendor: str, title: str) -> Callable[[httpx.Request], None]:
    """An httpx request hook refusing any request outside `base_url`'s origin."""
    import httpx

    base = httpx.URL(base_url)
    allowed = _origin(base)

    def guard(request: httpx.Request) -> None:
        if _origin(request.url) != allowed:
            # Hosts only: a presigned URL's query is a credential of its own.
            raise ValidationError(
                f"this {title} client sends your {title} credentials, so it only calls "
                f"{base.scheme}://{base.netloc.decode()}; refused {request.method} to "
                f"{request.url.scheme}://{request.url.netloc.decode()}. PUT to a presigned URL "
                "with a client of your own that holds no credentials "
                "(e.g. httpx.put(url, content=..., headers=...))",
                vendor=vendor,
            )

    return guard
