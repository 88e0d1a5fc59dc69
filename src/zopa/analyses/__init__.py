"""The questions zopa answers, one module each, as typed functions of a Scenario:
deals, why (over clusters, conflicts and concessions), whatif, check, lint."""
