"""`fetch` against a real HTTP server on 127.0.0.1: a spec is replaced only when it is good."""

from __future__ import annotations

import datetime
import http.server
import json
import shutil
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator.coverage import facade_operations
from generator.documents import load_document, sha256_bytes
from generator.errors import FetchFailed
from generator.fetch import fetch
from generator.layout import Layout
from generator.provenance import read_source

from .conftest import REPO


def _loops_document(*, complete: bool = True, version: str = "9.9.9") -> bytes:
    """A Loops document as the vendor might publish it: both upload operations, or only the first."""
    ok = {"200": {"description": "ok"}}
    paths: dict[str, Any] = {"/v1/uploads": {"post": {"operationId": "createUpload", "responses": ok}}}
    if complete:
        paths["/v1/uploads/{emailAssetId}/complete"] = {
            "post": {
                "operationId": "completeUpload",
                "parameters": [
                    {"name": "emailAssetId", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": ok,
            }
        }
    document = {"openapi": "3.1.0", "info": {"title": "Loops", "version": version}, "paths": paths}
    return json.dumps(document, indent=1).encode() + b"\n"


GOOD_SPEC = _loops_document()
PARTIAL_SPEC = _loops_document(complete=False)
INVALID_SPEC = b'{"openapi": "3.1.0", "info": {"title": "Loops"}, "paths": {}}\n'
ROUTES: dict[str, tuple[int, bytes, float]] = {
    "/good.json": (200, GOOD_SPEC, 0.0),
    "/invalid.json": (200, INVALID_SPEC, 0.0),
    "/html": (200, b"<html><body>Sign in</body>", 0.0),
    "/slow.json": (200, GOOD_SPEC, 3.0),
    "/partial.json": (200, PARTIAL_SPEC, 0.0),
    "/curated.json": (200, b"", 0.0),  # filled in by the test that serves the curated spec itself
}


class SpecHandler(http.server.BaseHTTPRequestHandler):
    server: SpecServer

    def do_GET(self) -> None:
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/good.json")
            self.end_headers()
            return
        status, body, delay = ROUTES.get(self.path, (404, b"not found", 0.0))
        # Released early when the module's tests end, so no handler outlives them.
        self.server.closing.wait(delay)
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class SpecServer(http.server.ThreadingHTTPServer):
    """Handler threads are joined on close (not daemons), and a handler's failure is kept rather
    than printed: the slow route answers a client that timed out long ago, and socketserver's
    default `handle_error` would print that BrokenPipeError's traceback to stderr from its thread,
    in the middle of whichever test runs then."""

    daemon_threads = False
    block_on_close = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), SpecHandler)
        self.closing = threading.Event()
        self.errors: list[BaseException] = []

    def handle_error(self, request: object, client_address: object) -> None:
        error = sys.exc_info()[1]
        if error is not None and not isinstance(error, ConnectionError):  # a client that left is fine
            self.errors.append(error)


@pytest.fixture(scope="module")
def spec_server() -> Iterator[str]:
    server = SpecServer()
    thread = threading.Thread(target=server.serve_forever)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.closing.set()
        server.shutdown()
        server.server_close()  # joins every handler thread
        thread.join()
    assert server.errors == []


def point_loops_at(layout: Layout, url: str, *, kind: str = "official") -> None:
    """Loops' spec_url set to `url`; its kind set to `kind` (the repository's is hand-authored)."""
    source = layout.source_path("loops")
    text = source.read_text(encoding="utf-8")
    document = read_source(source)
    text = text.replace(str(document["spec_url"]), url)
    source.write_text(text.replace(f'kind = "{document["kind"]}"', f'kind = "{kind}"', 1), encoding="utf-8")


def snapshot(layout: Layout) -> dict[str, bytes]:
    folder = layout.specs_dir / "loops"
    return {p.name: p.read_bytes() for p in folder.iterdir()}


DAY = datetime.date(2026, 11, 22)


