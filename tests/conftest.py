"""Fixtures: `solve` runs a scenario and checks every invariant of
tests/invariants.py on the result before handing it to the test; a model bug
that a hand-computed objective happens to miss still trips one of them. So
does every other result a test makes in this process (an autouse fixture):
each LP, each year joined from windows, each remedy's plan and check."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # `import cases`, `import invariants` from any test module

from gridmodel import lp, resolve, windows  # noqa: E402
from gridmodel.api import run_scenario  # noqa: E402
from gridmodel.results import Result  # noqa: E402
from invariants import check_invariants  # noqa: E402


@pytest.fixture(autouse=True)
def invariants_on_every_solve(monkeypatch):
    """Every result a test makes is checked where it is made: each LP over a
    whole horizon (not a window, whose state is carried in: its year is
    checked once joined) as it is collected, and each year joined from windows."""

    def checked_collect(collect):
        def run(ctx, sol, summarise=True):
            result = collect(ctx, sol, summarise)
            if summarise and ctx.horizon.carry is None:
                check_invariants(result)
            return result

        return run

    def checked_join(*args, **kwargs):
        result = join(*args, **kwargs)
        check_invariants(result)
        return result

    join = windows.join
    monkeypatch.setattr(windows, "join", checked_join)
    for module in (lp, resolve):
        monkeypatch.setattr(module, "collect", checked_collect(module.collect))


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
