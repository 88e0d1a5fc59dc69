"""The bundled Russia–Ukraine scenario (positions/, shipped inside the package).

The must-have red lines are found by meaning (labels, quotes, the issues and options they
touch), never by guessing ids. The quote check reads the seed articles from
`<repo>/../shared/seeds/` when that folder exists and is skipped otherwise.

Besides the shape of the scenario, these tests pin what the sources support: every red line
graded (evidence/2) exactly once, dated no later than its sources, withdrawn only after it
was stated; the documented changes of position encoded with withdrawn/2; sanctions split so
that US relief alone never breaks an EU red line; every party feasible alone at every date
its positions change.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import clingo
import pytest

import zopa
from zopa.catalogue import Catalogue, RedLine

pytestmark = pytest.mark.bundled

REPO = Path(__file__).resolve().parent.parent
POSITIONS = REPO / "positions"
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


@pytest.fixture(scope="module")
def written_facts() -> dict[str, list[clingo.Symbol]]:
    """The facts of positions/*.lp as written (before any loader merges duplicates), by
    predicate name, for the "exactly one" checks."""
    control = clingo.Control(["--warn=none"])
    for path in sorted(POSITIONS.glob("*.lp")):
        control.load(str(path))
    control.ground([("base", [])])
    found: dict[str, list[clingo.Symbol]] = {}
    for name, arity in (("evidence", 2), ("stated", 2), ("withdrawn", 2), ("status_quo", 2)):
        found[name] = [a.symbol for a in control.symbolic_atoms.by_signature(name, arity) if a.is_fact]
    return found


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


def options_about(catalogue: Catalogue, issue_pattern: str, option_pattern: str) -> list[tuple[str, str]]:
    """(issue, option) pairs whose issue and option labels match the patterns."""
    return [
        (i.id, o.id)
        for i in catalogue.issues
        if re.search(issue_pattern, words(f"{i.id} {i.label}"))
        for o in i.options
        if re.search(option_pattern, words(f"{o.id} {o.label}"))
    ]


def listing(red_lines) -> str:
    return "\n".join(f"  {r.id} ({r.party}): {r.label}" for r in red_lines) or "  (none)"


def of(catalogue: Catalogue, party: str) -> list[RedLine]:
    return [r for r in catalogue.red_lines if r.party == party]


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


def test_every_party_has_a_red_line_in_force_now(catalogue):
    idle = [p.id for p in catalogue.parties if not any(r.holds(None) for r in of(catalogue, p.id))]
    assert not idle, f"parties whose every red line is withdrawn: {idle}"


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


def test_every_soft_demand_names_a_known_option(catalogue):
    options = {(i.id, o.id) for i in catalogue.issues for o in i.options}
    parties = {p.id for p in catalogue.parties}
    wrong = [w for w in catalogue.wants if (w.issue, w.option) not in options or w.party not in parties]
    assert not wrong, f"soft demands naming unknown options or parties: {wrong}"


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
# Evidence and dates


def test_every_red_line_has_exactly_one_evidence_grade(catalogue, written_facts):
    grades = Counter(str(s.arguments[0]) for s in written_facts["evidence"])
    ungraded = [r.id for r in catalogue.red_lines if grades[r.id] == 0 or not r.graded]
    several = sorted(r for r, n in grades.items() if n > 1)
    assert not ungraded, f"red lines without an evidence/2 grade: {ungraded}"
    assert not several, f"red lines with more than one evidence/2 grade: {several}"
    bad = [(r.id, r.evidence) for r in catalogue.red_lines if r.evidence not in ("direct", "reported", "inferred")]
    assert not bad, bad


def test_every_grade_is_used_and_inferred_ones_are_few(catalogue):
    counts = Counter(r.evidence for r in catalogue.red_lines)
    assert counts["direct"] and counts["reported"] and counts["inferred"], counts
    # An inferred red line is the exception, not the rule.
    assert counts["inferred"] <= len(catalogue.red_lines) // 4, counts


def test_at_most_one_stated_and_one_withdrawn_per_red_line(written_facts):
    for name in ("stated", "withdrawn"):
        counts = Counter(str(s.arguments[0]) for s in written_facts[name])
        several = sorted(r for r, n in counts.items() if n > 1)
        assert not several, f"red lines with more than one {name}/2: {several}"


def test_withdrawn_strictly_after_stated(catalogue):
    wrong = [
        (r.id, r.stated, r.withdrawn)
        for r in catalogue.red_lines
        if r.withdrawn and r.stated and r.withdrawn <= r.stated
    ]
    assert not wrong, f"withdrawn on or before the day stated: {wrong}"


def test_stated_no_later_than_a_document_citing_it(catalogue):
    dates = {d.id: d.date for d in catalogue.documents}
    late = [
        (r.id, r.stated)
        for r in catalogue.red_lines
        if r.stated and all(r.stated > dates[s.document] for s in r.sources)
    ]
    assert not late, f"red lines stated after every document that cites them: {late}"


def test_every_withdrawal_is_sourced_by_a_document_of_that_date_or_later(catalogue):
    """The statement that shows a change cannot come from an article written before it."""
    dates = {d.id: d.date for d in catalogue.documents}
    unsourced = [
        r.id
        for r in catalogue.red_lines
        if r.withdrawn and not any(dates[s.document] >= r.withdrawn for s in r.sources)
    ]
    assert not unsourced, f"withdrawn red lines without a source dated on or after the withdrawal: {unsourced}"


def test_most_red_lines_are_dated(catalogue):
    dated = [r for r in catalogue.red_lines if r.stated]
    assert len(dated) >= len(catalogue.red_lines) // 2, f"only {len(dated)} of {len(catalogue.red_lines)} dated"


def _ceasefire(catalogue: Catalogue) -> tuple[str, str]:
    """The ceasefire-sequencing issue and its 'full ceasefire first' option."""
    found = options_about(catalogue, r"ceasefire", r"full ceasefire first|ceasefire first")
    assert found, "no option 'full ceasefire first' in the catalogue"
    return found[0]


def test_us_ceasefire_sequencing_change_is_encoded(catalogue):
    """March 2025: peace talks only once hostilities have ceased; after Anchorage (August
    2025): a comprehensive resolution. The old red line is withdrawn, the new one stated."""
    issue, first = _ceasefire(catalogue)
    us = of(catalogue, "united_states")
    old = [r for r in us if any(c.issue == issue and c.option == first for c in r.requires)]
    assert old, f"no US red line requiring a full ceasefire first; the US's:\n{listing(us)}"
    assert len(old) == 1
    (old,) = old
    assert old.withdrawn and old.withdrawn.startswith("2025-08"), (old.id, old.withdrawn)
    assert old.stated and old.stated <= "2025-03-11", (old.id, old.stated)
    assert any("once hostilities have ceased" in s.quote for s in old.sources)
    assert any("comprehensive resolution" in s.quote for s in old.sources), "no source quote shows the change"
    new = [r for r in us if any(c.issue == issue and c.option == first for c in r.forbids)]
    assert len(new) == 1, f"no single US red line against a ceasefire first; the US's:\n{listing(us)}"
    (new,) = new
    assert new.stated == old.withdrawn and new.withdrawn is None, (new.id, new.stated, new.withdrawn)
    assert any("comprehensive resolution" in s.quote for s in new.sources)
    # A reported shift of argument, not a refusal: the new one is graded inferred.
    assert new.evidence == "inferred"
    # The two never hold on the same day.
    for day in ("2025-03-11", "2025-08-14", "2025-08-15", "2025-12-01"):
        assert not (old.holds(day) and new.holds(day)), day


def test_ukraine_withdrawal_precondition_dropped_at_jeddah(catalogue):
    """February 2025: a full Russian withdrawal before peace talks; 11 March 2025: Ukraine
    accepts a 30-day ceasefire and immediate talks."""
    ua = of(catalogue, "ukraine")
    old = [
        r
        for r in ua
        if r.requires and all(c.option == "returned_to_ukraine" for c in r.requires) and len(r.requires) >= 3
    ]
    assert len(old) == 1, f"no single Ukrainian red line requiring a full withdrawal; Ukraine's:\n{listing(ua)}"
    (old,) = old
    assert old.withdrawn == "2025-03-11", (old.id, old.withdrawn)
    assert any("withdrawal" in s.quote and "peace talks" in s.quote for s in old.sources)
    assert any("30-day" in s.quote for s in old.sources), "no source quote shows the acceptance of the ceasefire"
    crimea = issue_ids_about(catalogue, r"crimea")
    assert any(c.issue in crimea for c in old.requires), "the withdrawal demanded includes Crimea"


def test_every_change_has_a_successor_or_says_why(catalogue):
    """Withdrawn red lines: at most a few, each of a required party."""
    withdrawn = [r for r in catalogue.red_lines if r.withdrawn]
    assert 2 <= len(withdrawn) <= 6, listing(withdrawn)
    assert {r.party for r in withdrawn} <= set(REQUIRED_PARTIES)


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
        1 for r in scenario.catalogue.red_lines if r.party == party and not r.conceded and r.holds(None)
    )


def test_every_party_alone_is_feasible(scenario):
    contradictory = [
        p.id
        for p in scenario.catalogue.parties
        if not zopa.deals(scenario, parties=[p.id], limit=1, timeout=30).feasible
    ]
    assert not contradictory, f"parties whose own red lines admit no deal: {contradictory}"


def test_every_party_alone_is_feasible_at_every_date(scenario):
    """Each party's positions as they stood on each date a red line was stated or withdrawn."""
    dates = sorted({d for r in scenario.catalogue.red_lines for d in (r.stated, r.withdrawn) if d})
    contradictory = [
        (p.id, day)
        for day in dates
        for p in scenario.catalogue.parties
        if not zopa.deals(scenario, parties=[p.id], as_of=day, limit=1, timeout=30).feasible
    ]
    assert not contradictory, f"parties whose own red lines admit no deal on a date: {contradictory}"


def test_no_red_line_is_conceded_in_the_bundled_scenario(catalogue):
    conceded = [r.id for r in catalogue.red_lines if r.conceded]
    assert not conceded, f"the bundled positions withdraw red lines with concede/1: {conceded}"


# ---------------------------------------------------------------------------------------
# Catalogue: the provisions of the proposals of 2022–2026, and the status quo


@pytest.mark.parametrize(
    ("what", "issue", "option"),
    [
        ("an 85,000 cap", r"armed forces|army", r"85,?000|85k"),
        ("a 250,000 cap", r"armed forces|army", r"250,?000|250k"),
        ("a 600,000 cap", r"armed forces|army", r"600,?000|600k"),
        ("an 800,000 cap", r"armed forces|army", r"800,?000|800k"),
        ("no cap", r"armed forces|army", r"no cap"),
        ("elections as soon as possible after signing", r"election", r"as soon as possible"),
        ("non-nuclear status", r"nuclear status", r"non-nuclear"),
        ("the Russian language", r"russian language", r"minority|official"),
        ("the church", r"church|religio", r"toleran|church"),
        ("Ukraine's withdrawal from the south it holds", r"held.*(zaporizhzhia|south)", r"withdraw|russia"),
        ("a demilitarised zone not under Russian control", r"donbas", r"demilitari[sz]ed.*not under russian"),
        ("foreign troops only outside peacetime", r"troops", r"peacetime"),
        ("ceasefire monitoring", r"monitor", r"monitor"),
        ("a guarantor's veto", r"veto", r"consent|veto"),
        ("US sanctions", r"\bus sanctions", r"lifted"),
        ("EU sanctions", r"\beu sanctions", r"lifted"),
    ],
)
def test_catalogue_can_write_the_common_provisions(catalogue, what, issue, option):
    assert options_about(catalogue, issue, option), f"no option for {what}"


def test_sanctions_split_by_authority(catalogue):
    assert not issue_ids_about(catalogue, r"^sanctions\b"), "a single sanctions issue still lumps US and EU sanctions"
    us = issue_ids_about(catalogue, r"\bus sanctions")
    eu = issue_ids_about(catalogue, r"\beu sanctions")
    assert len(us) == 1 and len(eu) == 1, (us, eu)


def test_us_sanctions_relief_alone_breaks_no_eu_red_line(scenario, tmp_path):
    """Lifting every US sanction while Russia keeps the occupied land: the EU's red lines are
    about EU relief."""
    (us,) = issue_ids_about(scenario.catalogue, r"\bus sanctions")
    plan = tmp_path / "us-relief.lp"
    plan.write_text(
        f"deal({us}, lifted).\n"
        "deal(crimea, frozen_unrecognised).\ndeal(occupied_donbas, frozen_unrecognised).\n"
        "deal(zaporizhzhia_kherson, frozen_unrecognised).\n",
        encoding="utf-8",
    )
    result = zopa.check(scenario, plan, parties=["european_union"], as_of="2025-12-31", timeout=30)
    assert not result.violations and result.completable, [v.red_line for v in result.violations]


def test_status_quo_where_nothing_changes(catalogue, written_facts):
    counts = Counter(str(s.arguments[0]) for s in written_facts["status_quo"])
    assert all(n == 1 for n in counts.values()), counts
    status = {i.id: i.status_quo for i in catalogue.issues}
    options = {i.id: {o.id for o in i.options} for i in catalogue.issues}
    for issue, option in status.items():
        assert option is None or option in options[issue], (issue, option)
    # The examples of the contract: sanctions stay, the NATO aspiration stands, no army cap.
    for pattern, option in ((r"\bus sanctions", r"kept"), (r"\beu sanctions", r"kept"), (r"nato", r"aspiration")):
        (issue,) = issue_ids_about(catalogue, pattern)
        assert status[issue] and re.search(option, status[issue]), (issue, status[issue])
    (army,) = issue_ids_about(catalogue, r"armed forces")
    assert status[army] == "no_cap"
    # The sequencing of the ceasefire has no "nothing changes" answer.
    issue, _ = _ceasefire(catalogue)
    assert status[issue] is None
    assert sum(1 for s in status.values() if s) >= len(status) // 2


# ---------------------------------------------------------------------------------------
# Must-have red lines, found by meaning


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
    # One statement, one red line: no second EU red line rests on the same quote.
    quotes = Counter(s.quote for r in of(catalogue, "european_union") for s in r.sources)
    assert all(n == 1 for n in quotes.values()), quotes


def test_eu_holds_no_position_sourced_to_the_e3(catalogue):
    e3 = [r.id for r in of(catalogue, "european_union") if any("E3" in s.quote for s in r.sources)]
    assert not e3, f"EU red lines sourced to a quote about the E3: {e3}"
    held = [
        r
        for r in catalogue.red_lines
        if any("precondition for any Ukrainian territorial" in s.quote for s in r.sources)
    ]
    assert len(held) == 1, listing(held)
    party = next(p for p in catalogue.parties if p.id == held[0].party)
    assert "e3" in words(f"{party.id} {party.label}"), (party.id, party.label)


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


def test_russia_guarantee_red_line_rests_on_analysts(catalogue):
    """Only analysts say Russia rejects every Western guarantee: such a red line is inferred."""
    guarantees = issue_ids_about(catalogue, r"security guarantee")
    found = [r for r in of(catalogue, "russia") if any(c.issue in guarantees for c in r.forbids + r.requires)]
    assert all(r.evidence == "inferred" for r in found), [(r.id, r.evidence) for r in found]


def test_uk_coalition_force_is_a_soft_demand(catalogue):
    """London point 4 offers troops; it is no veto on every deal without them."""
    troops = issue_ids_about(catalogue, r"troops")
    vetoes = [
        r.id
        for r in of(catalogue, "united_kingdom")
        if any(c.issue in troops for c in r.requires)
        or any(c.issue in troops and c.option == "none" for c in r.forbids)
    ]
    assert not vetoes, f"UK red lines requiring foreign troops in every deal: {vetoes}"
    wants = [w for w in catalogue.wants if w.party == "united_kingdom" and w.issue in troops]
    assert any("coalition" in w.option for w in wants), wants
