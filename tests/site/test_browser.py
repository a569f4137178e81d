"""The built website, checked the way a reader sees it: in a real browser (Debian's Chromium).

Run after the book is built (``make test`` does both)::

    .venv/bin/python -m pytest tests/site

Every page in ``_toc.yml`` must load with no console error and no failed request, show every
image, render every formula (MathJax, served from the site itself), link only to pages and
anchors that exist, and appear in the sidebar. Nothing may be cut off at 1,280 px: a code
cell's lines fit its column, and any table or block wider than its column scrolls in a box whose
scrollbar is in view (``_static/book.css`` does both). A screenshot of each page is saved in
``artifacts/screenshots/`` to look at.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import re
import shutil
import socketserver
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlparse

import pytest
import yaml

# A plain import, not importorskip: a missing Playwright must fail the suite, not skip the check.
from playwright import sync_api as playwright

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "_build" / "html"
SHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def toc_pages() -> list[str]:
    """The site paths (``book/intro.html`` ...) of every page listed in ``_toc.yml``."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]] + [c["file"] for part in toc.get("parts", []) for c in part["chapters"]]
    return [f"{f}.html" for f in files]


@pytest.fixture(scope="session")
def site_url() -> Iterator[str]:
    if not (SITE / "index.html").exists():
        pytest.fail(f"no built site in {SITE}: build it first (jupyter-book build .)")
    handler = functools.partial(_QuietHandler, directory=str(SITE))
    with socketserver.TCPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{server.server_address[1]}/"
        server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # `format`: the base class's name
        pass


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            "Chromium is missing: apt-get install -y --no-install-recommends chromium (make test "
            "does this)"
        )
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


# Every table and code block of the article must show all its content: it fits its column, or it
# sits in a horizontal scroll box no taller than the window (so that its scrollbar is in view
# while its rows are read). A code cell's input must fit outright: its lines are at most 80
# characters (tests/test_book.py) and the book's CSS sizes them to fit.
CUT_OFF = """() => {
  const scroller = el => {
    for (let e = el; e && e.tagName !== 'ARTICLE'; e = e.parentElement) {
      const o = getComputedStyle(e).overflowX;
      if ((o === 'auto' || o === 'scroll') && e.scrollWidth > e.clientWidth + 1) return e;
    }
    return null;
  };
  const problems = [];
  for (const el of document.querySelectorAll('article table, article pre')) {
    const column = el.parentElement.clientWidth;
    const fits = el.scrollWidth <= el.clientWidth + 1
      && el.getBoundingClientRect().width <= column + 1;
    if (fits) continue;
    const box = scroller(el);
    const input = el.closest('div.cell_input') !== null;
    if (!input && box && box.getBoundingClientRect().height <= window.innerHeight) continue;
    const lines = (el.innerText || '').split('\\n');
    const longest = lines.reduce((a, b) => (a.length >= b.length ? a : b), '');
    const why = input ? 'a code cell that does not fit'
      : box ? 'its scrollbar is out of view' : 'no scrollbar';
    problems.push(`cut off (${why}): ${el.tagName.toLowerCase()} ${el.scrollWidth} px wide `
      + `in a ${column} px column: ${longest.slice(0, 60)}`);
  }
  return problems;
}"""


