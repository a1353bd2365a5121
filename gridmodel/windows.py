"""The chronological year as windows (e.g. weeks) that carry it: one feasible chronology.

Why windows: HiGHS's simplex time grows faster than linearly with the horizon
of this LP (Jilin 2030: 336 h 4.5 s, 744 h 25 s, 2,184 h 280 s; the year as
one LP does not finish in 40 min), while 53 weekly LPs take ~50 s in all.

Why carried: independent cyclic windows joined are no chronology (storage
jumps at every seam, start-ups across seams are free) and pro-rated annual
limits misplace a demand-response allowance or a cap. So:

1. A coarse year first (`coarse_year`): the typical-day model (periods.py;
   stores of more than a day linked across days, model/storage.py, the
   others cyclic per day: linking all made it 131 s instead of ~4 s on a
   Jilin quarter) gives the level of every store at the start of every day
   and how much of each annual limit (demand-response energy, coal and CO2
   caps, hydro energy per month, channel energy targets and plan quantities,
   thermal contracts) each day uses. Those uses share the limits
   out over the year, plus any slack spread like the limit (by hours; hydro
   by inflow within its month; the typical-day model budgets hydro per day,
   so there this is the inflow). A horizon of no more days than the coarse
   model's is its own coarse year (every day its own period, all stores
   linked, hydro budgets per month: the chronological LP).
2. The windows run as a few chains, one per worker, each a rolling horizon:
   a window solves its days plus `lookahead_days` and keeps its days; the
   next window starts from its state at that point (store levels, online
   capacity and output for ramps and start-ups) and gets what is left of
   each limit in proportion to its allocation. A window ends at the coarse
   level of its last day, so a short look-ahead does not empty the stores.
3. Seams between chains: a chain's first window starts from the coarse
   levels and a free thermal state; the previous chain's last window (no
   look-ahead) ends at those levels and leads into that first step, whose
   ramps and start-ups then hold across the seam (model/thermal.lead_into).
   The last chain leads into the first, so the year is cyclic like the one LP.

The joined objective is each window's cost over the days it keeps, plus any
cap excess of the year. Planning a remedy needs one LP and is not windowed.
benchmarks/windows_vs_exact.py measures it against the one LP.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from . import progress
from .errors import Collector
from .inputs import System
from .lp import solve_system
from .model import channels, commitment, demand_response, hydro
from .model.core import Carry, Context, Horizon
from .periods import periods_horizon
from .results import Result, kpis, verdict
from .schema import RepresentativePeriods

DAY_H = 24
LOOKAHEAD_DAYS = 1
COARSE_DAYS = RepresentativePeriods().days
LEVELS = ("Storage_SOC_MWh", "Heat_Storage_Level_MWh_th")  # carried in and out, coarse level at each end
THERMAL = ("Thermal_Online_MW", "Thermal_Power_MW")  # carried in, except into a chain's first window
CAPS = {"coal_tce": "max_coal_tce", "co2_t": "max_co2_t"}


def window_indexes(index: pd.DatetimeIndex, days: int) -> list[pd.DatetimeIndex]:
    """Consecutive blocks of `days` days (the last may be shorter)."""
    hours = days * DAY_H
    return [index[i : i + hours] for i in range(0, len(index), hours)]


# ------------------------------------------------------------------ the coarse year
@dataclass
class Limits:
    """Annual limits as groups (a programme, a cap, a hydro unit's month): for
    each key, the allocation of every hour of the run as a fraction of the
    group's annual value (groups x hours), and that annual value (MWh, tce, t)."""

    alloc: dict[str, np.ndarray] = field(default_factory=dict)
    annual: dict[str, np.ndarray] = field(default_factory=dict)


@dataclass
class Plan:
    """The coarse year: each level at the start of every day of the run
    (items x days) and the limits shared out over the hours."""

    levels: dict[str, np.ndarray]
    limits: Limits


def coarse_year(system: System, days: int = COARSE_DAYS, log_file: str | None = None) -> Plan:
    """Solve the typical-day year; read the day-start levels and each day's
    use of the annual limits."""
    n_days = len(system.index) // DAY_H
    exact = n_days <= days
    rp = RepresentativePeriods(days=min(days, n_days), link_storage_min_h=0.0) if exact else RepresentativePeriods(days=days)
    coarse = replace(system, scenario=system.scenario.model_copy(update={"representative_periods": rp}))
    horizon = None
    if exact:
        horizon = replace(periods_horizon(system.index, np.arange(n_days), np.arange(n_days)), budget_period=system.index.month.to_numpy())
    result = solve_system(coarse, horizon, log_file, summarise=False, keep=coarse_state)
    levels, sequence = result.kept
    return Plan(levels, limits(system, result.tables, sequence))


def coarse_state(ctx: Context, sol) -> tuple[dict, np.ndarray]:
    """Levels at the start of each original day: a linked store's own day
    start, else (cyclic within its day) the level at the end of the day
    standing for it; and the sequence of representative days."""
    h = ctx.horizon
    last = np.searchsorted(h.period, np.arange(len(h.origin)), side="right") - 1
    levels = {name: sol.value(name)[:, last[h.sequence]] for name in LEVELS}
    linked = ctx.need("storage.linked")
    if linked.any():
        levels[LEVELS[0]][linked] = sol.value("Storage_Day_Start_MWh")
    return levels, h.sequence


def per_day(values: np.ndarray, sequence: np.ndarray) -> np.ndarray:
    """Per-step values of representative days (items x steps) summed per
    original day (items x days)."""
    return values.reshape(len(values), -1, DAY_H).sum(axis=2)[:, sequence]


def limits(system: System, coarse_tables: dict, sequence: np.ndarray) -> Limits:
    """Each limit shared over the hours by the coarse year's daily use (even
    within a day); what the coarse year leaves unused is spread like the
    limit itself (by hours; hydro by inflow within its month)."""
    ctx = Context(system, Horizon.chronological(system.index))
    out = Limits()
    n = len(system.index)
    by_hours = lambda k: np.full((k, n), ctx.year_share / n)  # noqa: E731  the one LP's share of each group, by hours
    progs = demand_response.programmes(ctx)
    if len(progs):
        size = np.concatenate([system.dr_capacity_mw.to_numpy(dtype=float), ctx.candidates("demand_response")["max_mw"].to_numpy(dtype=float)])
        use = per_day(coarse_tables["demand_response"]["dr_mw"].to_numpy().reshape(len(progs), -1), sequence)
        share(out, "demand_response", use, progs["max_hours_per_year"].to_numpy(dtype=float) * size, by_hours(len(progs)))
    for key, name in CAPS.items():
        cap = getattr(system.scenario.criteria, name)
        if cap is not None:
            use = per_day(coarse_tables["thermal"].groupby("timestamp", sort=False)[key].sum().to_numpy()[None, :], sequence)
            share(out, key, use, np.array([float(cap)]), by_hours(1))
    units = ctx.table("hydro")
    if len(units):
        labels, month = np.unique(ctx.horizon.budget_period, return_inverse=True)
        in_month = month[None, :] == np.arange(len(labels))[:, None]  # months x hours
        use = per_day(coarse_tables["hydro"]["p_mw"].to_numpy().reshape(len(units), -1), sequence)  # units x days
        use = (use[:, None, :] * in_month[None, :, ::DAY_H]).reshape(-1, use.shape[1])  # (unit, month) x days
        inflow = (hydro.inflow_share(ctx)[:, None, :] * in_month[None]).reshape(-1, n)
        share(out, "hydro", use, np.repeat(units["annual_energy_mwh"].to_numpy(dtype=float), len(labels)), inflow)
    ch = ctx.table("channels")
    if len(ch):
        use = np.maximum(per_day(coarse_tables["channels"]["sent_mw"].to_numpy().reshape(len(ch), -1), sequence), 0.0)
        for key, column in channels.ENERGY_LIMITS.items():
            annual = ch[column].to_numpy(dtype=float)
            share(out, key, use, np.where(np.isfinite(annual), annual, 0.0), by_hours(len(ch)))
    planned = commitment.contracted_groups(ctx)
    if len(planned):
        use = per_day(commitment.group_output_mw(coarse_tables["thermal"], planned["name"]), sequence)
        share(out, "contract", use, planned["contract_mwh_per_year"].to_numpy(dtype=float), by_hours(len(planned)))
    return out


def share(out: Limits, key: str, use_per_day: np.ndarray, annual: np.ndarray, spread: np.ndarray) -> None:
    """Allocation of limit `key` (groups x hours, fraction of `annual`): the
    coarse use per day, evenly over its hours, scaled down if it exceeds the
    group's total (the sum of `spread`, the one LP's share), else plus the
    rest distributed like `spread`."""
    use = np.repeat(use_per_day, DAY_H, axis=1) / DAY_H / np.where(annual > 0, annual, np.inf)[:, None]
    total, target = use.sum(axis=1, keepdims=True), spread.sum(axis=1, keepdims=True)
    rest = np.divide(spread, target, out=np.zeros_like(spread), where=target > 0)
    over = np.divide(target, total, out=np.zeros_like(total), where=total > 0)
    out.alloc[key] = np.where(total <= target, use + (target - total) * rest, use * over)
    out.annual[key] = annual


def used(key: str, tables: dict, months: np.ndarray, n_labels: int) -> np.ndarray:
    """What a window's kept hours used of each group of `key`, in the limit's units."""
    if key == "demand_response":
        dr = tables["demand_response"]["dr_mw"].to_numpy()
        return dr.reshape(-1, len(months)).sum(axis=1) if len(dr) else np.zeros(0)
    if key == "hydro":
        p = tables["hydro"]["p_mw"].to_numpy().reshape(-1, len(months))
        out = np.zeros((len(p), n_labels))
        np.add.at(out.T, months, p.T)
        return out.ravel()
    if key in channels.ENERGY_LIMITS:
        return tables["channels"]["sent_mw"].to_numpy().reshape(-1, len(months)).sum(axis=1)
    if key == "contract":
        return commitment.group_output_mw(tables["thermal"], tables["contracts"]["group"]).sum(axis=1)
    return np.array([tables["thermal"][key].sum()])


# ------------------------------------------------------------------- the windows
@dataclass
class Task:
    """One window to solve: its system (hours kept plus look-ahead), horizon
    with what it carries, and how many hours it keeps."""

    system: System
    horizon: Horizon
    kept_h: int
    log_file: str | None = None


@dataclass
class Solved:
    """A window's result over the hours it keeps, what it carries on and its cost then."""

    tables: dict
    state: dict  # end of the kept hours: levels and thermal state
    first: dict  # thermal online, output and start-ups at its first step
    cost_cny: float
    timings_s: dict


def solve_window(task: Task) -> Solved:
    """Solve one window; keep its tables up to its last kept hour."""
    with progress.silenced():  # the windows are reported, not each one's stages
        result = solve_system(task.system, task.horizon, task.log_file, summarise=False, keep=partial(window_state, kept_h=task.kept_h))
    end = task.horizon.index[task.kept_h - 1]
    tables = {name: df[df["timestamp"] <= end].reset_index(drop=True) if "timestamp" in df else df for name, df in result.tables.items()}
    state, first, cost = result.kept
    return Solved(tables, state, first, cost, result.timings_s)


def window_state(ctx: Context, sol, kept_h: int) -> tuple[dict, dict, float]:
    """The state after the kept hours, the thermal state of the first step,
    and the cost of the kept hours (cap excess left out: the year's is
    charged once, see join)."""
    state = {name: sol.value(name)[:, kept_h - 1] for name in LEVELS + THERMAL}
    first = {name: sol.value(name)[:, 0] for name in THERMAL}
    first["Thermal_Startup_MW"] = sol.value(ctx.need("thermal.startup_mw"))[:, 0]
    c = ctx.objective
    later = np.zeros(c.shape[1], dtype=bool)
    for name, block in ctx.vars.items():
        cols = block.columns
        if cols.ndim == 2 and cols.shape[1] == ctx.horizon.n:
            later[cols[:, kept_h:][cols[:, kept_h:] >= 0]] = True
        elif name.startswith("Cap_Excess_"):
            later[cols] = True
    pos = sol.matrix.position[c.indices]
    x = np.where(pos >= 0, sol.col_value[np.maximum(pos, 0)], 0.0)
    return state, first, float((c.data * x)[~later[c.indices]].sum())


class Inline:
    """An executor that runs each task at once, in this process."""

    def submit(self, fn, *args) -> Future:
        f: Future = Future()
        f.set_result(fn(*args))
        return f

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None

    def shutdown(self, **kw) -> None:
        return None


@dataclass
class Chain:
    """Consecutive windows solved in order (a rolling horizon)."""

    blocks: list[int]
    remaining: dict[str, np.ndarray]  # what is left of each limit, fraction of its annual value
    done: int = 0
    state: dict | None = None  # None: the chain has not started
    busy: bool = False


class Year:
    """The windows of a run and the chains solving them."""

    def __init__(self, system: System, days: int, plan: Plan, n_chains: int, lookahead_days: int, logs: "Logs"):
        self.system, self.plan, self.lookahead_h, self.logs = system, plan, lookahead_days * DAY_H, logs
        self.blocks = window_indexes(system.index, days)
        self.start_h = np.cumsum([0] + [len(b) for b in self.blocks])
        self.n_days = len(system.index) // DAY_H
        self.months = np.unique(system.index.month.to_numpy(), return_inverse=True)[1]
        self.n_labels = int(self.months.max()) + 1
        lim = plan.limits.alloc
        self.chains = []
        for part in np.array_split(np.arange(len(self.blocks)), n_chains):
            a, b = self.start_h[part[0]], self.start_h[part[-1] + 1]
            self.chains.append(Chain(list(part), {key: alloc[:, a:b].sum(axis=1) for key, alloc in lim.items()}))
        self.solved: list[Solved | None] = [None] * len(self.blocks)

    def next_chain(self, c: int) -> Chain:
        return self.chains[(c + 1) % len(self.chains)]

    def ready(self, c: int) -> bool:
        """A chain can go on unless it is done, busy, or at its last window
        while the next chain's first window is unsolved."""
        ch = self.chains[c]
        if ch.busy or ch.done == len(ch.blocks):
            return False
        last = ch.done == len(ch.blocks) - 1
        return not last or self.solved[self.next_chain(c).blocks[0]] is not None

    def task(self, c: int) -> Task:
        ch = self.chains[c]
        b = ch.blocks[ch.done]
        last = ch.done == len(ch.blocks) - 1
        a, e = self.start_h[b], self.start_h[b + 1]
        end = e if last else min(e + self.lookahead_h, self.start_h[ch.blocks[-1] + 1])
        chain_end = self.start_h[ch.blocks[-1] + 1]
        levels = self.plan.levels
        day_after = (end // DAY_H) % self.n_days
        # a chain's first window: coarse levels; thermal cyclic within the window, as if the days before were like its last
        start = {n: levels[n][:, a // DAY_H] for n in LEVELS} if ch.state is None else dict(ch.state)
        shares = {}
        for key, alloc in self.plan.limits.alloc.items():
            here, rest = alloc[:, a:end].sum(axis=1), alloc[:, a:chain_end].sum(axis=1)
            shares[key] = np.maximum(ch.remaining[key], 0) * np.divide(here, rest, out=np.zeros_like(here), where=rest > 0)
        if "hydro" in shares:
            present = np.unique(self.months[a:end])
            shares["hydro"] = shares["hydro"].reshape(-1, self.n_labels)[:, present]
        after = self.solved[self.next_chain(c).blocks[0]].first if last else {}
        carry = Carry(start=start, end={n: levels[n][:, day_after] for n in LEVELS}, after=after, shares=shares)
        index = self.system.index[a:end]
        return Task(self.system.window(index), replace(Horizon.chronological(index), carry=carry), int(e - a), self.logs.part(b, f"window {b + 1:03d}, {index[0]:%Y-%m-%d} to {index[-1]:%Y-%m-%d}"))

    def absorb(self, c: int, solved: Solved) -> None:
        ch = self.chains[c]
        b = ch.blocks[ch.done]
        self.solved[b] = solved
        ch.state = solved.state
        months = self.months[self.start_h[b] : self.start_h[b + 1]]
        for key in ch.remaining:
            ch.remaining[key] = ch.remaining[key] - used(key, solved.tables, months, self.n_labels) / np.where(self.plan.limits.annual[key] > 0, self.plan.limits.annual[key], np.inf)
        ch.done += 1
        ch.busy = False


def solve_windows(
    system: System, days: int = 7, workers: int | None = None, lookahead_days: int = LOOKAHEAD_DAYS, coarse_days: int = COARSE_DAYS, log_file: str | None = None
) -> Result:
    """Solve `system` window by window, carrying the year (see the module doc), and join the results."""
    t0 = time.perf_counter()
    errors = Collector()
    if len(system.index) % DAY_H:
        errors.add(system.scenario.name, "field hours", f"windows carry the year day by day and need whole days: {len(system.index)} hours")
    errors.raise_if_any()
    n_blocks = len(window_indexes(system.index, days))
    if n_blocks == 1:  # nothing to carry: the horizon is one cyclic LP
        return solve_system(system, log_file=log_file)
    logs = Logs(log_file)
    progress.stage(f"solving the coarse year ({coarse_days} typical days) for the windows' start levels and shares of the annual limits")
    plan = coarse_year(system, coarse_days, logs.part(-1, f"coarse year, {coarse_days} typical days"))
    t1 = time.perf_counter()
    workers = max(1, min(workers or os.cpu_count() or 1, n_blocks))
    if multiprocessing.current_process().daemon:  # e.g. a sweep's worker: no child processes
        workers = 1
    year = Year(system, days, plan, max(1, min(workers, n_blocks // 2)), lookahead_days, logs)
    progress.stage(f"solving {n_blocks} windows of {days} days on {workers} processes")
    with ProcessPoolExecutor(max_workers=workers) if workers > 1 else Inline() as pool:
        try:
            run_chains(year, pool, n_blocks)
        except BaseException:  # Ctrl-C, SIGTERM, a failed window: start no more windows
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        finally:
            logs.join()
    timings = {"coarse_s": t1 - t0}
    return join(system, year.solved, timings, time.perf_counter() - t0, workers)


def run_chains(year: Year, pool, n_blocks: int) -> None:
    """Keep every chain busy until all windows are solved; a line per window done."""
    started, n_done = time.perf_counter(), 0
    running: dict[Future, int] = {}
    while True:
        for c in range(len(year.chains)):
            if year.ready(c):
                year.chains[c].busy = True
                running[pool.submit(solve_window, year.task(c))] = c
        if not running:
            return
        done, _ = wait(running, return_when=FIRST_COMPLETED)
        for f in done:
            year.absorb(running.pop(f), f.result())
            n_done += 1
            progress.part_done(n_done, n_blocks, "windows", started)


class Logs:
    """HiGHS's log of a windowed run: one file per solve while they run (the
    windows solve in parallel), joined into the run's highs.log in the
    order of `order` (the coarse year -1, then the windows' numbers)."""

    def __init__(self, log_file: str | None):
        self.path = Path(log_file) if log_file else None
        self.parts: dict[int, tuple[str, Path]] = {}

    def part(self, order: int, title: str) -> str | None:
        if self.path is None:
            return None
        piece = self.path.with_name(f"{self.path.name}.{order + 1:03d}.partial")
        self.parts[order] = (title, piece)
        return str(piece)

    def next(self, title: str) -> str | None:
        """The file for the next solve, after those asked for so far."""
        return self.part(max(self.parts, default=-1) + 1, title)

    def join(self) -> None:
        if self.path is None:
            return
        with self.path.open("w", encoding="utf-8") as out:
            for _, (title, piece) in sorted(self.parts.items()):
                out.write(f"===== {title} =====\n")
                if piece.exists():
                    out.write(piece.read_text(encoding="utf-8", errors="replace"))
                    piece.unlink()
                else:
                    out.write("(not solved: the run stopped before it)\n")


def join(system: System, parts: list[Solved], timings: dict, wall_s: float, workers: int) -> Result:
    """One result from the windows': tables stacked in time, KPIs and verdict
    recomputed, the objective the kept hours' costs plus the year's cap excess."""
    first = parts[0].tables
    tables = {name: pd.concat([p.tables[name] for p in parts], ignore_index=True) if "timestamp" in df else df for name, df in first.items()}
    ctx = Context(system, Horizon.chronological(system.index))
    tables.update({**channels.year_totals(ctx, tables), **commitment.year_totals(ctx, tables)})  # the windows' own count their look-ahead
    k = kpis(ctx, tables)
    excess = sum(max(0.0, k[key] - getattr(system.scenario.criteria, name) * ctx.year_share) for key, name in CAPS.items() if getattr(system.scenario.criteria, name) is not None)
    objective = float(sum(p.cost_cny for p in parts)) + excess * ctx.penalties.cap_excess_cny_per_t
    for key in parts[0].timings_s:
        timings[key] = float(np.sum([p.timings_s.get(key, 0.0) for p in parts]))
    timings.update(windows=len(parts), workers=workers, windows_wall_s=wall_s)
    # solve_system raises unless each window is optimal
    return Result(system, tables, k, verdict(ctx, tables, k), objective, "Optimal", timings)
