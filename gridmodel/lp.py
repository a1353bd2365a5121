"""One LP: build the model for a system over a horizon, solve it with HiGHS,
collect the results. The step every way of solving a scenario (workflow.py,
windows/, remedy.py, attribution.py) is made of."""

from __future__ import annotations

import time

from . import progress
from .basis import Basis
from .inputs import System
from .model.build import build_model
from .model.pyomo_layer import gc_paused
from .model.core import Horizon
from .model.remedy_terms import NONE, RemedyTerms
from .periods import system_and_horizon
from .results import Result, collect
from .solve import solve


def solve_system(system: System, horizon: Horizon | None = None, log_file: str | None = None, summarise: bool = True, keep=None, start: Basis | None = None, keep_basis: bool = False, terms: RemedyTerms = NONE) -> Result:
    """Build the LP for `system`, solve it with HiGHS and collect the results
    (with KPIs and verdict unless `summarise` is off; `keep(ctx, solution)`,
    if given, goes into `result.kept`: what windows/ carries on). HiGHS
    starts from `start`, a like LP's basis, if given; with `keep_basis` the
    solution holds its own (solve.solve, basis.py). `terms`: a remedy's
    (model/remedy_terms.py). The garbage collector is
    paused: the model is released explicitly (see model/pyomo_layer.release)."""
    with gc_paused():
        t0 = time.perf_counter()
        if horizon is None:
            system, horizon = system_and_horizon(system)
        progress.stage(f"building the LP ({horizon.n} steps)")
        ctx = build_model(system, horizon, terms)
        t1 = time.perf_counter()
        sol = solve(ctx, log_file, start, keep_basis)
        t2 = time.perf_counter()
        progress.stage("collecting the results")
        result = collect(ctx, sol, summarise)
        result.timings_s = {"build_s": t1 - t0, **sol.timings_s, "extract_s": time.perf_counter() - t2, "simplex_iterations": sol.iterations, "cold_retries": sol.cold_retries}
        if keep is not None:
            result.kept = keep(ctx, sol)
        return result
