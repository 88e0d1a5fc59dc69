"""The bundled Russia–Ukraine scenario (positions/, shipped inside the package).

The must-have red lines are found by meaning (labels, quotes, the issues and options they
touch), never by guessing ids. The quote check reads the seed articles from
`<repo>/../shared/seeds/` when that folder exists and is skipped otherwise.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import zopa
from zopa.catalogue import Catalogue, RedLine

pytestmark = pytest.mark.bundled

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "seeds"

REQUIRED_PARTIES = ["russia", "ukraine", "united_states", "european_union", "united_kingdom"]


@pytest.fixture(scope="module")
def scenario() -> zopa.Scenario:
    try:
        return zopa.load()
    except zopa.ZopaError as problem:
        pytest.fail(f"the bundled scenario does not load: {problem}", pytrace=False)
    except Exception as problem:  # a crash is a bug of zopa, reported as such
        pytest.fail(f"loading the bundled scenario crashed: {type(problem).__name__}: {problem}", pytrace=False)


@pytest.fixture(scope="module")
def catalogue(scenario) -> Catalogue:
    return scenario.catalogue


def words(text: str) -> str:
    """Lower case, ids' underscores as spaces, whitespace folded: text to search in."""
    return re.sub(r"\s+", " ", text.replace("_", " ")).lower()


def described(red_line: RedLine, catalogue: Catalogue) -> str:
    """All a red line says about itself: label, quotes, and the issues and options it names."""
    issues = {i.id: i for i in catalogue.issues}
    parts = [red_line.id, red_line.label] + [s.quote for s in red_line.sources]
    for choice in red_line.forbids + red_line.requires:
        issue = issues.get(choice.issue)
        parts += [choice.issue, choice.option]
        if issue:
            parts.append(issue.label)
            parts += [o.label for o in issue.options if o.id == choice.option]
    return words(" | ".join(parts))


def issue_ids_about(catalogue: Catalogue, pattern: str) -> set[str]:
    return {i.id for i in catalogue.issues if re.search(pattern, words(f"{i.id} {i.label}"))}


def listing(red_lines) -> str:
    return "\n".join(f"  {r.id} ({r.party}): {r.label}" for r in red_lines) or "  (none)"


# ---------------------------------------------------------------------------------------
# Size and shape


def test_required_parties_present(catalogue):
    ids = [p.id for p in catalogue.parties]
    missing = [p for p in REQUIRED_PARTIES if p not in ids]
    assert not missing, f"parties missing from the bundled scenario: {missing} (have {ids})"
    assert len(ids) >= 5


def test_enough_issues(catalogue):
    assert len(catalogue.issues) >= 15, f"only {len(catalogue.issues)} issues"
    for issue in catalogue.issues:
        assert len(issue.options) >= 2, f"issue {issue.id} offers no choice: {[o.id for o in issue.options]}"


def test_enough_red_lines(catalogue):
    assert len(catalogue.red_lines) >= 40, f"only {len(catalogue.red_lines)} red lines"


@pytest.mark.parametrize("party", REQUIRED_PARTIES)
def test_each_required_party_has_red_lines(catalogue, party):
    own = [r for r in catalogue.red_lines if r.party == party]
    assert own, f"{party} has no red line"


def test_every_red_line_has_a_label_of_its_own(catalogue):
    unlabelled = [r.id for r in catalogue.red_lines if not r.label.strip() or r.label == r.id]
    assert not unlabelled, f"red lines without a label: {unlabelled}"


def test_every_red_line_has_a_condition(catalogue):
    empty = [r.id for r in catalogue.red_lines if not (r.forbids or r.requires or r.rules)]
    assert not empty, f"red lines that forbid and require nothing: {empty}"


def test_every_red_line_is_sourced_from_a_filed_document(catalogue):
    filed = {d.id for d in catalogue.documents if d.file}
    unsourced = [r.id for r in catalogue.red_lines if not r.sources]
    assert not unsourced, f"red lines without a source: {unsourced}"
    unfiled = sorted({(r.id, s.document) for r in catalogue.red_lines for s in r.sources if s.document not in filed})
    assert not unfiled, f"sources whose document has no document_file: {unfiled}"
    for r in catalogue.red_lines:
        for s in r.sources:
            assert s.quote.strip(), f"{r.id} has an empty quote"


def test_documents_have_iso_dates(catalogue):
    assert catalogue.documents, "no documents declared"
    for d in catalogue.documents:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", d.date), (d.id, d.date)
        assert d.title.strip(), d.id


