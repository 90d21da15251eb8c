"""Settings: keys from arguments or the environment, validated, never shown."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

import presignkit
from presignkit import ConfigurationError, Flare, Loops, Scripe, Streamloop
from presignkit.vendors.registry import settings_types

DEFAULT_BASE_URLS = {name: t.default_base_url for name, t in settings_types().items()}


def test_arguments_win_over_the_environment() -> None:
    env = {"LOOPS_API_KEY": "from-env-0123456789", "LOOPS_BASE_URL": "https://env.example.test"}
    resolved = Loops(api_key="from-arg-0123456789").resolve(env)
    assert resolved.api_key == "from-arg-0123456789"
    assert resolved.base_url == "https://env.example.test"


def test_missing_values_come_from_the_environment() -> None:
    env = {"STREAMLOOP_API_KEY": "sl_abc", "STREAMLOOP_WORKSPACE_ID": "wksp_1"}
    resolved = Streamloop().resolve(env)
    assert (resolved.api_key, resolved.workspace_id) == ("sl_abc", "wksp_1")
    assert resolved.resolved_base_url == "https://api.streamloop.app/v1"


def test_streamloop_access_token_needs_no_workspace() -> None:
    resolved = Streamloop().resolve({"STREAMLOOP_ACCESS_TOKEN": "eyJhbGciOi.x.y"})
    assert resolved.access_token == "eyJhbGciOi.x.y" and resolved.api_key is None


def test_an_explicit_access_token_is_not_overridden_by_an_env_key() -> None:
    resolved = Streamloop(access_token="tok-123456789").resolve({"STREAMLOOP_API_KEY": "sl_env"})
    assert resolved.access_token == "tok-123456789" and resolved.api_key is None


def test_repr_hides_keys() -> None:
    settings = [
        Streamloop(api_key="sl_topsecret", workspace_id="wksp_1", access_token="tok_topsecret"),
        Loops(api_key="topsecret"),
        Flare(api_token="flr_pat_topsecret"),
        Scripe(api_key="scripe_sk_live_topsecret"),
    ]
    for item in settings:
        assert "topsecret" not in repr(item)
        assert "'***'" in repr(item)
    assert "wksp_1" in repr(settings[0])  # not a secret, useful when debugging


def test_errors_never_echo_the_key() -> None:
    with pytest.raises(ConfigurationError) as caught:
        Flare(api_token="flr_wrongprefix_topsecret").resolve({})
    assert "topsecret" not in str(caught.value)
    assert "the api_token argument" in str(caught.value) and "'flr_pat_'" in str(caught.value)


@pytest.mark.parametrize("key", ["scripe_sk_live_x", "scripe_sk_test_x"])
def test_scripe_accepts_live_and_test_keys(key: str) -> None:
    assert Scripe(api_key=key).resolve({}).api_key == key


def test_a_bare_prefix_is_not_a_key() -> None:
    with pytest.raises(ConfigurationError):
        Streamloop(api_key="sl_", workspace_id="w").resolve({})


def test_empty_environment_variables_count_as_unset() -> None:
    with pytest.raises(ConfigurationError, match="LOOPS_API_KEY"):
        Loops().resolve({"LOOPS_API_KEY": ""})


@pytest.mark.parametrize("url", ["example.com", "ftp://x.test", "https://", "https://x.test/?a=1", "/api"])
def test_bad_base_urls(url: str) -> None:
    with pytest.raises(ConfigurationError, match="absolute http"):
        Loops(api_key="k" * 10, base_url=url).resolve({})


def test_base_url_trailing_slash_is_dropped() -> None:
    assert Loops(api_key="k" * 10, base_url="http://127.0.0.1:1/loops/api/").resolve({}).base_url == (
        "http://127.0.0.1:1/loops/api"
    )


@pytest.mark.parametrize("vendor", list(DEFAULT_BASE_URLS))
def test_default_base_urls_match_the_effective_specs(vendor: str) -> None:
    import importlib.resources

    spec = json.loads((importlib.resources.files(f"presignkit_{vendor}") / "openapi.json").read_text())
    assert DEFAULT_BASE_URLS[vendor] == spec["servers"][0]["url"]


def test_settings_are_frozen_and_comparable() -> None:
    import attrs

    settings = Loops(api_key="a" * 10)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        settings.api_key = "b"  # type: ignore[misc]
    assert settings == Loops(api_key="a" * 10)


def test_errors_pickle_with_their_fields(tmp_path: Path) -> None:
    error = presignkit.RateLimitedError(
        "slow down", vendor="loops", status=429, retry_after=3.0, retryable=True
    )
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is presignkit.RateLimitedError
    assert (copy.vendor, copy.status, copy.retry_after, copy.retryable) == ("loops", 429, 3.0, True)
    assert str(copy) == str(error) == "slow down (vendor=loops, status=429, retry_after=3.0)"


def test_error_hierarchy() -> None:
    assert issubclass(presignkit.AuthenticationError, presignkit.VendorError)
    assert issubclass(presignkit.MalformedResponseError, presignkit.VendorError)
    assert issubclass(presignkit.PresignedUrlExpiredError, presignkit.StorageError)
    for name in (
        "ConfigurationError",
        "ValidationError",
        "VendorError",
        "StorageError",
        "TransferError",
        "UploadTimeoutError",
    ):
        assert issubclass(getattr(presignkit, name), presignkit.PresignkitError)
