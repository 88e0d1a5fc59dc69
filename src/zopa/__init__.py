"""zopa: the zone of possible agreement in a multi-party negotiation, found by clingo.

    import zopa
    scenario = zopa.load()                 # the bundled Russia–Ukraine scenario
    result = scenario.deals(parties=["russia", "united_states"], limit=3)
"""

from zopa.errors import ZopaError
from zopa.loading import load
from zopa.scenario import Scenario

__all__ = ["Scenario", "ZopaError", "load"]
