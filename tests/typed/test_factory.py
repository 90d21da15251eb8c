"""`Vendor(...).client()` / `.async_client()`: the generated client with the vendor's auth scheme,
headers, base URL and timeouts, keys resolved as the uploaders resolve them, checked on the wire
against the sandbox."""

from __future__ import annotations

from pathlib import Path
from typing import Any, assert_type

import anyio
import httpx
import presignkit_flare.client
import presignkit_loops.client
import presignkit_scripe.client
import presignkit_streamloop.client
import pytest

import presignkit
from presignkit.sandbox import Sandbox
from presignkit.settings import VendorSettings
from presignkit.typed_client import ClientSettings
from presignkit.vendors import registry
from presignkit.vendors.registry import Registered, settings_types
from tests.sixth_vendor.facade.settings import Echo
from tests.sixth_vendor.presignkit_echo.api import create_upload
from tests.sixth_vendor.presignkit_echo.api.create_upload import Upload
from tests.typed.calls import CREATED_STATUS, MODES, VENDORS, build, call_create

# A wrong key that passes the format checks, so that only the server could object to it.
WELL_FORMED = {
    "STREAMLOOP_API_KEY": "sl_from_the_environment",
    "STREAMLOOP_WORKSPACE_ID": "wksp_from_the_environment",
    "LOOPS_API_KEY": "loops_from_the_environment",
    "FLARE_API_TOKEN": "flr_pat_from_the_environment",
    "SCRIPE_API_KEY": "scripe_sk_test_from_the_environment",
}


def settings_for(vendor: str, **values: Any) -> ClientSettings[Any]:
    settings = settings_types()[vendor](**values)
    assert isinstance(settings, ClientSettings)  # every vendor's settings build its typed client
    return settings


def expected_auth(vendor: str, env: dict[str, str]) -> dict[str, str | None]:
    """The auth headers (lowercase names) the vendor documents, and None for those it must not get."""
    if vendor == "streamloop":  # an API key is no bearer: X-API-Key, plus the workspace it acts in
        return {
            "x-api-key": env["STREAMLOOP_API_KEY"],
            "x-workspace-id": env["STREAMLOOP_WORKSPACE_ID"],
            "authorization": None,
        }
    if vendor == "loops":
        return {"authorization": f"Bearer {env['LOOPS_API_KEY']}"}
    if vendor == "flare":
        return {"authorization": f"Bearer {env['FLARE_API_TOKEN']}"}
    if vendor == "scripe":
        return {"authorization": f"Bearer {env['SCRIPE_API_KEY']}", "scripe-api-version": "2026-08-01"}
    raise AssertionError(vendor)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("vendor", VENDORS)
def test_a_call_reaches_the_sandbox_with_the_vendors_auth_and_headers(
    presignkit_sandbox: Sandbox, vendor: str, mode: str
) -> None:
    env = presignkit_sandbox.env()
    client = build(settings_for(vendor), mode, environ=env)

    response = call_create(vendor, mode, client)

    assert response.status_code == CREATED_STATUS[vendor], response.content
    [request] = presignkit_sandbox.api_requests
    for name, value in expected_auth(vendor, env).items():
        assert request.header(name) == value, name
    # The base URL came from the environment: the request went to the vendor's stand-in there.
    base_path = httpx.URL(env[settings_types()[vendor].base_url_env]).path
    assert request.path.startswith(base_path + "/")
    assert presignkit_sandbox.assets(vendor) != []


@pytest.mark.parametrize("mode", MODES)
def test_a_streamloop_oauth_token_is_a_bearer_without_a_workspace(
    presignkit_sandbox: Sandbox, mode: str
) -> None:
    env = {
        **{k: v for k, v in presignkit_sandbox.env().items() if not k.startswith("STREAMLOOP_API_KEY")},
        **presignkit_sandbox.alternative_credentials("streamloop"),
    }
    client = build(presignkit.Streamloop(), mode, environ=env)

    assert call_create("streamloop", mode, client).status_code == 201
    [request] = presignkit_sandbox.api_requests
    assert request.header("authorization") == f"Bearer {env['STREAMLOOP_ACCESS_TOKEN']}"
    assert request.header("x-api-key") is None and request.header("x-workspace-id") is None


