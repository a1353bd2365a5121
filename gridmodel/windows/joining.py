"""The joined year of a windowed run: the windows' hours spliced into one
chronology, the passes that improve it (step 4 of the package doc) and
the one result made from it."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..inputs import System
from ..model.core import Context, Horizon
from ..model.modules import MODULES
from ..results import Result, summary
from ..schema import SolverSettings
from .chains import Solved, Year, solve_window
from .coarse import LIMITS, use_by_hour

PASSES = SolverSettings().passes  # block-coordinate passes after the rolling windows (improve)
OFFSETS = (2, 4, 1, 3)  # where each pass's windows start, quarters of a window: half a window off the rolling windows' seams, then on them, ...


class Chronology:
    """The joined year so far: levels and thermal state (PATH) and cost at
    every hour (a window's costs without a step spread over its hours), each limit's use at every hour, and the result tables as
    segments of hours; a window solved again replaces its hours."""

    def __init__(self, system: System, keys, parts: list[Solved], starts: np.ndarray):
        n = len(system.index)
        self.system, self.index, self.keys, self.solves = system, system.index, list(keys), []
        self.path = {name: np.zeros((len(parts[0].path[name]), n)) for name in parts[0].path}
        self.cost_h, self.use, self.segments = np.zeros(n), {}, []
        for part, a, e in zip(parts, starts[:-1], starts[1:]):
            self.splice(int(a), int(e), part)

    def splice(self, a: int, e: int, part: Solved) -> None:
        """Hours a..e-1 from `part` (a window solved over them)."""
        for name, values in part.path.items():
            self.path[name][:, a:e] = values
        self.cost_h[a:e] = part.cost_h + part.cost_rest / (e - a)  # a shortfall's cost spread over its hours, so a re-solve replaces it
        for key in self.keys:
            use = use_by_hour(key, part.tables, e - a, self.system)
            self.use.setdefault(key, np.zeros((len(use), len(self.index))))[:, a:e] = use
        t0, t1 = self.index[a], self.index[e - 1]
        cut = lambda tables, keep: {name: df[keep(df["timestamp"])] if "timestamp" in df else df for name, df in tables.items()}  # noqa: E731
        kept = []
        for sa, se, tables in self.segments:
            if se <= a or sa >= e:
                kept.append((sa, se, tables))
                continue
            if sa < a:
                kept.append((sa, a, cut(tables, lambda ts: ts < t0)))
            if se > e:
                kept.append((e, se, cut(tables, lambda ts: ts > t1)))
        self.segments = sorted(kept + [(a, e, part.tables)], key=lambda seg: seg[0])
        self.solves.append(part)

    def tables(self) -> dict:
        first = self.segments[0][2]
        return {name: pd.concat([seg[2][name] for seg in self.segments], ignore_index=True) if "timestamp" in df else df for name, df in first.items()}


def improve(year: Year, chrono: Chronology, pool, passes: int) -> None:
    """Block-coordinate passes over the joined year: windows as long as the
    rolling windows, the first pass half a window off their seams, the next
    on them, then a quarter and three quarters off (OFFSETS); each window keeps the year's state fixed at its ends
    (it starts from the hour before it, ends at the level of its last hour
    and leads into the hour after it, which stays as it is: windows of one
    pass are separated by one such hour, so they solve in parallel) and may
    use of each annual limit what the year used over its hours. The year as
    it was is feasible for each window, so each pass can only lower the
    objective, and the joined year stays one feasible chronology."""
    n, starts = len(chrono.index), year.start_h
    for k in range(passes):
        ends = starts[:-1] + np.diff(starts) * OFFSETS[k % len(OFFSETS)] // 4  # a quarter of each rolling window per step
        fixed = sorted({int(h) - 1 for h in ends if 0 < h < n} | {n - 1})
        spans = [(a + 1, e) for a, e in zip([-1] + fixed[:-1], fixed) if e > a + 1]
        futures = {pool.submit(solve_window, year.fixed_ends_task(chrono, a, e, k)): (a, e) for a, e in spans}
        for f in futures:  # in order of submission
            a, e = futures[f]
            chrono.splice(a, e, f.result())


def join(system: System, chrono: Chronology, timings: dict, wall_s: float, workers: int) -> Result:
    """One result from the windows': tables stacked in time, KPIs and verdict
    recomputed, the objective the hours' costs plus the year's cap excess."""
    tables, parts = chrono.tables(), chrono.solves
    ctx = Context(system, Horizon.chronological(system.index))
    tables.update({name: df for m in MODULES if hasattr(m, "year_totals") for name, df in m.year_totals(ctx, tables).items()})  # the windows' own count their look-ahead
    k, v = summary(ctx, tables)
    objective = float(chrono.cost_h.sum()) + sum(module.year_cost(ctx, key, k) for key, (_, module) in LIMITS.items() if hasattr(module, "year_cost"))
    for key in parts[0].timings_s:
        timings[key] = sum(p.timings_s.get(key, 0) for p in parts)  # seconds; simplex iterations a count
    timings.update(windows=len(parts), workers=workers, windows_wall_s=wall_s)
    # solve_system raises unless each window is optimal
    retried = int(timings.get("cold_retries", 0))
    status = f"Optimal ({retried} of {len(parts)} windows solved again from HiGHS's own start after their warm start failed: highs.log)" if retried else "Optimal"
    return Result(system, tables, k, v, objective, status, timings)