def test_official_spec_is_replaced_and_records_provenance(scratch_repo: Layout, spec_server: str) -> None:
    point_loops_at(scratch_repo, f"{spec_server}/good.json")
    [outcome] = fetch(scratch_repo, vendors=["loops"], today=DAY)
    assert outcome.status == "updated"
    assert scratch_repo.spec_path("loops").read_bytes() == GOOD_SPEC  # stored as published
    source = read_source(scratch_repo.source_path("loops"))
    assert source["sha256"] == sha256_bytes(GOOD_SPEC)
    assert source["kind"] == "official"
    assert source["retrieved"] == "2026-11-22"
    assert "[[docs]]" in scratch_repo.source_path("loops").read_text(encoding="utf-8")  # the rest is kept
    # fetching the same bytes again changes nothing
    assert fetch(scratch_repo, vendors=["loops"], today=DAY)[0].status == "unchanged"


def test_redirects_are_followed(scratch_repo: Layout, spec_server: str) -> None:
    point_loops_at(scratch_repo, f"{spec_server}/moved")
    assert fetch(scratch_repo, vendors=["loops"], today=DAY)[0].status == "updated"
    assert scratch_repo.spec_path("loops").read_bytes() == GOOD_SPEC


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/invalid.json", "is not a valid OpenAPI document"),
        ("/html", "is not a valid OpenAPI document"),
        ("/missing.json", "answered HTTP 404; expected 200"),
    ],
)
def test_bad_downloads_change_nothing(
    scratch_repo: Layout, spec_server: str, path: str, message: str
) -> None:
    point_loops_at(scratch_repo, f"{spec_server}{path}")
    before = snapshot(scratch_repo)
    with pytest.raises(FetchFailed, match=message) as failure:
        fetch(scratch_repo, vendors=["loops"], today=DAY)
    assert failure.value.vendor == "loops"
    assert snapshot(scratch_repo) == before


def test_timeout_changes_nothing(scratch_repo: Layout, spec_server: str) -> None:
    point_loops_at(scratch_repo, f"{spec_server}/slow.json")
    before = snapshot(scratch_repo)
    with pytest.raises(FetchFailed, match="timed out"):
        fetch(scratch_repo, vendors=["loops"], timeout=httpx.Timeout(0.5), today=DAY)
    assert snapshot(scratch_repo) == before


def test_offline_is_a_clear_error(scratch_repo: Layout) -> None:
    # Port 9 on loopback has no listener: the connection is refused at once.
    point_loops_at(scratch_repo, "http://127.0.0.1:9/openapi.json")
    before = snapshot(scratch_repo)
    with pytest.raises(FetchFailed, match=r"could not fetch http://127\.0\.0\.1:9/openapi\.json"):
        fetch(scratch_repo, vendors=["loops"], today=DAY)
    assert snapshot(scratch_repo) == before


def test_vendors_without_spec_url_are_skipped(scratch_repo: Layout) -> None:
    [outcome] = fetch(scratch_repo, vendors=["flare"], today=DAY)
    assert outcome.status == "no spec_url"
    assert not Path(scratch_repo.spec_path("flare").with_suffix(".yaml.tmp")).exists()


def test_official_spec_lacking_a_facade_operation_is_refused(scratch_repo: Layout, spec_server: str) -> None:
    point_loops_at(scratch_repo, f"{spec_server}/partial.json")
    before = snapshot(scratch_repo)
    with pytest.raises(FetchFailed, match=r"lacks operations the facade uses \(completeUpload \(POST"):
        fetch(scratch_repo, vendors=["loops"], today=DAY)
    assert snapshot(scratch_repo) == before


def test_curated_spec_is_kept_and_the_document_written_beside(scratch_repo: Layout, spec_server: str) -> None:
    point_loops_at(scratch_repo, f"{spec_server}/good.json", kind="hand-authored")
    curated = scratch_repo.spec_path("loops").read_bytes()
    [outcome] = fetch(scratch_repo, vendors=["loops"], today=DAY)
    assert outcome.status == "written beside" and not outcome.spec_replaced
    assert scratch_repo.spec_path("loops").read_bytes() == curated
    upstream = scratch_repo.specs_dir / "loops" / "upstream.json"
    assert upstream.read_bytes() == GOOD_SPEC
    source = read_source(scratch_repo.source_path("loops"))
    assert source["kind"] == "hand-authored"  # still describes openapi.yaml
    assert source["upstream"]["sha256"] == sha256_bytes(GOOD_SPEC)
    assert source["upstream"]["file"] == "upstream.json"
    assert outcome.coverage is not None and outcome.coverage.complete
    assert "covers 2 of the 2 operations the facade uses" in outcome.describe()
    # The same document again: nothing is written at all.
    before = snapshot(scratch_repo)
    assert (
        fetch(scratch_repo, vendors=["loops"], today=DAY + datetime.timedelta(days=7))[0].status
        == "unchanged"
    )
    assert snapshot(scratch_repo) == before


