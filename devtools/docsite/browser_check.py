"""Open the built reference site in headless Chromium and check what a reader is shown.

`python -m devtools.docsite.browser_check build/docs-site [--screenshots DIR]` (run by
`nox -s docs -- --check`). For each typed client it loads the vendor's page as Chromium renders it
(`--dump-dom`, after the page's scripts ran) and fails unless the operations table lists exactly the
operations of the package's effective spec, in order, and each operation's section shows its four
generated functions; the typed-client overview must link every vendor's page. Needs Debian's
`chromium` package (`apt-get install chromium`).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

from devtools.docsite.typed_clients import OPERATION_FUNCTIONS, TypedClient, load_typed_clients

CHROMIUM_NAMES = ("chromium", "chromium-browser")
CHROMIUM_TIMEOUT_S = 120


class BrowserCheckError(Exception):
    """Chromium is missing or failed, or the site was not built."""


class RenderedPage(HTMLParser):
    """What the check reads from a rendered page: element ids, link targets and the operations table."""

    def __init__(self, dom: str) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.operation_rows: list[str] = []  # text of each body row's first cell
        self._table_state = "before"  # before -> heading seen -> in table -> done
        self._in_body = False
        self._cell_index = -1
        self._first_cell: list[str] | None = None
        self.feed(dom)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if element_id := attributes.get("id"):
            self.ids.add(element_id)
        if tag == "a" and (href := attributes.get("href")):
            self.hrefs.append(href)
        if tag == "h2" and attributes.get("id") == "operations" and self._table_state == "before":
            self._table_state = "heading seen"
        elif tag == "table" and self._table_state == "heading seen":
            self._table_state = "in table"
        elif self._table_state == "in table":
            if tag == "tbody":
                self._in_body = True
            elif tag == "tr" and self._in_body:
                self._cell_index = -1
            elif tag == "td" and self._in_body:
                self._cell_index += 1
                if self._cell_index == 0:
                    self._first_cell = []

    def handle_endtag(self, tag: str) -> None:
        if self._table_state != "in table":
            return
        if tag == "td" and self._first_cell is not None:
            self.operation_rows.append("".join(self._first_cell).strip())
            self._first_cell = None
        elif tag == "tbody":
            self._in_body = False
        elif tag == "table":
            self._table_state = "done"

    def handle_data(self, data: str) -> None:
        if self._first_cell is not None:
            self._first_cell.append(data)


def vendor_page(site: Path, client: TypedClient) -> Path:
    return site / "clients" / client.vendor / "index.html"


def vendor_page_problems(client: TypedClient, page: RenderedPage) -> list[str]:
    problems = []
    expected = [op.operation_id for op in client.operations]
    if page.operation_rows != expected:
        problems.append(
            f"{client.vendor}: the rendered operations table lists {page.operation_rows}, "
            f"the effective spec has {expected}"
        )
    for op in client.operations:
        missing = [
            anchor
            for anchor in (op.operation_id, *(f"{op.module}.{function}" for function in OPERATION_FUNCTIONS))
            if anchor not in page.ids
        ]
        if missing:
            problems.append(f"{client.vendor}: {op.operation_id} is rendered without the ids {missing}")
    return problems


def overview_problems(
    overview: Path, clients: Sequence[TypedClient], site: Path, page: RenderedPage
) -> list[str]:
    linked = {urljoin(overview.as_uri(), href).split("#")[0] for href in page.hrefs}
    problems = []
    for client in clients:
        target = vendor_page(site, client)
        if not {target.as_uri(), target.parent.as_uri() + "/"} & linked:
            problems.append(f"{overview}: no link to the {client.vendor} page ({target})")
    return problems


def find_chromium() -> str:
    for name in CHROMIUM_NAMES:
        if found := shutil.which(name):
            return found
    raise BrowserCheckError(
        "headless Chromium not found (looked for chromium, chromium-browser); "
        "on Debian: apt-get install chromium"
    )


def _run_chromium(chromium: str, *arguments: str) -> str:
    with tempfile.TemporaryDirectory(prefix="docs-check-chromium-") as profile:
        command = [
            chromium,
            "--headless",
            "--disable-gpu",
            "--hide-scrollbars",
            "--disable-background-networking",  # the pages are local; Chromium need not call home either
            f"--user-data-dir={profile}",  # a fresh profile: runs never share state or lock files
            *arguments,
        ]
        if os.geteuid() == 0:
            command.insert(1, "--no-sandbox")  # Chromium refuses to start as root with its sandbox on
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=CHROMIUM_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            raise BrowserCheckError(f"chromium took over {CHROMIUM_TIMEOUT_S} s: {arguments}") from None
    if done.returncode != 0:
        raise BrowserCheckError(f"chromium exited {done.returncode} for {arguments}:\n{done.stderr}")
    return done.stdout


def render(chromium: str, page: Path) -> RenderedPage:
    if not page.is_file():
        raise BrowserCheckError(f"{page} was not built; run `nox -s docs` first")
    return RenderedPage(_run_chromium(chromium, "--dump-dom", page.as_uri()))


def screenshot(chromium: str, page: Path, png: Path) -> None:
    png.parent.mkdir(parents=True, exist_ok=True)
    _run_chromium(chromium, "--window-size=1280,1600", f"--screenshot={png}", page.as_uri())


def check_site(site: Path, root: Path, screenshots: Path | None = None) -> list[str]:
    """Problems found in the rendered site (empty when it passes); prints what it checked."""
    chromium = find_chromium()
    clients = load_typed_clients(root)
    overview = site / "clients" / "index.html"
    problems = overview_problems(overview, clients, site, render(chromium, overview))
    for client in clients:
        page = vendor_page(site, client)
        found = vendor_page_problems(client, render(chromium, page))
        problems += found
        if not found:
            listed = ", ".join(op.operation_id for op in client.operations)
            print(f"{client.vendor}: {len(client.operations)} operations rendered ({listed})")
        if screenshots is not None:
            screenshot(chromium, page, screenshots / f"{client.vendor}.png")
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="the built site (mkdocs.yml's site_dir)")
    parser.add_argument("--screenshots", type=Path, help="also save a PNG of each vendor page here")
    arguments = parser.parse_args(argv)
    try:
        problems = check_site(arguments.site.resolve(), Path.cwd(), arguments.screenshots)
    except BrowserCheckError as error:
        print(f"docs check: {error}", file=sys.stderr)
        return 2
    for problem in problems:
        print(f"docs check: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
