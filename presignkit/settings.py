"""Per-vendor settings: keys and base URLs from arguments or the environment, validated.

Values given as arguments win; what is missing is read from the environment when an Uploader is
built (`resolve()`), so `Loops()` works in a shell with LOOPS_API_KEY exported. Every check
raises ConfigurationError naming the argument or environment variable and the accepted form,
and never echoes a key; reprs show `'***'` instead of keys.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import ClassVar, Self
from urllib.parse import urlsplit

import attrs

from presignkit.errors import ConfigurationError

# Mirrors each effective spec's `servers[0].url` (tests/facade check they agree), kept here so
# that building settings does not load the generated packages.
DEFAULT_BASE_URLS: Mapping[str, str] = {
    "streamloop": "https://api.streamloop.app/v1",
    "loops": "https://app.loops.so/api",
    "flare": "https://flare.link",
    "scripe": "https://api.scripe.io/v1",
}
DEFAULT_SCRIPE_API_VERSION = "2026-08-01"  # the current version in Scripe's conventions page

_API_VERSION = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TOKEN_CHARACTERS = re.compile(r"^[\x21-\x7e]+$")  # printable ASCII, no spaces: a header value


def _redacted(value: str | None) -> str:
    return "None" if value is None else "'***'"


class VendorSettings:
    """What every vendor's settings class offers the uploader."""

    __slots__ = ()
    vendor: ClassVar[str]

    def resolve(self, environ: Mapping[str, str] | None = None) -> Self:
        """A copy with missing values read from `environ` (default os.environ), all validated."""
        raise NotImplementedError

    def secrets(self) -> tuple[str, ...]:
        """The key material, so that it can be scrubbed from anything a vendor echoes back."""
        raise NotImplementedError

    @property
    def resolved_base_url(self) -> str:
        base_url: str | None = getattr(self, "base_url", None)
        return (base_url or DEFAULT_BASE_URLS[self.vendor]).rstrip("/")


def _where(argument: str, env_name: str, from_env: bool) -> str:
    return env_name if from_env else f"the {argument} argument"


def _check_token(
    value: str | None,
    *,
    argument: str,
    env_name: str,
    from_env: bool,
    prefixes: tuple[str, ...],
    what: str,
) -> str:
    where = _where(argument, env_name, from_env)
    accepted = (
        f"a {what} starting with {' or '.join(repr(p) for p in prefixes)}"
        if prefixes
        else f"a non-empty {what}"
    )
    if value is None or not value.strip():
        raise ConfigurationError(
            f"no {what} given: pass {argument}= or set {env_name}; accepted is {accepted}"
        )
    if not _TOKEN_CHARACTERS.match(value):
        raise ConfigurationError(
            f"{where} holds spaces or non-printable characters (a copy-paste error?); accepted is {accepted}"
        )
    if prefixes and not any(value.startswith(p) and len(value) > len(p) for p in prefixes):
        raise ConfigurationError(f"{where} is not {accepted}")
    return value


def _check_base_url(value: str | None, *, vendor: str, env_name: str, from_env: bool) -> str | None:
    if value is None:
        return None
    where = _where("base_url", env_name, from_env)
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ConfigurationError(
            f"{where} ({value!r}) is not a usable base URL; accepted is an absolute http(s) URL "
            f"without query or fragment, e.g. {DEFAULT_BASE_URLS[vendor]!r}"
        )
    return value.rstrip("/")


def _pick(explicit: str | None, environ: Mapping[str, str], name: str) -> tuple[str | None, bool]:
    """(value, came_from_environment); an empty environment variable counts as unset."""
    if explicit is not None:
        return explicit, False
    value = environ.get(name) or None
    return value, value is not None


@attrs.frozen
class Streamloop(VendorSettings):
    """Streamloop: an API key (`sl_…`, sent as X-API-Key) with the workspace it acts in
    (`wksp_…`, sent as X-Workspace-Id), or an OAuth access token (sent as a bearer).

    Environment: STREAMLOOP_API_KEY, STREAMLOOP_WORKSPACE_ID, STREAMLOOP_ACCESS_TOKEN,
    STREAMLOOP_BASE_URL. When neither api_key nor access_token is passed, both are looked up;
    if both are set the API key is used.
    """

    vendor: ClassVar[str] = "streamloop"
    api_key: str | None = attrs.field(default=None, repr=_redacted)
    workspace_id: str | None = attrs.field(default=None)
    access_token: str | None = attrs.field(default=None, repr=_redacted)
    base_url: str | None = attrs.field(default=None)

    def resolve(self, environ: Mapping[str, str] | None = None) -> Self:
        env = os.environ if environ is None else environ
        api_key, key_from_env = self.api_key, False
        access_token, token_from_env = self.access_token, False
        if api_key is None and access_token is None:
            api_key, key_from_env = _pick(None, env, "STREAMLOOP_API_KEY")
            if api_key is None:
                access_token, token_from_env = _pick(None, env, "STREAMLOOP_ACCESS_TOKEN")
        base_url, url_from_env = _pick(self.base_url, env, "STREAMLOOP_BASE_URL")
        base_url = _check_base_url(
            base_url, vendor=self.vendor, env_name="STREAMLOOP_BASE_URL", from_env=url_from_env
        )
        if api_key is None and access_token is None:
            raise ConfigurationError(
                "no Streamloop credentials given: pass api_key= and workspace_id= (or set "
                "STREAMLOOP_API_KEY and STREAMLOOP_WORKSPACE_ID), or an OAuth access_token= "
                "(STREAMLOOP_ACCESS_TOKEN); accepted API keys start with 'sl_'"
            )
        if api_key is not None:
            _check_token(
                api_key,
                argument="api_key",
                env_name="STREAMLOOP_API_KEY",
                from_env=key_from_env,
                prefixes=("sl_",),
                what="Streamloop API key",
            )
            workspace_id, ws_from_env = _pick(self.workspace_id, env, "STREAMLOOP_WORKSPACE_ID")
            if workspace_id is None or not workspace_id.strip():
                raise ConfigurationError(
                    "a Streamloop API key acts in no workspace by itself: pass workspace_id= or set "
                    "STREAMLOOP_WORKSPACE_ID; accepted is the workspace id ('wksp_…') the key belongs "
                    "to (without it every call answers 400 WORKSPACE_REQUIRED)"
                )
            _check_token(
                workspace_id,
                argument="workspace_id",
                env_name="STREAMLOOP_WORKSPACE_ID",
                from_env=ws_from_env,
                prefixes=(),
                what="Streamloop workspace id",
            )
            return attrs.evolve(
                self, api_key=api_key, workspace_id=workspace_id, access_token=None, base_url=base_url
            )
        _check_token(
            access_token,
            argument="access_token",
            env_name="STREAMLOOP_ACCESS_TOKEN",
            from_env=token_from_env,
            prefixes=(),
            what="Streamloop OAuth access token",
        )
        return attrs.evolve(self, access_token=access_token, base_url=base_url)

    def secrets(self) -> tuple[str, ...]:
        return tuple(s for s in (self.api_key, self.access_token) if s)


