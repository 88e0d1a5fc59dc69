"""Shared pytest set-up: the markers this suite uses, and tests/ on the import path (so
test modules can `import oracle`)."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))


def pytest_configure(config):
    config.addinivalue_line("markers", "bundled: tests of the bundled Russia–Ukraine scenario (positions/)")
    config.addinivalue_line("markers", "readme: the README documents what the program offers")
