"""Every default number a user meets, in one place: the library's keyword defaults, the
command line's option defaults and help, and the README (through cog) all read them here.
"""

from __future__ import annotations

DEALS_LIMIT = 5
"""`zopa deals`: deals listed (0: all)."""
DEALS_TIMEOUT = 60.0
"""`zopa deals`: seconds of search."""
WHY_LIMIT = 0
"""`zopa why`: conflicts and concession sets listed (0: all)."""
WHY_TIMEOUT = 30.0
"""`zopa why`: seconds of search."""
WHY_TEXT_CONCESSIONS = 3
"""`zopa why` text view: concession sets of the whole scenario shown (clusters show theirs)."""
WHATIF_TIMEOUT = 120.0
"""`zopa whatif`: seconds for the whole sweep; the conflict search gets at most half."""
WHATIF_COUNT_CAP = 100
"""`zopa whatif`: deals counted per case; beyond it, "at least"."""
WHATIF_SHOWN = 10
"""`zopa whatif` text view: cases explained in words."""
WHATIF_CASES_WITHOUT_CONFIRMATION = 5000
"""`zopa whatif`: a larger sweep needs --limit or --yes."""
CHECK_TIMEOUT = 60.0
"""`zopa check`: seconds of search."""
LINT_TIMEOUT = 60.0
"""`zopa lint`: seconds for the solver's checks."""
MAX_MEMORY_MB = 4096
"""Every command: the address space a run may use, in MB (0: no limit); past it, one
error line instead of swapping or the kernel's out-of-memory killer."""
TIMELINE_TIMEOUT = 60.0
"""`zopa timeline`: seconds for the whole history."""
SHOW_TIMEOUT = 10.0
"""`zopa show`: seconds for finding the conflicts that rest on inferred red lines."""
PARETO_TIMEOUT = 60.0
"""`zopa deals --pareto`: seconds for the frontier and its deals."""
OPTIONS_COUNT_CAP = 100
"""`zopa options`: deals counted per open option; beyond it, "at least" (as whatif's cap).
Counting is most of the answer's time on large scenarios: at 1,000 the 4× generated
scenario took 43 s, 27 s of it counting."""
OPTIONS_TIMEOUT = 30.0
"""`zopa options`: seconds for the whole answer."""
COALITIONS_TIMEOUT = 60.0
"""`zopa coalitions`: seconds for the whole answer."""
LAYOUT_TIMEOUT = 60.0
"""`why --graph` and `report`: seconds Graphviz's `dot` may take to lay out the conflict
graph, on top of the search's own --timeout."""
REPORT_TIMEOUT = 120.0
"""`zopa report`: seconds for the whole page, shared among its sections."""
REPORT_FILE = "zopa-report.html"
"""`zopa report`: the page written when --output names none."""