@attrs.frozen
class Loops(VendorSettings):
    """Loops: an API key (sent as a bearer). Environment: LOOPS_API_KEY, LOOPS_BASE_URL."""

    vendor: ClassVar[str] = "loops"
    api_key: str | None = attrs.field(default=None, repr=_redacted)
    base_url: str | None = attrs.field(default=None)

    def resolve(self, environ: Mapping[str, str] | None = None) -> Self:
        env = os.environ if environ is None else environ
        api_key, from_env = _pick(self.api_key, env, "LOOPS_API_KEY")
        # Loops documents no key format, so only presence and header-safety are checked.
        api_key = _check_token(
            api_key,
            argument="api_key",
            env_name="LOOPS_API_KEY",
            from_env=from_env,
            prefixes=(),
            what="Loops API key",
        )
        base_url, url_from_env = _pick(self.base_url, env, "LOOPS_BASE_URL")
        base_url = _check_base_url(
            base_url, vendor=self.vendor, env_name="LOOPS_BASE_URL", from_env=url_from_env
        )
        return attrs.evolve(self, api_key=api_key, base_url=base_url)

    def secrets(self) -> tuple[str, ...]:
        return (self.api_key,) if self.api_key else ()


@attrs.frozen
class Flare(VendorSettings):
    """Flare: a personal access token `flr_pat_…` (sent as a bearer).
    Environment: FLARE_API_TOKEN, FLARE_BASE_URL."""

    vendor: ClassVar[str] = "flare"
    api_token: str | None = attrs.field(default=None, repr=_redacted)
    base_url: str | None = attrs.field(default=None)

    def resolve(self, environ: Mapping[str, str] | None = None) -> Self:
        env = os.environ if environ is None else environ
        token, from_env = _pick(self.api_token, env, "FLARE_API_TOKEN")
        token = _check_token(
            token,
            argument="api_token",
            env_name="FLARE_API_TOKEN",
            from_env=from_env,
            prefixes=("flr_pat_",),
            what="Flare API token",
        )
        base_url, url_from_env = _pick(self.base_url, env, "FLARE_BASE_URL")
        base_url = _check_base_url(
            base_url, vendor=self.vendor, env_name="FLARE_BASE_URL", from_env=url_from_env
        )
        return attrs.evolve(self, api_token=token, base_url=base_url)

    def secrets(self) -> tuple[str, ...]:
        return (self.api_token,) if self.api_token else ()


@attrs.frozen
class Scripe(VendorSettings):
    """Scripe: a secret key `scripe_sk_live_…` or `scripe_sk_test_…` (sent as a bearer), and the
    API version pinned on every call. Environment: SCRIPE_API_KEY, SCRIPE_BASE_URL."""

    vendor: ClassVar[str] = "scripe"
    api_key: str | None = attrs.field(default=None, repr=_redacted)
    api_version: str = attrs.field(default=DEFAULT_SCRIPE_API_VERSION)
    base_url: str | None = attrs.field(default=None)

    def resolve(self, environ: Mapping[str, str] | None = None) -> Self:
        env = os.environ if environ is None else environ
        api_key, from_env = _pick(self.api_key, env, "SCRIPE_API_KEY")
        api_key = _check_token(
            api_key,
            argument="api_key",
            env_name="SCRIPE_API_KEY",
            from_env=from_env,
            prefixes=("scripe_sk_live_", "scripe_sk_test_"),
            what="Scripe secret key",
        )
        if not _API_VERSION.match(self.api_version):
            raise ConfigurationError(
                f"api_version={self.api_version!r} is not a Scripe API version; accepted is a date "
                f"YYYY-MM-DD such as {DEFAULT_SCRIPE_API_VERSION!r}"
            )
        base_url, url_from_env = _pick(self.base_url, env, "SCRIPE_BASE_URL")
        base_url = _check_base_url(
            base_url, vendor=self.vendor, env_name="SCRIPE_BASE_URL", from_env=url_from_env
        )
        return attrs.evolve(self, api_key=api_key, base_url=base_url)

    def secrets(self) -> tuple[str, ...]:
        return (self.api_key,) if self.api_key else ()


SETTINGS_TYPES: Mapping[str, type[VendorSettings]] = {
    "streamloop": Streamloop,
    "loops": Loops,
    "flare": Flare,
    "scripe": Scripe,
}
