"""`fetch`: refresh each vendor's spec from the URL its source.toml names, respecting its `kind`.

- `kind = "official"`: the spec *is* the vendor's document; a new one replaces `openapi.yaml`.
- any other kind (`official excerpt`, `hand-authored`): the spec is curated (operations added from
  docs, recorded assumptions and contradictions), so the download never silently replaces it. It is
  written beside it as `upstream.json`/`upstream.yaml`, and the outcome reports which operations
  the facade uses it covers and which recorded assumptions it confirms or contradicts. `adopt=True`
  (`--adopt`) replaces the curated spec with it (kind becomes `official`), and is refused until every
  operation the facade uses is present.
- Whatever the kind, a document that lacks an operation the facade uses is never made the spec.

The download is validated before anything is written; a failure (offline, HTTP error, timeout,
not an OpenAPI document) changes no file. Documents are stored byte-for-byte as published, so
their sha256 in source.toml can be checked against the vendor's URL. An unchanged document (same
sha256 as the stored one) writes nothing.

`PRESIGNKIT_SPEC_URL_<VENDOR>` (e.g. PRESIGNKIT_SPEC_URL_LOOPS) overrides a vendor's spec_url, so
tests and dry runs can point a vendor at a local server.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import attrs
import httpx

from .coverage import Coverage, assess, facade_operations
from .documents import (
    DocumentError,
    JSONValue,
    load_document,
    parse_document,
    sha256_bytes,
    sha256_file,
    write_atomically,
)
from .errors import FetchFailed
from .layout import Layout
from .provenance import read_source, record_fetch, record_upstream, spec_url
from .validate import spec_problems

DEFAULT_TIMEOUT = httpx.Timeout(20.0, connect=10.0)
OFFICIAL = "official"
URL_OVERRIDE = "PRESIGNKIT_SPEC_URL_{vendor}"


@attrs.frozen
class FetchOutcome:
    vendor: str
    status: str  # "updated", "adopted", "written beside", "unchanged" or "no spec_url"
    detail: str = ""
    coverage: Coverage | None = None
    written: tuple[Path, ...] = ()

    @property
    def spec_replaced(self) -> bool:
        """Whether openapi.yaml changed, so the client must be regenerated."""
        return self.status in ("updated", "adopted")

    def describe(self) -> str:
        head = f"{self.vendor}: {self.status}" + (f" ({self.detail})" if self.detail else "")
        if self.coverage is None:
            return head
        return "\n".join([head, *(f"  {line}" for line in self.coverage.describe())])


def url_override_variable(vendor: str) -> str:
    return URL_OVERRIDE.format(vendor=vendor.upper())


def upstream_path(layout: Layout, vendor: str, body: bytes) -> Path:
    suffix = ".json" if body.lstrip()[:1] in (b"{", b"[") else ".yaml"
    return layout.specs_dir / vendor / f"upstream{suffix}"


def existing_upstream(layout: Layout, vendor: str) -> Path | None:
    return next((p for p in sorted((layout.specs_dir / vendor).glob("upstream.*")) if p.is_file()), None)


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


def _validated(vendor: str, url: str, body: bytes) -> JSONValue:
    try:
        document = parse_document(body, name=url)
    except DocumentError as exc:
        raise FetchFailed(vendor, str(exc)) from exc
    problems = spec_problems(document)
    if problems:
        raise FetchFailed(vendor, f"{url} is not a valid OpenAPI document:\n  " + "\n  ".join(problems))
    return document


def _write_together(files: Mapping[Path, bytes | str]) -> None:
    """Write every file or, on failure, put back what was there."""
    previous = {path: path.read_bytes() if path.is_file() else None for path in files}
    try:
        for path, data in files.items():
            write_atomically(path, data)
    except BaseException:
        for path, content in previous.items():
            if content is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(content)
        raise


def fetch_vendor(
    layout: Layout,
    vendor: str,
    client: httpx.Client,
    *,
    today: datetime.date,
    environ: Mapping[str, str] | None = None,
    adopt: bool = False,
) -> FetchOutcome:
    source_path = layout.source_path(vendor)
    source = read_source(source_path)
    url = (environ if environ is not None else os.environ).get(url_override_variable(vendor)) or spec_url(
        source
    )
    if url is None:
        return FetchOutcome(vendor, "no spec_url", "hand-authored from prose docs")
    body = _download(vendor, url, client)
    document = _validated(vendor, url, body)
    digest = sha256_bytes(body)
    spec_path = layout.spec_path(vendor)
    curated = str(source.get("kind", OFFICIAL)) != OFFICIAL
    if not curated or adopt:
        if spec_path.is_file() and sha256_file(spec_path) == digest:
            return FetchOutcome(vendor, "unchanged", url)
    else:
        beside = existing_upstream(layout, vendor)
        if beside is not None and sha256_file(beside) == digest:
            return FetchOutcome(vendor, "unchanged", f"{url}, same as {beside.name}")
    coverage = assess(
        load_document(spec_path), document, facade_operations(layout, vendor), source.get("assumptions") or []
    )
    if curated and not adopt:
        target = upstream_path(layout, vendor, body)
        text = record_upstream(source, file=target.name, url=url, sha256=digest, retrieved=today.isoformat())
        stale = existing_upstream(layout, vendor)
        _write_together({target: body, source_path: text})
        if stale is not None and stale != target:
            stale.unlink()
        where = target.relative_to(layout.root)
        detail = f"{url} written to {where}; {spec_path.name} is curated ({source['kind']}) and kept"
        return FetchOutcome(vendor, "written beside", detail, coverage, (target, source_path))
    if not coverage.complete:
        missing = ", ".join(op.describe() for op in coverage.missing)
        raise FetchFailed(
            vendor,
            f"{url} lacks operations the facade uses ({missing}); {spec_path.name} is not replaced. "
            "Keep the current spec, or change the facade first",
        )
    _write_together(
        {spec_path: body, source_path: record_fetch(source, sha256=digest, retrieved=today.isoformat())}
    )
    for stale in [existing_upstream(layout, vendor)] if adopt else []:
        if stale is not None:
            stale.unlink()
    status = "adopted" if curated else "updated"
    return FetchOutcome(vendor, status, f"{url}, sha256 {digest[:12]}", coverage, (spec_path, source_path))


def fetch(
    layout: Layout,
    *,
    vendors: Sequence[str] | None = None,
    timeout: httpx.Timeout = DEFAULT_TIMEOUT,
    today: datetime.date | None = None,
    environ: Mapping[str, str] | None = None,
    adopt: bool = False,
) -> list[FetchOutcome]:
    """Fetch every selected vendor; stops at the first failure (earlier vendors stay updated)."""
    day = today or datetime.datetime.now(datetime.UTC).date()
    with httpx.Client(timeout=timeout, follow_redirects=True) as client:
        return [
            fetch_vendor(layout, vendor, client, today=day, environ=environ, adopt=adopt)
            for vendor in vendors or layout.vendors()
        ]
