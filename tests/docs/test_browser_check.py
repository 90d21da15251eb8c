"""The browser check reads the operations table and anchors as rendered, and names what is missing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from devtools.docsite import browser_check, typed_clients
from devtools.docsite.browser_check import RenderedPage

ROOT = Path(__file__).resolve().parents[2]


def _loops() -> typed_clients.TypedClient:
    (client,) = [c for c in typed_clients.load_typed_clients(ROOT) if c.vendor == "loops"]
    return client


def _page(rows: list[str], anchors: list[str]) -> str:
    """The shape Material gives a vendor page: a headed table, then one section per operation."""
    body = "".join(f'<tr><td><a href="#{row}"><code>{row}</code></a></td><td>POST</td></tr>' for row in rows)
    sections = "".join(f'<h3 id="{anchor}">x</h3>' for anchor in anchors)
    return (
        '<html><body><table><tbody><tr><td><a href="#x">nav table</a></td></tr></tbody></table>'
        '<h2 id="operations">Operations</h2>'
        f"<div><table><thead><tr><th>operation</th></tr></thead><tbody>{body}</tbody></table></div>"
        f"{sections}</body></html>"
    )


def _all_anchors(client: typed_clients.TypedClient) -> list[str]:
    return [
        anchor
        for op in client.operations
        for anchor in (op.operation_id, *(f"{op.module}.{f}" for f in typed_clients.OPERATION_FUNCTIONS))
    ]


def test_a_complete_page_passes() -> None:
    client = _loops()
    page = RenderedPage(_page(["createUpload", "completeUpload"], _all_anchors(client)))
    assert page.operation_rows == ["createUpload", "completeUpload"]
    assert browser_check.vendor_page_problems(client, page) == []


def test_a_missing_row_is_reported() -> None:
    client = _loops()
    page = RenderedPage(_page(["createUpload"], _all_anchors(client)))
    (problem,) = browser_check.vendor_page_problems(client, page)
    assert "lists ['createUpload'], the effective spec has ['createUpload', 'completeUpload']" in problem


def test_an_operation_whose_functions_did_not_render_is_reported() -> None:
    client = _loops()
    anchors = [a for a in _all_anchors(client) if a != "presignkit_loops.api.uploads.complete_upload.asyncio"]
    (problem,) = browser_check.vendor_page_problems(
        client, RenderedPage(_page(["createUpload", "completeUpload"], anchors))
    )
    assert (
        "completeUpload is rendered without the ids ['presignkit_loops.api.uploads.complete_upload.asyncio']"
        in problem
    )


def test_the_overview_must_link_each_vendor_page(tmp_path: Path) -> None:
    client = _loops()
    overview = tmp_path / "clients" / "index.html"
    linked = RenderedPage('<a href="loops/">Loops</a>')
    assert browser_check.overview_problems(overview, [client], tmp_path, linked) == []
    unlinked = RenderedPage('<a href="flare/">Flare</a>')
    (problem,) = browser_check.overview_problems(overview, [client], tmp_path, unlinked)
    assert "no link to the loops page" in problem


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian's chromium is not installed")
def test_chromium_reports_the_dom_after_the_page_scripts_ran(tmp_path: Path) -> None:
    # The rows exist only once the script has run: reading the file would find none.
    page = tmp_path / "page.html"
    page.write_text(
        '<html><body><h2 id="operations">Operations</h2><table><tbody id="rows"></tbody></table><script>'
        "for (const id of ['createUpload', 'completeUpload']) {"
        " const row = document.createElement('tr'); const cell = document.createElement('td');"
        " cell.textContent = id; row.appendChild(cell); document.getElementById('rows').appendChild(row); }"
        "</script></body></html>"
    )
    assert RenderedPage(page.read_text()).operation_rows == []
    rendered = browser_check.render(browser_check.find_chromium(), page)
    assert rendered.operation_rows == ["createUpload", "completeUpload"]
