"""The web app in a real browser: Playwright driving Debian's chromium, headless, on loopback.

Covers the story reader (hover card, click-to-scroll, script in a story never runs), the speaker
chart, the events map, search and the paste page. Screenshots go to ``test-artifacts/web/`` at
the repository root. Needs ``/usr/bin/chromium`` (``apt-get install chromium``); the tests fail,
not skip, without it.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

from newswire.store import open_store, write_reading
from newswire.web.app import create_app
from test_web import HOSTILE, STORIES

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "web"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(reader, tmp_path_factory):
    """uvicorn serving a store of the test stories on a free loopback port, in a thread."""
    import uvicorn

    path = tmp_path_factory.mktemp("web-browser") / "web.duckdb"
    con = open_store(path)
    readings = [reader.read_text(text, published=published, title=title) for published, title, text in STORIES]
    for reading in readings:
        write_reading(con, reading)
    con.close()
    port = _free_port()
    web = uvicorn.Server(uvicorn.Config(create_app(str(path), reader=reader), host="127.0.0.1", port=port,
                                        log_level="warning"))
    thread = threading.Thread(target=web.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not web.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web app did not start within 20 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", readings
    web.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} not found: the browser tests need Debian's chromium; install it with "
                    "'apt-get install chromium' (as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    """A fresh page that records console errors and failed requests (CSP violations show up there)."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    tab = context.new_page()
    tab.problems = []
    tab.on("console", lambda message: tab.problems.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: tab.problems.append(str(error)))
    tab.on("requestfailed", lambda request: tab.problems.append(f"failed: {request.url}"))
    yield tab
    context.close()


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def _open(page, url: str) -> None:
    response = page.goto(url)
    assert response.status == 200, url
    page.wait_for_load_state("networkidle")


def test_reader_shows_hover_card_and_script_in_story_never_runs(server, page):
    base, readings = server
    hostile = readings[0]
    _open(page, f"{base}/documents/{hostile.document.id}")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert "<script>window.__pwned = 1</script>" in page.inner_text("#story-text")
    assert page.locator("#story-text img").count() == 0 and page.locator("#story-text script").count() == 0
    statement = hostile.statements[0]
    page.locator(f'#story-text .seg[data-ids~="{statement.id}"]').first.hover()
    card = page.locator("#hovercard")
    card.wait_for(state="visible")
    assert statement.speaker_name in card.inner_text()
    _shot(page, "reader-hover")
    assert page.problems == []


def test_reader_side_panel_click_scrolls_to_the_record(server, page):
    base, readings = server
    reading = readings[1]
    page.set_viewport_size({"width": 1400, "height": 420})
    _open(page, f"{base}/documents/{reading.document.id}")
    record = reading.statements[-1]
    target = page.locator(f"#r-{record.id}")
    page.evaluate("window.scrollTo(0, 0)")
    page.locator(f'.rec[data-target="{record.id}"]').click()
    page.wait_for_function(
        "id => { const r = document.getElementById('r-' + id).getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight; }", arg=record.id, timeout=5000)
    assert target.count() == 1
    assert page.locator(f'#story-text .seg.flash[data-ids~="{record.id}"]').count() >= 1
    assert "selected" in page.locator(f'.rec[data-target="{record.id}"]').get_attribute("class")
    _shot(page, "reader-click-scroll")


def test_speaker_chart_draws_judgments(server, page):
    base, readings = server
    judgments = [j for r in readings for j in r.assessments if j.holder_name == "Jens Stoltenberg"]
    _open(page, f"{base}/speakers/Jens%20Stoltenberg")
    chart = page.locator("svg.judgment-chart")
    assert chart.is_visible()
    assert chart.locator("g.point circle").count() == len(judgments)
    box = chart.bounding_box()
    assert box["width"] > 400 and box["height"] > 150
    _shot(page, "speaker-chart")
    assert page.problems == []


def test_events_map_plots_places_on_the_offline_basemap(server, page):
    base, _ = server
    _open(page, f"{base}/events")
    world = page.locator("svg.world-map")
    assert world.is_visible()
    assert page.evaluate("fetch('/static/world-110m.svg').then(r => r.status)") == 200
    places = world.locator("circle.place")
    assert places.count() >= 1
    view = [float(v) for v in world.get_attribute("viewBox").split()]
    for index in range(places.count()):
        x, y = float(places.nth(index).get_attribute("cx")), float(places.nth(index).get_attribute("cy"))
        assert view[0] <= x <= view[0] + view[2] and view[1] <= y <= view[1] + view[3]
    _shot(page, "events-map")
    assert page.problems == []


def test_search_from_the_header_finds_statements(server, page):
    base, _ = server
    _open(page, f"{base}/")
    page.fill("header .quick-search input", "Stoltenberg")
    page.press("header .quick-search input", "Enter")
    page.wait_for_url("**/search?q=Stoltenberg")
    hits = page.locator("ol.statement-hits li a")
    assert hits.count() >= 1
    assert "Stoltenberg" in page.inner_text("ol.statement-hits")
    _shot(page, "search")
    hits.first.click()
    page.wait_for_url("**/documents/**")
    assert page.locator("#story-text").is_visible()


def test_pasted_story_with_markup_is_read_and_nothing_runs(server, page):
    base, _ = server
    _open(page, f"{base}/read")
    page.fill("textarea[name=text]", HOSTILE.replace("March 3", "March 5"))
    page.fill("input[name=title]", "<img src=x onerror=\"window.__pwned = 3\">")
    page.click("form.read-form button[type=submit]")
    page.wait_for_selector("#story-text")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert "read just now, not stored" in page.inner_text(".meta")
    _shot(page, "pasted-story")
    assert page.problems == []


def test_home_and_topics_pages_have_no_console_errors(server, page):
    base, _ = server
    for path, name in (("/", "home"), ("/topics", "topics"), ("/speakers", "speakers")):
        _open(page, base + path)
        _shot(page, name)
    assert page.problems == []
