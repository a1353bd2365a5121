"""The Python entry points: load a scenario, solve it, get tables and the verdict."""

from __future__ import annotations

import time
from pathlib import Path

from .inputs import System, load_system, select_hours
from .model.build import build_model
from .model.core import Horizon
from .periods import horizon_for
from .results import Result, collect
from .solve import solve


def solve_system(system: System, horizon: Horizon | None = None, log_file: str | None = None) -> Result:
    """Build the LP for `system`, solve it with HiGHS and collect the results."""
    t0 = time.perf_counter()
    ctx = build_model(system, horizon or horizon_for(system))
    t1 = time.perf_counter()
    sol = solve(ctx, log_file)
    t2 = time.perf_counter()
    result = collect(ctx, sol)
    result.timings_s = {"build_s": t1 - t0, **sol.timings_s, "extract_s": time.perf_counter() - t2}
    return result


def run_scenario(path: str | Path, hours: int | None = None, overrides: dict | None = None, log_file: str | None = None) -> Result:
    """Load, check, solve: the whole run without writing anything."""
    t0 = time.perf_counter()
    system = select_hours(load_system(path, overrides), hours)
    read_s = time.perf_counter() - t0
    result = solve_system(system, log_file=log_file)
    result.timings_s = {"read_s": read_s, **result.timings_s}
    return result
