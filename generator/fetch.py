"""`fetch`: refresh each vendor's spec from the URL its source.toml names.

The download is validated before anything is written; a failure (offline, HTTP error, timeout,
not an OpenAPI document) changes no file. The spec is stored byte-for-byte as published, so its
sha256 in source.toml can be checked against the vendor's URL.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

import attrs
import httpx

from .documents import DocumentError, parse_document, sha256_bytes, sha256_file, write_atomically
from .errors import FetchFailed
from .layout import Layout
from .provenance import read_source, record_fetch, spec_url
from .validate import spec_problems

DEFAULT_TIMEOUT = httpx.Timeout(20.0, connect=10.0)


@attrs.frozen
class FetchOutcome:
    vendor: str
    status: str  # "updated", "unchanged" or "no spec_url"
    detail: str = ""

    def describe(self) -> str:
        return f"{self.vendor}: {self.status}" + (f" ({self.detail})" if self.detail else "")


def _download(vendor: str, url: str, client: httpx.Client) -> bytes:
    try:
        response = client.get(url)
    except httpx.TimeoutException as exc:
        raise FetchFailed(vendor, f"timed out fetching {url} ({type(exc).__name__})") from exc
    except httpx.HTTPError as exc:
        raise FetchFailed(vendor, f"could not fetch {url}: {exc}") from exc
    if response.status_code != 200:
        raise FetchFailed(vendor, f"fetching {url} answered HTTP {response.status_code}; expected 200")
    return response.content


def fetch_vendor(layout: Layout, vendor: str, client: httpx.Client, *, today: datetime.date) -> FetchOutcome:
    source_path = layout.source_path(vendor)
    source = read_source(source_path)
    url = spec_url(source)
    if url is None:
        return FetchOutcome(vendor, "no spec_url", "hand-authored from prose docs")
    body = _download(vendor, url, client)
    try:
        document = parse_document(body, name=url)
    except DocumentError as exc:
        raise FetchFailed(vendor, str(exc)) from exc
    problems = spec_problems(document)
    if problems:
        raise FetchFailed(vendor, f"{url} is not a valid OpenAPI document:\n  " + "\n  ".join(problems))
    digest = sha256_bytes(body)
    spec_path = layout.spec_path(vendor)
    if spec_path.is_file() and sha256_file(spec_path) == digest:
        return FetchOutcome(vendor, "unchanged", url)
    new_source = record_fetch(source, sha256=digest, retrieved=today.isoformat())
    previous = spec_path.read_bytes() if spec_path.is_file() else None
    write_atomically(spec_path, body)
    try:
        write_atomically(source_path, new_source)
    except BaseException:
        if previous is not None:
            spec_path.write_bytes(previous)
        raise
    return FetchOutcome(vendor, "updated", f"{url}, sha256 {digest[:12]}")


def fetch(
    layout: Layout,
    *,
    vendors: Sequence[str] | None = None,
    timeout: httpx.Timeout = DEFAULT_TIMEOUT,
    today: datetime.date | None = None,
) -> list[FetchOutcome]:
    """Fetch every selected vendor; stops at the first failure (earlier vendors stay updated)."""
    day = today or datetime.datetime.now(datetime.UTC).date()
    with httpx.Client(timeout=timeout, follow_redirects=True) as client:
        return [fetch_vendor(layout, vendor, client, today=day) for vendor in vendors or layout.vendors()]
