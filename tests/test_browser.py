"""The report's page in a real browser: Debian's headless Chromium, driven by Playwright.

`./dev.sh test` installs Chromium (`apt-get install chromium`) when it is missing; the
`test` extra brings Playwright, which drives that Chromium (no browser of its own is
downloaded). Without either, these tests are skipped, saying why.

The page loads with no console error and no request leaving it, shows something, and its
concession explorer gives, for every set of red lines ticked, the verdict and the remaining
conflicts that the engine gives for the same concessions.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

import zopa
from zopa.render.report import page

pytestmark = pytest.mark.bundled

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is in the test extra: pip install -e '.[test]'"
)
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is missing: ./dev.sh test installs Debian's chromium", allow_module_level=True)


@pytest.fixture(scope="module")
def scenario() -> zopa.Scenario:
    return zopa.load()


@pytest.fixture(scope="module")
def report_file(scenario, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("report") / "zopa-report.html"
    path.write_text(page(zopa.report(scenario), scenario.catalogue), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def loaded(browser, report_file):
    """The report open in a fresh page, with every console error and every request it made."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    tab = context.new_page()
    errors: list[str] = []
    requests: list[str] = []
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda failure: errors.append(str(failure)))
    tab.on("request", lambda request: requests.append(request.url))
    tab.goto(report_file.as_uri())
    yield tab, errors, [url for url in requests if url != report_file.as_uri()]
    context.close()


def distinct_bytes(png: bytes) -> int:
    """How many distinct byte values the PNG's pixel rows hold: a blank page has a handful."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    data, at = b"", 8
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind = png[at + 4 : at + 8]
        if kind == b"IDAT":
            data += png[at + 8 : at + 8 + length]
        at += 12 + length
    return len(set(zlib.decompress(data)))


def test_the_page_loads_without_errors_or_requests_and_shows_something(loaded):
    tab, errors, requests = loaded
    assert tab.title().startswith("zopa report")
    assert not errors, errors
    assert not requests, requests
    assert distinct_bytes(tab.screenshot(full_page=False)) > 50
    assert tab.locator("#conflict-graph svg").is_visible()
    assert tab.locator("#timeline svg").is_visible()


def test_hovering_a_red_line_in_the_graph_shows_its_quote(loaded, scenario):
    tab, _, _ = loaded
    red_line = scenario.red_line("ru_crimea_recognised")
    tab.locator("#conflict-graph g.node", has_text="ru_crimea_recognised").first.hover()
    assert red_line.sources[0].quote[:40] in tab.locator("#graph-hover").inner_text()


def shown_verdict(tab, conflicts: list[list[str]]) -> tuple[bool, set[frozenset[str]]]:
    """The explorer's verdict (does a deal open?) and the conflicts it lists as remaining."""
    feasible = tab.locator("#verdict").get_attribute("data-feasible") == "true"
    remaining = {
        frozenset(conflicts[int(item.get_attribute("data-conflict")) - 1])
        for item in tab.locator("#remaining li:not([hidden])").all()
    }
    return feasible, remaining


def engine_verdict(scenario, conceded: list[str]) -> tuple[bool, set[frozenset[str]]]:
    feasible = zopa.deals(scenario, concede=conceded, limit=1).feasible
    remaining = {frozenset(c.red_lines) for c in zopa.why(scenario, concede=conceded, limit=0).conflicts}
    return feasible, remaining


def test_ticking_red_lines_in_the_explorer_agrees_with_the_engine(loaded, scenario):
    """Tick the red lines of the cheapest concession set one by one: the page's verdict after
    each tick is the engine's (`zopa deals --concede ...`), up to the deal that opens."""
    tab, errors, _ = loaded
    conflicts = [c.red_lines for c in zopa.why(scenario, limit=0).conflicts]
    cheapest = zopa.why(scenario, limit=0).concessions[0].red_lines
    assert shown_verdict(tab, conflicts) == engine_verdict(scenario, []) == (False, set(map(frozenset, conflicts)))
    ticked: list[str] = []
    verdicts = []
    for red_line in cheapest:
        tab.locator(f'#explorer-live input[value="{red_line}"]').check()
        ticked.append(red_line)
        shown = shown_verdict(tab, conflicts)
        assert shown == engine_verdict(scenario, ticked), ticked
        verdicts.append(shown[0])
    assert verdicts[-1] is True and not any(verdicts[:-1]), "the deal opens with the last red line of the set"
    tab.locator(f'#explorer-live input[value="{cheapest[0]}"]').uncheck()
    assert shown_verdict(tab, conflicts) == engine_verdict(scenario, cheapest[1:])
    assert not errors, errors


def test_a_preset_ticks_a_concession_set_and_opens_a_deal(loaded, scenario):
    tab, _, _ = loaded
    second = zopa.why(scenario, limit=0).concessions[1].red_lines
    tab.locator("#explorer button[data-concede]").nth(1).click()
    ticked = tab.locator("#explorer-live input:checked").evaluate_all("boxes => boxes.map(box => box.value)")
    assert sorted(ticked) == second
    assert tab.locator("#verdict").get_attribute("data-feasible") == "true"
    assert zopa.deals(scenario, concede=second, limit=1).feasible
    tab.get_by_role("button", name="Withdraw none").click()
    assert tab.locator("#verdict").get_attribute("data-feasible") == "false"
