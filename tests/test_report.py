"""The report's page, without a browser: self-contained (nothing fetched from anywhere), the
same bytes for the same input, the explorer's conflicts exactly the engine's, labels and
quotes escaped, and one time limit shared by the sections, a cut section saying so.

The page in a real browser (no console error, the explorer's verdicts against the engine's):
tests/test_browser.py.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from html.parser import HTMLParser

import pytest
from markupsafe import escape

import zopa
import zopa.analyses.report
from zopa.analyses.report import SECTION_WEIGHTS, ReportResult
from zopa.render.report import page

pytestmark = pytest.mark.bundled

SECTIONS = ["summary", "explorer", "graph", "conflicts", "concessions", "deals", "options", "coalitions", "timeline"]


@pytest.fixture(scope="module")
def scenario() -> zopa.Scenario:
    return zopa.load()


@pytest.fixture(scope="module")
def bundled(scenario) -> tuple[ReportResult, str]:
    result = zopa.report(scenario)
    return result, page(result, scenario.catalogue)


class _References(HTMLParser):
    """Every address an element of the page refers to, and the elements that could fetch."""

    def __init__(self) -> None:
        super().__init__()
        self.addresses: list[str] = []
        self.fetching: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href", "xlink:href", "action", "poster", "data", "srcset") and value is not None:
                self.addresses.append(value)
        if tag in ("link", "iframe", "img", "object", "embed", "audio", "video", "source", "base"):
            self.fetching.append(tag)
        if tag == "script" and any(name == "src" for name, _ in attrs):
            self.fetching.append("script src")


def explorer_data(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="explorer-data">(.*?)</script>', html, re.DOTALL)
    assert found, "the page embeds the explorer's data"
    return json.loads(found.group(1))


def test_the_page_fetches_nothing(bundled):
    _, html = bundled
    references = _References()
    references.feed(html)
    assert references.addresses, "the page links within itself (red lines to their quotes)"
    outside = [a for a in references.addresses if not a.startswith("#")]
    assert not outside, f"addresses outside the page: {outside[:5]}"
    assert not references.fetching
    assert not re.search(r"url\(|@import", html), "no stylesheet fetches anything"
    assert "default-src 'none'" in html, "the Content-Security-Policy forbids every request"


def test_every_section_is_on_the_page(bundled):
    result, html = bundled
    assert not result.skipped
    for section in SECTIONS:
        assert f'<section id="{section}">' in html
    assert "<svg" in html.split('<section id="graph">')[1].split("</section>")[0], "the conflict graph inline"
    assert "<svg" in html.split('<section id="timeline">')[1].split("</section>")[0], "the timeline chart inline"
    assert "Cut short" not in html and "Not computed" not in html


def test_quotes_are_printed_once_under_their_red_line_and_elsewhere_only_on_hover(bundled, scenario):
    result, html = bundled
    before, listed = html.split('<section id="red-lines">')
    shown = re.sub(r'(title|xlink:title)="[^"]*"', "", before)
    for red_line in scenario.catalogue.red_lines:
        if red_line.id not in result.enforced:
            continue
        block = listed.split(f'<div id="rl-{red_line.id}">')[1].split("</div>")[0]
        for source in red_line.sources:
            quote = str(escape(source.quote))
            assert block.count(quote) == 1, red_line.id
            assert quote not in shown, red_line.id


def test_the_same_input_gives_the_same_bytes():
    """Two runs in fresh processes, with different hash seeds (so any reliance on the order
    of a set would show), write the same page."""
    program = (
        "import sys, zopa; from zopa.render.report import page; s = zopa.load(); "
        "sys.stdout.write(page(zopa.report(s), s.catalogue))"
    )
    pages = [
        subprocess.run(
            [sys.executable, "-c", program],
            capture_output=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    ]
    assert pages[0] == pages[1]
    assert len(pages[0]) > 10_000


def test_the_explorer_holds_the_engines_complete_conflict_list(bundled, scenario):
    result, html = bundled
    data = explorer_data(html)
    assert data["complete"] is True
    assert data["conflicts"] == [c.red_lines for c in zopa.why(scenario, limit=0).conflicts]
    assert data["presets"] == [c.red_lines for c in result.why.concessions[:3]]
    assert 'id="explorer-live"' in html


def test_labels_and_quotes_are_escaped(scenario):
    catalogue = scenario.catalogue
    hostile = next(r for r in catalogue.red_lines if r.id == "ru_crimea_recognised")
    label, quote = hostile.label, hostile.sources[0].quote
    hostile.label = "<script>alert('label')</script>"
    hostile.sources[0].quote = '</blockquote><img src="https://example.org/x.png">'
    try:
        html = page(zopa.report(scenario), catalogue)
    finally:
        hostile.label, hostile.sources[0].quote = label, quote
    assert "<script>alert" not in html
    assert '<img src="https://example.org' not in html
    assert "&lt;script&gt;alert(" in html


def test_a_deal_that_exists_needs_no_explorer(scenario):
    result = zopa.report(scenario, parties=["russia", "united_states"])
    html = page(result, scenario.catalogue)
    assert result.why is not None and result.why.feasible
    assert "A deal is feasible" in html
    assert "there is no red line to withdraw" in html
    assert result.best_deals and all(not d.opened_by for d in result.best_deals)
    assert not result.options_assume_conceded and result.options is not None and result.options.feasible
    assert explorer_data(html)["conflicts"] == []


def test_with_no_deal_the_options_assume_the_cheapest_concession_set(bundled):
    result, html = bundled
    assert result.why is not None and not result.why.feasible
    assert result.options_assume_conceded == result.why.concessions[0].red_lines
    assert result.options is not None and result.options.feasible
    assert all(d.opened_by for d in result.best_deals)


def test_a_tiny_timeout_gives_a_page_whose_sections_say_they_were_not_computed(scenario):
    result = zopa.report(scenario, timeout=1e-9)
    assert result.skipped == list(SECTION_WEIGHTS)
    html = page(result, scenario.catalogue)
    assert html.count("Not computed: the time limit") >= len(SECTION_WEIGHTS)
    assert "Unknown: time ran out" in html
    assert explorer_data(html)["complete"] is False
    assert 'id="explorer-live"' not in html


def test_a_cut_conflict_search_turns_the_explorer_into_a_notice(scenario):
    result = zopa.report(scenario)
    assert result.why is not None
    result.why.explained = False
    html = page(result, scenario.catalogue)
    assert not result.conflicts_complete
    assert "cut the search for conflicts short" in html
    assert 'id="explorer-live"' not in html
    assert "Cut short by the time limit: more conflicts may exist" in html


def test_the_sections_share_one_time_limit(scenario, monkeypatch):
    """Each section is given its weight's share of the time left, never more than the whole."""
    given: dict[str, float] = {}
    ends: list[float] = []

    def recording(name, analysis):
        def run(*args, **kwargs):
            given[name] = kwargs["timeout"]
            if kwargs["timeout"] is not None:
                ends.append(time.monotonic() + kwargs["timeout"])
            return analysis(*args, **kwargs)

        return run

    for name in ("why", "options", "coalitions", "timeline"):
        monkeypatch.setattr(zopa.analyses.report, name, recording(name, getattr(zopa.analyses.report, name)))
    start = time.monotonic()
    zopa.report(scenario, timeout=60)
    total = sum(SECTION_WEIGHTS.values())
    assert given["why"] == pytest.approx(60 * SECTION_WEIGHTS["why"] / total, abs=0.5)
    assert max(ends) <= start + 60 + 0.01, "no section may run past the report's deadline"
    # The time the quick sections leave over goes to the ones after them: the last gets all that is left.
    assert given["timeline"] == pytest.approx(60, abs=2)
    given.clear()
    zopa.report(scenario, timeout=None)
    assert set(given.values()) == {None}
