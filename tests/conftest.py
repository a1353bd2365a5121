"""Fixtures: `solve` runs a scenario and checks every invariant of
tests/invariants.py on the result before handing it to the test; a model bug
that a hand-computed objective happens to miss still trips one of them."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # `import cases`, `import invariants` from any test module

from gridmodel.api import run_scenario  # noqa: E402
from gridmodel.results import Result  # noqa: E402
from invariants import check_invariants  # noqa: E402


@pytest.fixture
def invariants():
    """The invariant check itself (for tests that tamper with a result)."""
    return check_invariants


@pytest.fixture
def solve():
    """Run a scenario file and check the invariants before returning the result."""

    def run(path, hours: int | None = None, overrides: dict | None = None) -> Result:
        result = run_scenario(path, hours=hours, overrides=overrides)
        check_invariants(result)
        return result

    return run
