"""zopa: the zone of possible agreement in a multi-party negotiation, found by clingo.

    import zopa
    scenario = zopa.load()                 # the bundled Russia–Ukraine scenario
    result = zopa.deals(scenario, parties=["russia", "united_states"], limit=3)

The pipeline, one package each: loading (files → parse → ground → validate → catalogue) →
solving (one grounded solver, red lines switched by assumptions) → scenario → analyses
(deals, pareto, options, why, whatif, check, coalitions, timeline, lint, report) → render (text, JSON,
graph, chart, the report's page) → cli.

The API's names are imported when first used (PEP 562): a command imports only the
analysis it runs, which keeps the command line's start-up short.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zopa.analyses.check import check
    from zopa.analyses.coalitions import coalitions
    from zopa.analyses.deals import deals
    from zopa.analyses.lint import lint
    from zopa.analyses.options import options
    from zopa.analyses.pareto import pareto
    from zopa.analyses.report import report
    from zopa.analyses.timeline import timeline
    from zopa.analyses.whatif import whatif
    from zopa.analyses.why import why
    from zopa.errors import ZopaError
    from zopa.scenario import Scenario, load

_HOMES = {
    "Scenario": "zopa.scenario",
    "ZopaError": "zopa.errors",
    "check": "zopa.analyses.check",
    "coalitions": "zopa.analyses.coalitions",
    "deals": "zopa.analyses.deals",
    "lint": "zopa.analyses.lint",
    "load": "zopa.scenario",
    "options": "zopa.analyses.options",
    "pareto": "zopa.analyses.pareto",
    "report": "zopa.analyses.report",
    "timeline": "zopa.analyses.timeline",
    "whatif": "zopa.analyses.whatif",
    "why": "zopa.analyses.why",
}

__all__ = [
    "Scenario",
    "ZopaError",
    "check",
    "coalitions",
    "deals",
    "lint",
    "load",
    "options",
    "pareto",
    "report",
    "timeline",
    "whatif",
    "why",
]


def __getattr__(name: str) -> object:
    if name not in _HOMES:
        raise AttributeError(f"module 'zopa' has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOMES[name]), name)
    globals()[name] = value
    return value
