"""zopa: the zone of possible agreement in a multi-party negotiation, found by clingo.

    import zopa
    scenario = zopa.load()                 # the bundled Russia–Ukraine scenario
    result = zopa.deals(scenario, parties=["russia", "united_states"], limit=3)

The pipeline, one package each: load (files → parse → ground → validate → catalogue) →
solving (one grounded solver, red lines switched by assumptions) → scenario → analyses
(deals, why, whatif, check, lint) → render (text, JSON, graph) → cli.
"""

from zopa.analyses.check import check
from zopa.analyses.deals import deals
from zopa.analyses.lint import lint
from zopa.analyses.whatif import whatif
from zopa.analyses.why import why
from zopa.errors import ZopaError
from zopa.scenario import Scenario, load

__all__ = ["Scenario", "ZopaError", "check", "deals", "lint", "load", "whatif", "why"]