def check_page(browser: object, url: str, screenshot: Path | None = None) -> list[str]:
    """Load ``url`` and return every problem a reader would see (an empty list if none)."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    page.on(
        "console",
        lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None,
    )
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    page.on(
        "response",
        lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None,
    )
    response = page.goto(url, wait_until="load")
    if response is None or response.status != 200:
        problems.append(
            f"the page itself did not load ({response.status if response else 'no response'})"
        )
    # MathJax typesets asynchronously: give it up to 15 s to render every formula on the page.
    unrendered = (
        "() => [...document.querySelectorAll('.math')].filter(e => "
        "!e.querySelector('mjx-container')).length"
    )
    with contextlib.suppress(playwright.Error):  # counted and reported below
        page.wait_for_function(f"() => ({unrendered})() === 0", timeout=15_000)
    broken = page.eval_on_selector_all(
        "img", "imgs => imgs.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)"
    )
    problems += [f"image not loaded: {src}" for src in broken]
    raw_math = page.evaluate(f"({unrendered})()")
    if raw_math:
        problems.append(f"{raw_math} formulas not rendered by MathJax")
    text = page.inner_text("article") if page.query_selector("article") else page.inner_text("body")
    code = " ".join(page.eval_on_selector_all("pre, code", "els => els.map(e => e.innerText)"))
    for token in ("$$", "\\(", "\\["):
        if text.count(token) > code.count(token):
            problems.append(f"raw TeX left in the page: {token!r}")
    problems += page.evaluate(CUT_OFF)
    if screenshot is not None:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(screenshot), full_page=True)
    page.close()
    return problems


@pytest.mark.parametrize("path", toc_pages())
def test_page_loads_cleanly_in_a_browser(browser: object, site_url: str, path: str) -> None:
    assert (SITE / path).exists(), f"{path} is in _toc.yml but was not built"
    problems = check_page(
        browser, urljoin(site_url, path), SHOTS / path.replace("/", "__").replace(".html", ".png")
    )
    assert not problems, f"{path}:\n" + "\n".join(problems)


def _ids(html: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', html))


@pytest.mark.parametrize("path", toc_pages())
def test_every_internal_link_resolves(path: str) -> None:
    if not (SITE / path).exists():
        pytest.fail(f"{path} was not built")
    html = (SITE / path).read_text(encoding="utf-8")
    missing = []
    for href in re.findall(r'<a [^>]*href="([^"]+)"', html):
        if urlparse(href).scheme or href.startswith(("mailto:", "//")):
            continue
        target, fragment = urldefrag(href)
        target_path = (SITE / path).parent / target if target else SITE / path
        target_path = target_path.resolve()
        if not target_path.exists() or (
            fragment
            and target_path.suffix == ".html"
            and fragment not in _ids(target_path.read_text(encoding="utf-8"))
        ):
            missing.append(href)
    assert not missing, f"{path} links to missing pages or anchors: {sorted(set(missing))}"


def test_sidebar_reaches_every_chapter(browser: object, site_url: str) -> None:
    page = browser.new_page()
    page.goto(urljoin(site_url, toc_pages()[0]))
    hrefs = page.eval_on_selector_all(
        "nav.bd-docs-nav a, #site-navigation a", "as => as.map(a => a.href)"
    )
    page.close()
    reached = {urlparse(h).path.lstrip("/") for h in hrefs}
    for path in toc_pages()[1:]:
        assert path in reached, f"the sidebar does not link to {path}"


def test_the_checker_catches_a_broken_page(browser: object, site_url: str, tmp_path: Path) -> None:
    """Break a copy of a real chapter page on purpose: the checks above must notice."""
    chapter = next(p for p in toc_pages() if p.startswith("notebooks/"))
    html = (SITE / chapter).read_text(encoding="utf-8")
    figures = re.findall(r'<img [^>]*src="([^"]*_images/[^"]+\.png)"', html)
    assert figures, f"{chapter} has no figure to break"
    broken = html.replace(f'src="{figures[0]}"', f'src="{figures[0][:-4]}-missing.png"', 1)
    assert broken != html
    broken_path = SITE / "notebooks" / "_broken_on_purpose.html"
    broken_path.write_text(broken, encoding="utf-8")
    try:
        problems = check_page(browser, urljoin(site_url, "notebooks/_broken_on_purpose.html"))
    finally:
        broken_path.unlink()
    assert any("image not loaded" in p for p in problems), problems
    assert any("HTTP 404" in p for p in problems), problems


@pytest.mark.parametrize(
    "path, expected",
    [("book/scoreboard.html", "scrollbar is out of view"), (None, "a code cell that does not fit")],
)
def test_the_checker_catches_cut_off_content(
    browser: object, site_url: str, path: str | None, expected: str
) -> None:
    """Without the book's CSS, the scoreboard's table runs past the column with its scrollbar a
    page below, and 80-character code lines are cut: the check must say so."""
    path = path or next(p for p in toc_pages() if p.startswith("notebooks/"))
    html = (SITE / path).read_text(encoding="utf-8")
    bare = re.sub(r'<link [^>]*href="[^"]*_static/book\.css[^"]*"[^>]*>', "", html)
    assert bare != html, f"{path} does not load _static/book.css"
    copy = SITE / Path(path).parent / "_unstyled_on_purpose.html"
    copy.write_text(bare, encoding="utf-8")
    try:
        problems = check_page(browser, urljoin(site_url, f"{Path(path).parent}/{copy.name}"))
    finally:
        copy.unlink()
    assert any(expected in p for p in problems), problems
