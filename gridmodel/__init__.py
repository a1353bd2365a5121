"""gridmodel: an hourly zonal LP of a provincial power grid (Pyomo + HiGHS).

    from gridmodel import run_scenario
    result = run_scenario("data/scenarios/jilin_2030.yaml", hours=168)
    result.verdict.feasible, result.verdict.table(), result.tables["thermal"]

    from gridmodel import run                  # all `gridmodel run` computes: remedies, attribution
    r = run("data/example/example.yaml", remedy="feasibility", attribute=True)
    r.remedies[0].check.verdict, r.attribution.causes

The solving entry points are imported on first use, so that a module that
needs no solver (gridmodel.report, gridmodel.dictionary) loads no Pyomo.
"""

from .errors import InputError, SolverError
from .gate import prepare
from .inputs import load_system, select_hours
from .scenario import load_scenario

__all__ = ["run", "run_scenario", "solve_system", "load_system", "select_hours", "prepare", "load_scenario", "InputError", "SolverError"]
__version__ = "0.1.0"


def __getattr__(name: str):
    if name in ("run", "run_scenario", "solve_system"):
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'gridmodel' has no attribute {name!r}")