@pytest.fixture(scope="module")
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not available (no folder {SEEDS.name} next to the repository's parent)")
    return SEEDS


def test_document_files_exist_among_seeds(catalogue, seeds):
    missing = [(d.id, d.file) for d in catalogue.documents if d.file and not (seeds / d.file).is_file()]
    assert not missing, f"document files not found among the seed articles: {missing}"


def test_every_quote_is_verbatim_in_its_seed(catalogue, seeds):
    """Quotes must be substrings of the article (only runs of whitespace are folded)."""
    files = {d.id: d.file for d in catalogue.documents}
    texts: dict[str, str] = {}
    wrong = []
    for r in catalogue.red_lines:
        for s in r.sources:
            name = files.get(s.document)
            if not name or not (seeds / name).is_file():
                wrong.append(f"{r.id}: document {s.document} has no seed file")
                continue
            if name not in texts:
                texts[name] = re.sub(r"\s+", " ", (seeds / name).read_text(encoding="utf-8"))
            if re.sub(r"\s+", " ", s.quote) not in texts[name]:
                wrong.append(f"{r.id}: not in {name}: {s.quote!r}")
    assert not wrong, "quotes not found verbatim:\n" + "\n".join(wrong)


# ---------------------------------------------------------------------------------------
# Feasibility


def test_all_parties_together_have_no_deal(scenario):
    result = zopa.deals(scenario, limit=1, timeout=30)
    assert result.complete, "the search was cut by the timeout: no verdict"
    assert not result.feasible, (
        "the sources say the parties' positions collide (Crimea, NATO, foreign troops), yet "
        f"zopa finds a deal every party accepts: {result.deals[0]}"
    )


def test_russia_and_ukraine_alone_have_no_deal(scenario):
    result = zopa.deals(scenario, parties=["russia", "ukraine"], limit=1, timeout=30)
    assert result.complete, "the search was cut by the timeout: no verdict"
    assert not result.feasible, (
        "Russia demands recognition of Crimea and Ukraine says it will never recognise it, "
        f"yet zopa finds a deal both accept: {result.deals[0]}"
    )


@pytest.mark.parametrize("party", REQUIRED_PARTIES)
def test_each_required_party_alone_is_feasible(scenario, party):
    result = zopa.deals(scenario, parties=[party], limit=1, timeout=30)
    assert result.feasible, f"{party}'s own red lines contradict each other: no deal satisfies them alone"
    assert result.red_lines_checked == sum(
        1 for r in scenario.catalogue.red_lines if r.party == party and not r.conceded
    )


def test_every_party_alone_is_feasible(scenario):
    contradictory = [
        p.id
        for p in scenario.catalogue.parties
        if not zopa.deals(scenario, parties=[p.id], limit=1, timeout=30).feasible
    ]
    assert not contradictory, f"parties whose own red lines admit no deal: {contradictory}"


def test_no_red_line_is_conceded_in_the_bundled_scenario(catalogue):
    conceded = [r.id for r in catalogue.red_lines if r.conceded]
    assert not conceded, f"the bundled positions withdraw red lines with concede/1: {conceded}"


# ---------------------------------------------------------------------------------------
# Must-have red lines, found by meaning


def of(catalogue: Catalogue, party: str) -> list[RedLine]:
    return [r for r in catalogue.red_lines if r.party == party]


def test_ukraine_red_line_on_crimea(catalogue):
    crimea = issue_ids_about(catalogue, r"crimea")
    assert crimea, "no issue about Crimea"
    found = [r for r in of(catalogue, "ukraine") if any(c.issue in crimea for c in r.forbids)]
    listed = listing(of(catalogue, "ukraine"))
    assert found, f"no Ukraine red line forbids an option of the Crimea issue {sorted(crimea)}; Ukraine's:\n{listed}"
    # What it forbids is some form of Russian control over Crimea.
    forbidden = {c.option for r in found for c in r.forbids if c.issue in crimea}
    assert any("russia" in words(o) for o in forbidden), f"Ukraine's Crimea red lines forbid only {forbidden}"


def test_united_states_red_line_on_us_troops(catalogue):
    pattern = r"\b(us|u\.s\.|american|united states|america's)\b.{0,40}\b(troops?|boots|soldiers|forces)\b"
    found = [r for r in of(catalogue, "united_states") if re.search(pattern, described(r, catalogue))]
    assert found, f"no United States red line about US troops; theirs:\n{listing(of(catalogue, 'united_states'))}"
    assert any(r.forbids or r.requires or r.rules for r in found)


def test_eu_red_line_quoting_withdrawal(catalogue):
    found = [
        r for r in of(catalogue, "european_union") if any(re.search(r"withdr[ae]w", s.quote.lower()) for s in r.sources)
    ]
    assert found, (
        f"no EU red line whose quote speaks of withdrawal; the EU's:\n{listing(of(catalogue, 'european_union'))}"
    )


def test_russia_red_line_on_nato(catalogue):
    found = [r for r in of(catalogue, "russia") if "nato" in described(r, catalogue)]
    assert found, f"no Russia red line about NATO; Russia's:\n{listing(of(catalogue, 'russia'))}"
    nato = issue_ids_about(catalogue, r"nato")
    assert nato, "no issue about NATO"
    assert any(c.issue in nato for r in found for c in r.forbids + r.requires) or any(r.rules for r in found)


def test_russia_red_line_forbidding_european_troops(catalogue):
    def about_european_troops(r: RedLine) -> bool:
        text = described(r, catalogue)
        return bool(re.search(r"europe|western|foreign|coalition|nato", text)) and bool(
            re.search(r"troop|peacekeep|contingent|deploy|boots|forces", text)
        )

    found = [r for r in of(catalogue, "russia") if about_european_troops(r) and (r.forbids or r.rules)]
    assert found, f"no Russia red line forbidding European troops; Russia's:\n{listing(of(catalogue, 'russia'))}"


def test_uk_red_line_requiring_a_coalition_force(catalogue):
    found = [
        r for r in of(catalogue, "united_kingdom") if "coalition" in described(r, catalogue) and (r.requires or r.rules)
    ]
    assert found, (
        f"no United Kingdom red line requiring a coalition force; the UK's:\n{listing(of(catalogue, 'united_kingdom'))}"
    )
