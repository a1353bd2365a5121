"""The chronological year as windows (e.g. weeks) that carry it: one feasible chronology.

Why windows: HiGHS's simplex time grows faster than linearly with the horizon
of this LP (Jilin 2030 on the quiet 2 cores: a month ~20 s, a quarter 105 s,
a half-year 262 s, the year 1,223 s), while 53 weekly windows take ~46 s
wall (each started from the basis of the one before, Chain.basis) and 12
monthly ones 164 s.

Weeks or months (solver.window_days 7 or "month"): a month's window holds
its month's hydro budget whole (model/hydro.py budgets per month), where a
week gets a share of it by a proxy (model/hydro.shaved_hydro), and has 12 seams
instead of 53. Jilin 2030's year against its one LP (objective net of
export revenue, so measured against the gross cost): weeks +0.117 %,
months with three days of look-ahead +0.010 %; curtailment -0.013 /
+0.001 %, coal -0.089 / +0.042 %, exports -0.080 / +0.033 %
(benchmarks/results/windows_jilin.md). Weeks stay the default for speed;
months for figures that go into a report.

Why carried: independent cyclic windows joined are no chronology (storage
jumps at every seam, start-ups across seams are free) and pro-rated annual
limits misplace a demand-response allowance or a cap. So:

What is carried is what the technologies declare (model/technology.py):
their levels (Level: a store's energy), the state a window starts from and
leads into (State: thermal online capacity, output, start-ups) and their
annual limits (Limit: demand-response energy, coal and CO2 caps, hydro
energy per month, channel energy targets and plan quantities, thermal
contracts); none is named here.

1. A coarse year first (`coarse_year`): the typical-day model (periods.py;
   stores of more than a day linked across days, model/levels.py, the
   others cyclic per day: linking all made it 131 s instead of ~4 s on a
   Jilin quarter) gives every declared level at the start of every day
   and how much of each declared annual limit each day uses
   (Limit.coarse). Those uses share the limits
   out over the year, plus any slack spread like the limit (by hours; hydro
   by inflow within its month; the typical-day model budgets hydro per day,
   so there this is the inflow, and hydro is instead shared by shaving
   each month's residual load, see model/hydro.shaved_hydro). A horizon of no more days
   than the coarse model's is its own coarse year (every day its own
   period, all stores linked, hydro budgets per month: the chronological LP).
2. The windows run as a few chains, one per worker, each a rolling horizon:
   a window solves its days plus `lookahead_days` (solver.lookahead_days)
   and keeps its days; the next window starts from its state at that point
   (store levels, online capacity and output for ramps and start-ups) and
   gets what is left of each limit in proportion to its allocation (the
   chain's last window all of it: a contract whose coarse use lay in hours a
   look-ahead planned but did not keep is not lost where the coarse year
   allocated none of the chain's last hours). A
   window aims to end at the coarse level of its last day, so a short
   look-ahead does not empty the stores (a miss is penalised, not a cost of
   the year: a short store's coarse level may be out of reach, Carry.aim).
3. Seams between chains: a chain's first window starts from the coarse
   levels and the thermal state of the two days around its seam solved
   together (seam_states; the first chain's seam is the horizon's last day
   into its first, the year being cyclic); the previous chain's last window
   (no look-ahead) ends at those levels and leads into that first step,
   whose ramps and start-ups then hold across the seam
   (model/thermal.lead_into). The last chain leads into the first, so the
   year is cyclic like the one LP.

4. Optionally (`passes`, the scenario's solver.passes), block-coordinate
   passes over the joined year (improve): windows half a window off the
   seams, each solved again with the year's state fixed at both ends and
   what the year used of each limit over its hours; each pass can only
   lower the objective.

The joined objective is each hour's cost in the window that last solved it,
plus what the declared limits charge the year once (a cap's excess).
Planning a remedy needs one LP and is not windowed.
benchmarks/windows_vs_exact.py measures it against the one LP.

By concern: coarse.py (the coarse year: start levels and shares of the
annual limits), chains.py (the windows and the chains solving them),
joining.py (the joined year, the passes that improve it); here the order of
it all (solve_windows).
"""

from __future__ import annotations

import multiprocessing
import os
import time

from .. import progress
from ..errors import Collector
from ..inputs import System
from ..lp import solve_system
from ..model.remedy_terms import NONE, RemedyTerms
from ..results import Result
from ..jobs import Logs, pool_of
from .chains import LOOKAHEAD_DAYS, MONTH, Days, Task, Year, run_chains, solve_window, window_indexes
from .coarse import COARSE_DAYS, DAY_H, coarse_year
from .joining import PASSES, Chronology, improve, join

__all__ = ["COARSE_DAYS", "LOOKAHEAD_DAYS", "MONTH", "PASSES", "Days", "Task", "join", "solve_window", "solve_windows", "window_indexes"]


def solve_windows(
    system: System,
    days: Days = 7,
    workers: int | None = None,
    lookahead_days: int = LOOKAHEAD_DAYS,
    coarse_days: int = COARSE_DAYS,
    log_file: str | None = None,
    passes: int = PASSES,
    terms: RemedyTerms = NONE,
) -> Result:
    """Solve `system` window by window, carrying the year (see the module
    doc), and join the results; `terms`: a remedy's, given to every solve."""
    t0 = time.perf_counter()
    errors = Collector()
    if len(system.index) % DAY_H:
        errors.add(system.scenario.name, "field hours", f"windows carry the year day by day and need whole days: {len(system.index)} hours")
    errors.raise_if_any()
    n_blocks = len(window_indexes(system.index, days))
    if n_blocks == 1:  # nothing to carry: the horizon is one cyclic LP
        return solve_system(system, log_file=log_file, terms=terms)
    logs = Logs(log_file)
    progress.stage(f"solving the coarse year ({coarse_days} typical days) for the windows' start levels and shares of the annual limits")
    plan = coarse_year(system, coarse_days, logs.part(-1, f"coarse year, {coarse_days} typical days"), terms)
    t1 = time.perf_counter()
    workers = max(1, min(workers or os.cpu_count() or 1, n_blocks))
    if multiprocessing.current_process().daemon:  # e.g. a sweep's worker: no child processes
        workers = 1
    year = Year(system, days, plan, max(1, min(workers, n_blocks // 2)), lookahead_days, logs, terms)
    progress.stage(f"solving {n_blocks} windows of {'a month' if days == MONTH else f'{days} days'} on {workers} processes")
    try:
        with pool_of(workers if workers > 1 else 0) as pool:  # Ctrl-C, SIGTERM, a failed window: no more windows
            year.seam_states(pool)
            run_chains(year, pool, n_blocks)
            chrono = Chronology(system, plan.limits.annual, year.solved, year.start_h)
            t2 = time.perf_counter()
            if passes:
                progress.stage(f"{passes} more pass{'es' if passes > 1 else ''} of windows with the year's state fixed at their ends")
                improve(year, chrono, pool, passes)
    finally:
        logs.join()  # after the workers have stopped writing their parts
    timings = {"coarse_s": t1 - t0, "passes_s": time.perf_counter() - t2}
    return join(system, chrono, timings, time.perf_counter() - t0, workers)