def test_each_settings_class_builds_its_own_generated_client_type() -> None:
    # assert_type is checked by `mypy --strict` (nox -s typecheck): the factory is typed per vendor.
    streamloop = presignkit.Streamloop(api_key="sl_k", workspace_id="wksp_1").client(environ={})
    assert_type(streamloop, presignkit_streamloop.client.AuthenticatedClient)
    loops = presignkit.Loops(api_key="k").async_client(environ={})
    assert_type(loops, presignkit_loops.client.AuthenticatedClient)
    flare = presignkit.Flare(api_token="flr_pat_k").client(environ={})
    assert_type(flare, presignkit_flare.client.AuthenticatedClient)
    scripe = presignkit.Scripe(api_key="scripe_sk_live_k").client(environ={})
    assert_type(scripe, presignkit_scripe.client.AuthenticatedClient)
    assert isinstance(streamloop, presignkit_streamloop.client.AuthenticatedClient)
    assert isinstance(loops, presignkit_loops.client.AuthenticatedClient)
    assert isinstance(flare, presignkit_flare.client.AuthenticatedClient)
    assert isinstance(scripe, presignkit_scripe.client.AuthenticatedClient)


@pytest.mark.parametrize("vendor", VENDORS)
def test_keys_and_base_url_come_from_the_environment_and_arguments_win(vendor: str) -> None:
    settings_type = settings_types()[vendor]
    env = {**WELL_FORMED, settings_type.base_url_env: "http://127.0.0.1:8001/from-env/"}
    client = settings_for(vendor).client(environ=env).get_httpx_client()
    assert client.base_url == "http://127.0.0.1:8001/from-env/"
    assert {k.lower(): v for k, v in client.headers.items()}.items() >= {
        k: v for k, v in expected_auth(vendor, env).items() if v is not None
    }.items()

    argument = settings_for(vendor, base_url="http://127.0.0.1:8002/argument").client(environ=env)
    assert argument.get_httpx_client().base_url == "http://127.0.0.1:8002/argument/"


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("vendor", VENDORS)
def test_no_key_is_a_configuration_error_naming_the_variable(vendor: str, mode: str) -> None:
    settings_type = settings_types()[vendor]
    env_var = settings_type.credentials[0][0].env_var
    assert env_var is not None
    with pytest.raises(presignkit.ConfigurationError) as caught:
        build(settings_for(vendor), mode, environ={})
    assert caught.value.vendor == vendor
    assert env_var in str(caught.value)


@pytest.mark.parametrize("vendor", ["streamloop", "flare", "scripe"])  # Loops documents no key format
def test_a_malformed_key_is_refused_without_showing_it(vendor: str) -> None:
    setting = settings_types()[vendor].credentials[0][0]
    assert setting.env_var is not None
    env = {**WELL_FORMED, setting.env_var: "not-a-real-key-value"}
    with pytest.raises(presignkit.ConfigurationError, match=setting.env_var) as caught:
        settings_for(vendor).client(environ=env)
    assert "not-a-real-key-value" not in str(caught.value)


def test_timeouts_default_to_the_uploaders_and_can_be_set() -> None:
    settings = presignkit.Loops(api_key="k")
    assert settings.client(environ={}).get_httpx_client().timeout == httpx.Timeout(30.0, connect=10.0)
    assert settings.async_client(timeout=5).get_async_httpx_client().timeout == httpx.Timeout(5.0)
    custom = httpx.Timeout(1.0, read=60.0)
    assert settings.client(timeout=custom).get_httpx_client().timeout == custom


# -- credentials go to the API origin only ------------------------------------------------------------


