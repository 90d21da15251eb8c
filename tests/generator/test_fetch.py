"""`fetch` against a real HTTP server on 127.0.0.1: a spec is replaced only when it is good."""

from __future__ import annotations

import datetime
import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from generator.documents import sha256_bytes
from generator.errors import FetchFailed
from generator.fetch import fetch
from generator.layout import Layout
from generator.provenance import read_source

GOOD_SPEC = b"""{"openapi": "3.1.0", "info": {"title": "Loops", "version": "9.9.9"},
 "paths": {"/v1/uploads": {"post": {"operationId": "createUpload",
   "responses": {"200": {"description": "ok"}}}}}}
"""
INVALID_SPEC = b'{"openapi": "3.1.0", "info": {"title": "Loops"}, "paths": {}}\n'
ROUTES: dict[str, tuple[int, bytes, float]] = {
    "/good.json": (200, GOOD_SPEC, 0.0),
    "/invalid.json": (200, INVALID_SPEC, 0.0),
    "/html": (200, b"<html><body>Sign in</body>", 0.0),
    "/slow.json": (200, GOOD_SPEC, 3.0),
}


class SpecHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/good.json")
            self.end_headers()
            return
        status, body, delay = ROUTES.get(self.path, (404, b"not found", 0.0))
        time.sleep(delay)
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def spec_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), SpecHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def point_loops_at(layout: Layout, url: str) -> None:
    source = layout.source_path("loops")
    text = source.read_text(encoding="utf-8")
    document = read_source(source)
    source.write_text(text.replace(str(document["spec_url"]), url), encoding="utf-8")


def snapshot(layout: Layout) -> dict[str, bytes]:
    folder = layout.specs_dir / "loops"
    return {p.name: p.read_bytes() for p in folder.iterdir()}


DAY = datetime.date(2026, 11, 22)


def test_good_spec_replaces_openapi_yaml_and_records_provenance(
    scratch_repo: Layout, spec_server: str
) -> None:
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
