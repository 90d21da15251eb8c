"""Vendor settings, declared: each vendor's class says which values it takes (argument, environment
variable, key rules, secret or not) and this module resolves and checks them all the same way.

Values given as arguments win; what is missing is read from the environment when an Uploader is
built (`resolve()`), so `Loops()` works in a shell with LOOPS_API_KEY exported. Every check
raises ConfigurationError naming the argument or environment variable and the accepted form,
and never echoes a key; reprs show `'***'` instead of keys. The vendors' classes live in
`presignkit.vendors.<vendor>.settings`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Self
from urllib.parse import urlsplit

import attrs

from presignkit.client_options import ClientOptions
from presignkit.errors import ConfigurationError
from presignkit.headers import check_header_value

if TYPE_CHECKING:
    # A default of Any lets shared code write plain `VendorSettings`; Python 3.11's TypeVar has
    # no `default`, and only the type checker needs one, so the runtime uses the plain TypeVar.
    from typing_extensions import TypeVar

    ClientT = TypeVar("ClientT", default=Any)
else:
    from typing import TypeVar

    ClientT = TypeVar("ClientT")

_TOKEN_CHARACTERS = re.compile(r"[\x21-\x7e]+")  # printable ASCII, no spaces: a header value


def _redacted(value: str | None) -> str:
    return "None" if value is None else "'***'"


def secret_field() -> Any:
    """An attrs field for key material: None by default, `'***'` in reprs."""
    return attrs.field(default=None, repr=_redacted)


@attrs.frozen
class Setting:
    """One value a vendor takes: from the `argument` of its settings class, else from `env_var`.

    Checked with a FULL match (`pattern`, or a printable-ASCII token with one of `prefixes`),
    and always with the header-value check, since every setting is sent as a header.
    """

    argument: str
    env_var: str | None
    what: str  # "Loops API key", for messages
    secret: bool = False
    prefixes: tuple[str, ...] = ()
    pattern: str | None = None  # a full-match regular expression
    accepted: str | None = None  # how to describe the accepted form; derived when None
    missing: str | None = None  # the message when it is required and absent; derived when None

    def accepted_form(self) -> str:
        if self.accepted is not None:
            return self.accepted
        if self.prefixes:
            return f"a {self.what} starting with {' or '.join(repr(p) for p in self.prefixes)}"
        return f"a non-empty {self.what}"

    def where(self, from_env: bool) -> str:
        return self.env_var if from_env and self.env_var else f"the {self.argument} argument"

    def missing_message(self) -> str:
        if self.missing is not None:
            return self.missing
        source = f"pass {self.argument}=" + (f" or set {self.env_var}" if self.env_var else "")
        return f"no {self.what} given: {source}; accepted is {self.accepted_form()}"

    def check(self, value: str, *, from_env: bool, vendor: str | None = None) -> str:
        where, accepted = self.where(from_env), self.accepted_form()
        if not value.strip():
            raise ConfigurationError(self.missing_message(), vendor=vendor)
        check_header_value(value, where=where, accepted=accepted, error=ConfigurationError, vendor=vendor)
        if self.pattern is not None:
            if re.fullmatch(self.pattern, value) is None:
                shown = "" if self.secret else f" ({value!r})"
                raise ConfigurationError(f"{where}{shown} is not {accepted}", vendor=vendor)
            return value
        if _TOKEN_CHARACTERS.fullmatch(value) is None:
            raise ConfigurationError(
                f"{where} holds spaces or non-printable characters (a copy-paste error?); "
                f"accepted is {accepted}",
                vendor=vendor,
            )
        if self.prefixes and not any(value.startswith(p) and len(value) > len(p) for p in self.prefixes):
            raise ConfigurationError(f"{where} is not {accepted}", vendor=vendor)
        return value


def _pick(explicit: str | None, environ: Mapping[str, str], name: str | None) -> tuple[str | None, bool]:
    """(value, came_from_environment); an empty environment variable counts as unset."""
    if explicit is not None or name is None:
        return explicit, False
    value = environ.get(name) or None
    return value, value is not None


class VendorSettings(Generic[ClientT]):
    """What every vendor's settings class declares, and the one `resolve()` they all share.

    `credentials` lists the accepted ways to authenticate, in order of preference; each way is a
    tuple of settings required together (Streamloop: an API key with its workspace id, or an
    OAuth token). A way whose first setting was passed as an argument wins; otherwise the first
    way whose first setting is in the environment. `options` are further checked settings.
    Every class also has a `base_url` field, and builds its generated `AuthenticatedClient`
    (`ClientT`) in `build_client`; `presignkit.typed_client.ClientSettings` adds `client()` /
    `async_client()`, which hand it to users, configured.
    """

    __slots__ = ()
    vendor: ClassVar[str]
    title: ClassVar[str]
    default_base_url: ClassVar[str]  # mirrors the effective spec's servers[0].url (a test checks)
    base_url_env: ClassVar[str]
    credentials: ClassVar[tuple[tuple[Setting, ...], ...]]
    options: ClassVar[tuple[Setting, ...]] = ()
    missing_credentials: ClassVar[str | None] = None  # when several ways exist: how to give one

    @classmethod
    def declared(cls) -> tuple[Setting, ...]:
        return tuple(s for way in cls.credentials for s in way) + cls.options

    @classmethod
    def env_vars(cls) -> tuple[str, ...]:
        names = [s.env_var for s in cls.declared() if s.env_var]
        return (*names, cls.base_url_env)

    def resolve(self, environ: Mapping[str, str] | None = None) -> Self:
        """A copy with missing values read from `environ` (default os.environ), all validated."""
        env = os.environ if environ is None else environ
        base_url, url_from_env = _pick(getattr(self, "base_url", None), env, self.base_url_env)
        changes: dict[str, str | None] = {
            "base_url": _check_base_url(type(self), base_url, from_env=url_from_env)
        }
        chosen = self._choose_credentials(env)
        for way in self.credentials:
            for setting in way:
                if way is not chosen:
                    changes[setting.argument] = None
                    continue
                value, from_env = _pick(getattr(self, setting.argument), env, setting.env_var)
                if value is None:
                    raise ConfigurationError(setting.missing_message(), vendor=self.vendor)
                changes[setting.argument] = setting.check(value, from_env=from_env, vendor=self.vendor)
        for setting in self.options:
            value, from_env = _pick(getattr(self, setting.argument), env, setting.env_var)
            if value is not None:
                changes[setting.argument] = setting.check(value, from_env=from_env, vendor=self.vendor)
        resolved: Self = attrs.evolve(self, **changes)  # type: ignore[misc]
        return resolved

    def _choose_credentials(self, env: Mapping[str, str]) -> tuple[Setting, ...]:
        for way in self.credentials:
            if getattr(self, way[0].argument) is not None:
                return way
        for way in self.credentials:
            if _pick(None, env, way[0].env_var)[0] is not None:
                return way
        if self.missing_credentials is not None:
            raise ConfigurationError(self.missing_credentials, vendor=self.vendor)
        raise ConfigurationError(self.credentials[0][0].missing_message(), vendor=self.vendor)

    def secrets(self) -> tuple[str, ...]:
        """The key material, so that it can be scrubbed from anything a vendor echoes back."""
        values = (getattr(self, s.argument) for s in self.declared() if s.secret)
        return tuple(v for v in values if v)

    @property
    def resolved_base_url(self) -> str:
        base_url: str | None = getattr(self, "base_url", None)
        return (base_url or self.default_base_url).rstrip("/")

    # -- the typed client --------------------------------------------------------------------------

    def build_client(self, options: ClientOptions) -> ClientT:
        """The vendor's generated AuthenticatedClient for these resolved settings: its auth
        scheme, the headers every call needs and the base URL. The one place a vendor's client is
        constructed: the uploaders and `client()` / `async_client()` all call it."""
        raise NotImplementedError(f"{type(self).__name__} declares no build_client")


def _check_base_url(settings: type[VendorSettings], value: str | None, *, from_env: bool) -> str | None:
    if value is None:
        return None
    where = settings.base_url_env if from_env else "the base_url argument"
    accepted = (
        "an absolute http(s) URL without query or fragment, spaces or control characters, e.g. "
        f"{settings.default_base_url!r}"
    )
    try:
        parts = urlsplit(value)
        port_ok = parts.port is None or parts.port > 0  # raises ValueError above 65535
    except ValueError:  # an unbalanced '[' or a port that is not a number
        port_ok = False
        parts = urlsplit("")
    if (
        not port_ok
        or value != value.strip()
        or re.search(r"[\x00-\x20\x7f]", value)
        or parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.query
        or parts.fragment
    ):
        raise ConfigurationError(
            f"{where} ({value!r}) is not a usable base URL; accepted is {accepted}", vendor=settings.vendor
        )
    return value.rstrip("/")