class Recorder:
    """An httpx transport (sync and async) that answers `respond` and records what it was sent."""

    def __init__(self, respond: httpx.Response) -> None:
        self.requests: list[httpx.Request] = []
        self.respond = respond

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.respond

    def sync(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def async_(self) -> httpx.MockTransport:
        async def handle(request: httpx.Request) -> httpx.Response:
            return self.handle(request)

        return httpx.MockTransport(handle)


SIGNED_URL = "https://uploads.s3.amazonaws.com/bucket/key?X-Amz-Signature=deadbeef"


def test_a_request_to_another_origin_is_refused_before_it_is_sent() -> None:
    recorder = Recorder(httpx.Response(200))
    settings = presignkit.Loops(api_key="secret_loops_key", base_url="https://app.loops.so/api")
    client = settings.client(transport=recorder.sync(), environ={}).get_httpx_client()

    with pytest.raises(presignkit.ValidationError, match=r"uploads\.s3\.amazonaws\.com") as caught:
        client.put(SIGNED_URL, content=b"bytes")
    assert recorder.requests == []
    message = str(caught.value)
    assert "secret_loops_key" not in message and "deadbeef" not in message
    assert "https://app.loops.so" in message and caught.value.vendor == "loops"
    # Another port or scheme is another origin too; the API's own paths are fine.
    for url in ("https://app.loops.so:8443/api/v1/x", "http://app.loops.so/api/v1/x"):
        with pytest.raises(presignkit.ValidationError):
            client.get(url)
    assert client.get("https://app.loops.so/api/v1/x").status_code == 200
    assert client.get("/v1/relative").status_code == 200
    assert [str(r.url) for r in recorder.requests] == [
        "https://app.loops.so/api/v1/x",
        "https://app.loops.so/api/v1/relative",
    ]


def test_the_async_client_refuses_another_origin_too() -> None:
    recorder = Recorder(httpx.Response(200))
    settings = presignkit.Scripe(api_key="scripe_sk_live_secret")

    async def main() -> None:
        async with settings.async_client(transport=recorder.async_(), environ={}) as typed:
            client = typed.get_async_httpx_client()
            with pytest.raises(presignkit.ValidationError, match=r"uploads\.s3\.amazonaws\.com"):
                await client.put(SIGNED_URL, content=b"bytes")
            assert (await client.get("/jobs/job_1")).status_code == 200

    anyio.run(main)
    assert [str(r.url) for r in recorder.requests] == ["https://api.scripe.io/v1/jobs/job_1"]


def test_a_redirect_is_not_followed() -> None:
    recorder = Recorder(httpx.Response(307, headers={"Location": "https://elsewhere.example/steal"}))
    client = presignkit.Flare(api_token="flr_pat_secret").client(transport=recorder.sync(), environ={})

    response = client.get_httpx_client().get("/api/videos")

    assert response.status_code == 307 and len(recorder.requests) == 1


# -- one builder ------------------------------------------------------------------------------------


@pytest.mark.parametrize("vendor", VENDORS)
def test_the_uploader_and_the_factory_build_the_client_with_the_same_code(
    vendor: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings_type = settings_types()[vendor]
    built: list[str] = []
    original = settings_type.build_client

    def spy(self: VendorSettings, options: Any) -> Any:
        built.append(type(self).__name__)
        return original(self, options)

    monkeypatch.setattr(settings_type, "build_client", spy)
    presignkit.Uploader(vendor, environ=WELL_FORMED).close()
    settings_for(vendor).client(environ=WELL_FORMED)
    assert built == [settings_type.__name__] * 2


@pytest.mark.parametrize("vendor", VENDORS)
def test_reprs_of_resolved_settings_show_no_key(vendor: str) -> None:
    resolved = settings_for(vendor).resolve(WELL_FORMED)
    secrets = resolved.secrets()
    assert secrets and not any(secret in repr(resolved) for secret in secrets)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("vendor", VENDORS)
def test_reprs_of_typed_clients_show_no_key(vendor: str, mode: str) -> None:
    """The generated client holds the key as `token`; our template override leaves it out of the
    repr (generator/templates/client.py.jinja), so printing or logging a client never shows it."""
    settings = settings_for(vendor)
    client = (
        settings.client(environ=WELL_FORMED) if mode == "sync" else settings.async_client(environ=WELL_FORMED)
    )
    secrets = settings.resolve(WELL_FORMED).secrets()
    assert secrets and not any(secret in repr(client) for secret in secrets), repr(client)
    assert client.token in secrets  # the key is still there, for the requests


def test_a_sixth_vendor_gets_a_typed_client_from_its_builder_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    # Its settings derive ClientSettings and declare build_client; nothing shared names it.
    entry = Registered("echo", package="tests.sixth_vendor.facade", stand_in="tests.sixth_vendor.stand_in")
    monkeypatch.setattr(registry, "REGISTERED", (*registry.REGISTERED, entry))
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[1] / "sixth_vendor"))
    with Sandbox() as sandbox:
        client = Echo().client(environ=sandbox.env())
        answer = create_upload.sync_detailed(client=client, content_type="text/plain", size=5)
        assert isinstance(answer.parsed, Upload) and sandbox.assets("echo") == [answer.parsed.id]
        [request] = sandbox.api_requests
        assert request.header("authorization") == f"Bearer {sandbox.env()['ECHO_API_KEY']}"
