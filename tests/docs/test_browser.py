"""A reader's path through the built documentation site, in a real headless Chromium.

Run with ``make docs-browser`` (builds the site, installs Debian chromium if missing) or
``pytest -m browser tests/docs`` after ``mkdocs build``. The site in ``site/`` is served by
``python -m http.server`` on 127.0.0.1, and also opened from disk (``file://``, as a reader who
unzips the site does: links and search must work there too); Playwright drives the system
Chromium (never ``playwright install``). Every request the pages make is recorded, and any request
to a host other than 127.0.0.1/localhost fails the test (and is aborted, so nothing leaves the
machine). Screenshots go to ``build/screenshots/``.

A missing Chromium is a failure, not a skip: this check must never pass silently in CI.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page, Route

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "site"
SCREENSHOTS = ROOT / "build" / "screenshots"
REFERENCE = ROOT / "docs" / "reference"

SITE_NAME = "vn_iso_qms"
SEARCH_QUERY = "hoàn thành"
REFERENCE_TARGET = "evaluate"
"""The public name whose reference entry the test opens: the main entry point of the library."""

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
CHROMIUM_MISSING = (
    "Chromium is not installed, so the documentation cannot be checked in a real browser. "
    "Install it with `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y "
    "--no-install-recommends chromium` or run `make docs-browser` (never `playwright install`)."
)
TIMEOUT_MS = 15_000


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _reference_page_of(name: str) -> str:
    """The site path (`….html`) of the reference page that renders `name`."""
    pattern = re.compile(rf"^:::[ \t]+vn_iso_qms\.{re.escape(name)}[ \t]*$", re.MULTILINE)
    pages = [p for p in sorted(REFERENCE.rglob("*.md")) if pattern.search(p.read_text("utf-8"))]
    assert len(pages) == 1, f"expected one reference page rendering {name!r}, found {pages}"
    relative = pages[0].relative_to(ROOT / "docs").with_suffix(".html")
    return "/" + relative.as_posix()


@pytest.fixture(scope="module")
def site() -> Path:
    """The built site; built here (strict) when `site/` does not exist yet."""
    if not (SITE / "index.html").is_file():
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict"],
            cwd=ROOT,
            env=env,
            check=True,
        )
    return SITE


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    """Serve `site` on a free 127.0.0.1 port for the module; the server is stopped afterwards."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=site,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                with urllib.request.urlopen(f"{url}/", timeout=1) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"http.server did not start on {url} (exit {server.poll()})")
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)


@dataclass
class Traffic:
    """Every request the browser made, and the ones that went (or tried to go) off the machine."""

    requests: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def is_local(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in {"data", "blob", "about", "file"}:
            return True
        return parts.hostname in LOCAL_HOSTS


@contextmanager
def _browser_page() -> Iterator[tuple[Page, Traffic]]:
    """A Chromium page whose every request is recorded; off-machine requests are aborted."""
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail(CHROMIUM_MISSING)
    from playwright.sync_api import sync_playwright

    traffic = Traffic()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=list(CHROMIUM_ARGS)
        )
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
        context.set_default_timeout(TIMEOUT_MS)

        def record(route: Route) -> None:
            url = route.request.url
            traffic.requests.append(url)
            if traffic.is_local(url):
                route.continue_()
            else:
                traffic.outside.append(url)
                route.abort()

        context.route("**/*", record)
        page = context.new_page()
        page.on("requestfailed", lambda request: traffic.failed.append(request.url))
        page.on("pageerror", lambda error: traffic.page_errors.append(str(error)))
        try:
            yield page, traffic
        finally:
            context.close()
            browser.close()


def _shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


def _assert_clean(traffic: Traffic, step: str) -> None:
    assert not traffic.outside, f"{step}: requests left the machine: {traffic.outside}"
    local_failures = [u for u in traffic.failed if traffic.is_local(u)]
    assert not local_failures, f"{step}: local requests failed: {local_failures}"
    assert not traffic.page_errors, f"{step}: JavaScript errors: {traffic.page_errors}"


def test_reader_journey(base_url: str) -> None:
    """Home, the tutorial via the nav, a Vietnamese search, a reference entry, the command
    reference; all local."""
    with _browser_page() as (page, traffic):
        try:
            _journey(page, traffic, base_url)
        except BaseException:
            _shot(page, "failure")
            raise


