"""Shared pytest set-up: the markers this suite uses, tests/ on the import path (so
test modules can `import oracle`), and the hypothesis profiles.

Hypothesis profiles (HYPOTHESIS_PROFILE=...): `ci`, the default, runs at least 200
examples per property; `thorough` runs 2000. Tests that set max_examples themselves keep it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

settings.register_profile(
    "ci", max_examples=200, deadline=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "thorough", max_examples=2000, deadline=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_configure(config):
    config.addinivalue_line("markers", "bundled: tests of the bundled Russia–Ukraine scenario (positions/)")
    config.addinivalue_line("markers", "readme: the README documents what the program offers")


def pytest_sessionstart(session):
    # Text views are wrapped to the terminal's width: pinned outputs are pinned at 80 columns.
    os.environ["COLUMNS"] = "80"
