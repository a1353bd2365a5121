"""The Python entry points: load a scenario, solve it, get tables and the verdict."""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from pathlib import Path

from .inputs import System, prepare
from .lp import solve_system
from .results import Result
from .schema import RepresentativePeriods
from .windows import solve_windows

__all__ = ["run_scenario", "solve_scenario_system", "solve_system", "planning_system", "windowed"]

log = logging.getLogger("gridmodel")


def _long(system: System) -> bool:
    """A chronological horizon longer than one solver window."""
    sc = system.scenario
    days = sc.solver.window_days
    return bool(days) and sc.representative_periods is None and len(system.index) > days * 24


def _plans(system: System) -> bool:
    """Remedy mode choosing capacities, which needs one LP for the horizon."""
    e = system.scenario.expansion
    return e.enabled and not e.fixed


def windowed(system: System) -> bool:
    """Whether a scenario's horizon is solved as windows (see windows.py):
    a long chronological horizon, unless a remedy is being planned."""
    return _long(system) and not _plans(system)


def planning_system(system: System) -> System:
    """Remedy mode on a long horizon plans on typical days: investments need
    one LP over the whole horizon, which is impractical hour by hour."""
    sc = system.scenario
    if not (_plans(system) and _long(system)) or len(system.index) <= sc.expansion.typical_days * 24:
        return system
    days = RepresentativePeriods(days=sc.expansion.typical_days)
    log.info("remedy mode: planning on %d typical days plus extreme days (representative_periods)", days.days)
    return replace(system, scenario=sc.model_copy(update={"representative_periods": days}))


def solve_scenario_system(system: System, log_file: str | None = None) -> Result:
    """Solve the way the scenario asks: windows, representative days or one
    LP; remedy mode plans, checks every hour and repairs (gridmodel/remedy.py;
    `remedy.plan` gives the base, check and rounds too)."""
    if _plans(system):
        from . import remedy

        return remedy.result(remedy.plan(system))
    system = planning_system(system)
    if windowed(system):
        return solve_windows(system, system.scenario.solver.window_days, system.scenario.solver.workers, log_file=log_file)
    return solve_system(system, log_file=log_file)


def run_scenario(path: str | Path, hours: int | None = None, overrides: dict | None = None, log_file: str | None = None) -> Result:
    """Load, check, solve: the whole run without writing anything."""
    t0 = time.perf_counter()
    system = prepare(path, overrides, hours)
    read_s = time.perf_counter() - t0
    result = solve_scenario_system(system, log_file=log_file)
    result.timings_s = {"read_s": read_s, **result.timings_s}
    return result
