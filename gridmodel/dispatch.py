"""One dispatch of a system's horizon, as its scenario asks: one LP (lp.py),
over its typical days if it has them (periods.py), or, for a chronological
horizon longer than solver.window_days, windows that carry the year
(windows/). A run's dispatch, a remedy's base and its hourly checks."""

from __future__ import annotations

from .inputs import System
from .lp import solve_system
from .model.remedy_terms import NONE, RemedyTerms
from .results import Result
from .windows import solve_windows, window_indexes


def long_horizon(system: System) -> bool:
    """A chronological horizon longer than one solver window."""
    sc = system.scenario
    days = sc.solver.window_days
    return bool(days) and sc.representative_periods is None and len(window_indexes(system.index, days)) > 1


def plans(system: System) -> bool:
    """Remedy mode choosing capacities, which needs one LP for the horizon."""
    e = system.scenario.expansion
    return e.enabled and not e.fixed


def windowed(system: System) -> bool:
    """Whether a horizon is solved as windows (windows/): a long
    chronological one, unless a remedy is being planned."""
    return long_horizon(system) and not plans(system)


def dispatch(system: System, log_file: str | None = None, terms: RemedyTerms = NONE) -> Result:
    """The system's horizon solved as the scenario asks: weekly windows, or
    one LP (over its typical days, if it has them); `terms`: a remedy's."""
    if windowed(system):
        s = system.scenario.solver
        return solve_windows(system, s.window_days, s.workers, s.lookahead_days, s.coarse_days, log_file=log_file, passes=s.passes, terms=terms)
    return solve_system(system, log_file=log_file, terms=terms)