def test_adopting_a_curated_spec_is_refused_until_the_facade_operations_are_present(
    scratch_repo: Layout, spec_server: str
) -> None:
    point_loops_at(scratch_repo, f"{spec_server}/partial.json", kind="official excerpt")
    [outcome] = fetch(scratch_repo, vendors=["loops"], today=DAY)
    assert outcome.status == "written beside"
    assert outcome.coverage is not None
    assert [op.operation_id for op in outcome.coverage.missing] == ["completeUpload"]
    assert "MISSING: completeUpload (POST /v1/uploads/{emailAssetId}/complete)" in outcome.describe()
    before = snapshot(scratch_repo)
    with pytest.raises(FetchFailed, match="lacks operations the facade uses"):
        fetch(scratch_repo, vendors=["loops"], today=DAY, adopt=True)
    assert snapshot(scratch_repo) == before
    point_loops_at(scratch_repo, f"{spec_server}/good.json", kind="official excerpt")
    [adopted] = fetch(scratch_repo, vendors=["loops"], today=DAY, adopt=True)
    assert adopted.status == "adopted" and adopted.spec_replaced
    assert scratch_repo.spec_path("loops").read_bytes() == GOOD_SPEC
    assert read_source(scratch_repo.source_path("loops"))["kind"] == "official"
    assert not list((scratch_repo.specs_dir / "loops").glob("upstream.*"))


def test_the_url_can_be_overridden_from_the_environment(scratch_repo: Layout, spec_server: str) -> None:
    point_loops_at(scratch_repo, "http://127.0.0.1:9/never-asked.json")
    environ = {"PRESIGNKIT_SPEC_URL_LOOPS": f"{spec_server}/good.json"}
    [outcome] = fetch(scratch_repo, vendors=["loops"], today=DAY, environ=environ)
    assert outcome.status == "updated"
    assert scratch_repo.spec_path("loops").read_bytes() == GOOD_SPEC


def test_assumptions_are_confirmed_or_contradicted_by_the_published_document(
    scratch_repo: Layout, spec_server: str
) -> None:
    published = load_document(scratch_repo.spec_path("loops"))
    ROUTES["/curated.json"] = (200, json.dumps(published).encode(), 0.0)
    point_loops_at(scratch_repo, f"{spec_server}/curated.json", kind="hand-authored")
    [same] = fetch(scratch_repo, vendors=["loops"], today=DAY)
    assert same.coverage is not None and same.coverage.differences == ()
    verdicts = {v.what: v.verdict for v in same.coverage.assumptions}
    expires = next(what for what in verdicts if what.startswith("expiresAt is an optional date-time"))
    assert verdicts[expires] == "confirmed"
    # A new optional property beside it leaves the assumption true.
    published["components"]["schemas"]["CreateUploadResponse"]["properties"]["checksum"] = {"type": "string"}
    ROUTES["/curated.json"] = (200, json.dumps(published).encode(), 0.0)
    [added] = fetch(scratch_repo, vendors=["loops"], today=DAY)
    assert added.coverage is not None and added.coverage.differences
    assert {v.what: v.verdict for v in added.coverage.assumptions}[expires] == "confirmed"
    # The vendor's document drops expiresAt: the assumption about it is contradicted.
    del published["components"]["schemas"]["CreateUploadResponse"]["properties"]["expiresAt"]
    ROUTES["/curated.json"] = (200, json.dumps(published).encode(), 0.0)
    [changed] = fetch(scratch_repo, vendors=["loops"], today=DAY)
    assert changed.coverage is not None
    [verdict] = [v for v in changed.coverage.assumptions if v.what == expires]
    assert verdict.verdict == "contradicted"
    assert "expiresAt" in " ".join(verdict.evidence)


def test_facade_operations_are_read_from_the_facade_imports(scratch_repo: Layout) -> None:
    shutil.copytree(REPO / "presignkit", scratch_repo.root / "presignkit")
    used = {op.operation_id for op in facade_operations(scratch_repo, "streamloop")}
    assert used == {"createUpload", "generateUploadUrl", "completeUpload"}  # not getUpload
