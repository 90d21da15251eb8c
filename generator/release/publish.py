"""Upload to the package index named by the environment, with twine; secrets never reach output.

PRESIGNKIT_INDEX_URL is the index's *upload* URL: `https://upload.pypi.org/legacy/` for PyPI, the
server root (`http://host:port/`) for a pypiserver. The password reaches twine through its
environment (TWINE_PASSWORD), never the command line, and is scrubbed from anything we print.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Mapping
from urllib.parse import urlsplit, urlunsplit

import attrs

from .artefacts import Artefacts
from .errors import CredentialsMissing, UploadFailed

URL_VARIABLE = "PRESIGNKIT_INDEX_URL"
USERNAME_VARIABLE = "PRESIGNKIT_INDEX_USERNAME"
PASSWORD_VARIABLE = "PRESIGNKIT_INDEX_PASSWORD"
_REDACTED = "********"
_STATUS = re.compile(r"\b([45]\d\d)\b")
_TAIL = 15


@attrs.frozen(repr=False)
class IndexCredentials:
    url: str
    username: str
    password: str

    def __repr__(self) -> str:
        return f"IndexCredentials(url={self.safe_url!r}, username={self.username!r}, password={_REDACTED!r})"

    @property
    def safe_url(self) -> str:
        return printable_url(self.url)

    def redact(self, text: str) -> str:
        for secret in {self.password, self.url} - {""}:
            text = text.replace(secret, self.safe_url if secret == self.url else _REDACTED)
        return text


def printable_url(url: str) -> str:
    """`url` without any user:password@ part."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit(parts._replace(netloc=netloc))


def credentials_from_env(environ: Mapping[str, str]) -> IndexCredentials:
    variables = (URL_VARIABLE, USERNAME_VARIABLE, PASSWORD_VARIABLE)
    missing = [name for name in variables if not environ.get(name)]
    if missing:
        raise CredentialsMissing(
            f"cannot upload: {', '.join(missing)} {'is' if len(missing) == 1 else 'are'} not set; set "
            f"{URL_VARIABLE} (the index's upload URL), {USERNAME_VARIABLE} and {PASSWORD_VARIABLE}, "
            "or use --dry-run"
        )
    return IndexCredentials(*(environ[name] for name in variables))


def upload(artefacts: Artefacts, credentials: IndexCredentials) -> None:
    env = dict(os.environ)
    env.update(
        TWINE_USERNAME=credentials.username,
        TWINE_PASSWORD=credentials.password,
        # No keyring lookups: they are slow without a desktop session and the password is given.
        PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring",
    )
    command = [
        sys.executable, "-m", "twine", "upload", "--non-interactive", "--disable-progress-bar",
        "--repository-url", credentials.url, *map(str, artefacts.files),
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0:
        output = credentials.redact(result.stdout + result.stderr)
        raise UploadFailed(_explain(output, credentials.safe_url))


def _explain(output: str, url: str) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    statuses = _STATUS.findall(" ".join(lines[-_TAIL:]))
    if "403" in statuses or "401" in statuses:
        why = f"the index refused the credentials; check {USERNAME_VARIABLE} and {PASSWORD_VARIABLE}"
    elif "400" in statuses or "409" in statuses:
        why = "the index refused the files; most often this version already exists there (no overwrites)"
    else:
        why = "see twine's output"
    tail = "\n  ".join(lines[-_TAIL:])
    return f"upload to {url} failed: {why}\n  {tail}"
