"""The Python entry points: load a scenario, solve it as `gridmodel run` does
(gridmodel/workflow.py), get tables, the verdict, remedies and attribution."""

from __future__ import annotations

import time
from pathlib import Path

from .gate import prepare
from .lp import solve_system
from .results import Result
from .workflow import Run, planning_system, solve_scenario_system, windowed
from . import workflow

__all__ = ["run", "run_scenario", "solve_scenario_system", "solve_system", "planning_system", "windowed"]


def run(path: str | Path, hours: int | None = None, overrides: dict | None = None, remedy: str | None = None, attribute: bool = False, log_file: str | None = None) -> Run:
    """Load, check and solve a scenario as `gridmodel run` does, nothing
    written: `remedy` (feasibility, economic or both) as `--expand --remedy`,
    `attribute` as `--attribute`. `workflow.write(run, folder)` writes the
    run folder's tables."""
    t0 = time.perf_counter()
    system = prepare(path, overrides, hours)
    return workflow.run(system, remedy, attribute, log_file, read_s=time.perf_counter() - t0)


def run_scenario(path: str | Path, hours: int | None = None, overrides: dict | None = None, log_file: str | None = None) -> Result:
    """The result of `run`: its tables, KPIs and verdict (a remedy's plan in remedy mode)."""
    return run(path, hours, overrides, log_file=log_file).result