def _journey(page: Page, traffic: Traffic, base_url: str) -> None:
    from playwright.sync_api import expect

    # 1. Home page.
    page.goto(f"{base_url}/", wait_until="networkidle")
    assert page.title() == SITE_NAME
    expect(page.locator("article h1").first).to_contain_text(SITE_NAME)
    _shot(page, "01-home")
    _assert_clean(traffic, "home")

    # 2. Follow the tutorial link in the primary navigation.
    nav = page.locator("nav.md-nav--primary")
    nav.locator("a.md-nav__link[href*='tutorial/']").first.click()
    page.wait_for_load_state("networkidle")
    assert urlsplit(page.url).path == "/tutorial/index.html", page.url
    expect(page.locator("article h1").first).to_contain_text("Tutorial")
    expect(page.locator("article")).to_contain_text("Sở Tư pháp")
    _shot(page, "02-tutorial")
    _assert_clean(traffic, "tutorial")

    # 3. Search in Vietnamese. Material reacts to key events: type, do not fill().
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(SEARCH_QUERY, delay=50)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(state="visible")
    assert results.count() >= 1
    expect(page.locator(".md-search-result__meta")).to_contain_text("matching document")
    highlighted = " ".join(page.locator(".md-search-result mark").all_inner_texts()).lower()
    assert "hoàn" in highlighted, f"no highlighted match for {SEARCH_QUERY!r}: {highlighted!r}"
    _shot(page, "03-search")
    _assert_clean(traffic, "search")
    page.keyboard.press("Escape")

    # 4. The reference entry of the target function.
    anchor = f"vn_iso_qms.{REFERENCE_TARGET}"
    page.goto(
        f"{base_url}{_reference_page_of(REFERENCE_TARGET)}#{anchor}", wait_until="networkidle"
    )
    heading = page.locator(f"[id='{anchor}']")
    expect(heading).to_be_visible()
    expect(heading).to_contain_text(REFERENCE_TARGET)
    expect(heading.locator("xpath=..").locator(".doc-signature").first).to_contain_text(
        REFERENCE_TARGET
    )
    _shot(page, f"04-reference-{REFERENCE_TARGET}")
    _assert_clean(traffic, "reference")

    # 5. The command reference, reached from the errors page's link to its exit codes.
    page.goto(f"{base_url}/explanation/errors.html", wait_until="networkidle")
    page.locator("article a[href*='reference/cli.html#exit-codes']").first.click()
    page.wait_for_load_state("networkidle")
    assert urlsplit(page.url).path == "/reference/cli.html", page.url
    expect(page.locator("article h1").first).to_contain_text("Command line")
    codes = page.locator("[id='exit-codes']")
    expect(codes).to_be_visible()
    table = codes.locator("xpath=following-sibling::*[1]")
    for code in ("0", "2", "3", "4"):
        expect(table.locator(f"td:text-is('{code}')")).to_have_count(1)
    expect(page.locator("[id='report']")).to_contain_text("report")
    expect(page.locator("article")).to_contain_text("--force")
    _shot(page, "05-command-reference")
    _assert_clean(traffic, "command reference")

    # 6. The Vietnamese section, from the home page's link, and each of its pages.
    page.goto(f"{base_url}/", wait_until="networkidle")
    _vietnamese_pages(page, traffic)

    assert traffic.requests, "no request was recorded: the recorder is broken"


VI_PAGES = {
    "vi/bat-dau.html": "Bắt đầu",
    "vi/dien-bang-tinh.html": "Điền bảng tính",
    "vi/doc-bao-cao.html": "Đọc báo cáo",
    "vi/lenh.html": "Các lệnh",
    "vi/cach-hieu.html": "Cách hiểu và tham số",
    "vi/thuat-ngu.html": "Thuật ngữ",
}
"""The Vietnamese pages for analysts and officers, and the start of their titles."""


def _vietnamese_pages(page: Page, traffic: Traffic) -> None:
    """From the home page (already open), the link to the Vietnamese section, then each page."""
    from playwright.sync_api import expect

    page.locator("article a[href='vi/index.html']").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/vi/index.html"), page.url
    section = page.url
    expect(page.locator("article h1").first).to_contain_text("Tài liệu cho cán bộ")
    _shot(page, "06-vi-home")
    for href, title in VI_PAGES.items():
        page.locator(f"article a[href='{href.removeprefix('vi/')}']").first.click()
        page.wait_for_load_state("networkidle")
        assert page.url.endswith("/" + href), page.url
        expect(page.locator("article h1").first).to_contain_text(title)
        page.goto(section, wait_until="networkidle")
    page.goto(section.replace("vi/index.html", "vi/dien-bang-tinh.html"), wait_until="networkidle")
    pictures = page.locator("article img")
    assert pictures.count() >= 1
    for i in range(pictures.count()):
        width = pictures.nth(i).evaluate("img => img.complete ? img.naturalWidth : 0")
        assert width > 0, f"picture {i} of the workbook page did not load"
    expect(page.locator("article")).to_contain_text("Xem xét của lãnh đạo")
    _shot(page, "07-vi-workbook")
    _assert_clean(traffic, "Vietnamese pages")


def test_site_opened_from_disk(site: Path) -> None:
    """The site unzipped and opened with a double click: links lead to pages, search answers."""
    with _browser_page() as (page, traffic):
        try:
            _from_disk(page, traffic, site)
        except BaseException:
            _shot(page, "failure-file")
            raise


def _from_disk(page: Page, traffic: Traffic, site: Path) -> None:
    from playwright.sync_api import expect

    page.goto((site / "index.html").as_uri(), wait_until="load")
    expect(page.locator("article h1").first).to_contain_text(SITE_NAME)
    nav = page.locator("nav.md-nav--primary")
    nav.locator("a.md-nav__link[href*='tutorial/']").first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/tutorial/index.html"), page.url  # a page, not a folder listing
    expect(page.locator("article h1").first).to_contain_text("Tutorial")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(SEARCH_QUERY, delay=50)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(state="visible")
    assert results.count() >= 1
    _shot(page, "08-file-search")
    page.keyboard.press("Escape")
    page.goto((site / "index.html").as_uri(), wait_until="load")
    _vietnamese_pages(page, traffic)
    assert not traffic.page_errors, traffic.page_errors
