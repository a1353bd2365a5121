"""The chronological year as windows (e.g. weeks) that carry it: one feasible chronology.

Why windows: HiGHS's simplex time grows faster than linearly with the horizon
of this LP (Jilin 2030 on the quiet 2 cores: a month ~20 s, a quarter 105 s,
a half-year 262 s, the year 1,223 s), while 53 weekly windows take ~46 s
wall (each started from the basis of the one before, Chain.basis) and 12
monthly ones 164 s.

Weeks or months (solver.window_days 7 or "month"): a month's window holds
its month's hydro budget whole (model/hydro.py budgets per month), where a
week gets a share of it by a proxy (shaved_hydro, below), and has 12 seams
instead of 53. Jilin 2030's year against its one LP (objective net of
export revenue, so measured against the gross cost): weeks +0.117 %,
months with three days of look-ahead +0.010 %; curtailment -0.013 /
+0.001 %, coal -0.089 / +0.042 %, exports -0.080 / +0.033 %
(benchmarks/results/windows_jilin.md). Weeks stay the default for speed;
months for figures that go into a report.

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
   so there this is the inflow, and hydro is instead shared by shaving
   each month's residual load, see shaved_hydro). A horizon of no more days
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
plus any cap excess of the year. Planning a remedy needs one LP and is not windowed.
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
from typing import Literal

import numpy as np
import pandas as pd

from . import progress
from .basis import Basis
from .errors import Collector, SolverError
from .inputs import System
from .lp import solve_system
from .model import channels, commitment, demand_response, hydro, plans, renewables
from .model.core import Carry, Context, Horizon
from .model.horizon import AIM_MISS
from .model.remedy_terms import NONE, RemedyTerms
from .periods import periods_horizon
from .results import Result, summary
from .schema import RepresentativePeriods, SolverSettings

DAY_H = 24
LOOKAHEAD_DAYS = SolverSettings().lookahead_days
PASSES = SolverSettings().passes  # block-coordinate passes after the rolling windows (improve)
OFFSETS = (2, 4, 1, 3)  # where each pass's windows start, quarters of a window: half a window off the rolling windows' seams, then on them, ...
COARSE_DAYS = RepresentativePeriods().days
LEVELS = ("Storage_SOC_MWh", "Heat_Storage_Level_MWh_th")  # carried in and out, coarse level at each end
THERMAL = ("Thermal_Online_MW", "Thermal_Power_MW")  # carried in; into a chain's first window from its seam's own solve (seam_states)
STARTUP = "Thermal_Startup_MW"  # with THERMAL, what a window's last step leads into (thermal.lead_into)
CAPS = {"coal_tce": "max_coal_tce", "co2_t": "max_co2_t"}
MONTH = "month"  # solver.window_days: calendar months
Days = int | Literal["month"]


def window_indexes(index: pd.DatetimeIndex, days: Days) -> list[pd.DatetimeIndex]:
    """Consecutive blocks of `days` days (the last may be shorter), or of
    the run's days in each calendar month ("month": a window then holds
    its month's hydro budget whole, model/hydro.py)."""
    if days == MONTH:
        month = index[::DAY_H].to_period("M")
        cuts = [0, *(np.flatnonzero(month[1:] != month[:-1]) + 1) * DAY_H, len(index)]
    else:
        cuts = [*range(0, len(index), days * DAY_H), len(index)]
    return [index[a:e] for a, e in zip(cuts[:-1], cuts[1:])]


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


def coarse_year(system: System, days: int = COARSE_DAYS, log_file: str | None = None, terms: RemedyTerms = NONE) -> Plan:
    """Solve the typical-day year; read the day-start levels and each day's
    use of the annual limits."""
    n_days = len(system.index) // DAY_H
    exact = n_days <= days
    rp = RepresentativePeriods(days=min(days, n_days), link_storage_min_h=0.0) if exact else RepresentativePeriods(days=days)
    coarse = replace(system, scenario=system.scenario.model_copy(update={"representative_periods": rp}))
    horizon = None
    if exact:
        horizon = replace(periods_horizon(system.index, np.arange(n_days), np.arange(n_days)), budget_period=system.index.month.to_numpy())
    result = solve_system(coarse, horizon, log_file, summarise=False, keep=coarse_state, terms=terms)
    levels, sequence = result.kept
    return Plan(levels, limits(system, result.tables, sequence, exact))


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


def limits(system: System, coarse_tables: dict, sequence: np.ndarray, exact: bool = False) -> Limits:
    """Each limit shared over the hours by the coarse year's daily use (even
    within a day); what the coarse year leaves unused is spread like the
    limit itself (by hours; hydro by inflow within its month). Hydro on
    typical days (not `exact`) is budgeted per day, by inflow, so its daily
    use says nothing about where in its month the one LP uses the month's
    energy: there it is shared by shaving the month's residual load
    (shaved_hydro)."""
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
            th = coarse_tables["thermal"]  # the cap counts the judged zones' units (model/policy.py)
            use = per_day(th[key].where(th["zone"].isin(system.judged_zones), 0.0).groupby(th["timestamp"], sort=False).sum().to_numpy()[None, :], sequence)
            share(out, key, use, np.array([float(cap)]), by_hours(1))
    units = ctx.table("hydro")
    if len(units):
        labels, month = np.unique(ctx.horizon.budget_period, return_inverse=True)
        in_month = month[None, :] == np.arange(len(labels))[:, None]  # months x hours
        inflow = (hydro.inflow_share(ctx)[:, None, :] * in_month[None]).reshape(-1, n)  # (unit, month) x hours, share of the annual energy
        annual = np.repeat(units["annual_energy_mwh"].to_numpy(dtype=float), len(labels))
        if exact:
            use = per_day(coarse_tables["hydro"]["p_mw"].to_numpy().reshape(len(units), -1), sequence)  # units x days
            use = (use[:, None, :] * in_month[None, :, ::DAY_H]).reshape(-1, use.shape[1])  # (unit, month) x days
        else:
            use = per_day(shaved_hydro(ctx, inflow * annual[:, None], in_month), np.arange(n // DAY_H))
        share(out, "hydro", use, annual, inflow)
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
    provincial = ctx.table("plans")
    if len(provincial):  # groups (plan, month), each month's plan spread by its hours
        months = system.index.month.to_numpy()
        use = plans.in_months(per_day(plans.output_mw(coarse_tables["thermal"], provincial, system.provinces)[0], sequence), months[::DAY_H])
        monthly = plans.annual_mwh(ctx, provincial)[:, None] * plans.month_shares(ctx, provincial)
        by_month_hours = plans.in_months(np.ones((len(provincial), n)), months) / np.tile(plans.month_hours(ctx), len(provincial))[:, None]
        share(out, "plans", use, monthly.ravel(), by_month_hours)
    return out


def shaved_hydro(ctx: Context, budget_mwh: np.ndarray, in_month: np.ndarray) -> np.ndarray:
    """Each unit's month budget (rows (unit, month), MWh in each hour of the
    month as inflow gives it) used where the month's residual load (load less
    the wind and solar available) is highest: all units together shave the
    residual's peaks (peak_shaving) and each unit takes its share of the
    month's energy of that profile ((unit, month) x hours, MWh per hour).
    Measured on a Jilin quarter: the windows' objective gap to one LP
    0.47 % -> 0.21 % against the typical-day coarse year's inflow shares
    (benchmarks/windows_vs_exact.py)."""
    s = ctx.system
    residual = ctx.hourly(s.load_mw, s.internal_zones).sum(axis=0) - renewables.available_mw(ctx).sum(axis=0)
    power = float(ctx.table("hydro")["capacity_mw"].sum())
    energy = budget_mwh.sum(axis=1)
    profile = np.zeros_like(budget_mwh)
    for m, hours in enumerate(in_month):
        rows = np.arange(m, len(energy), len(in_month))  # the units' rows of month m
        total = energy[rows].sum()
        if total > 0:
            profile[np.ix_(rows, np.flatnonzero(hours))] = energy[rows, None] / total * peak_shaving(residual[hours], power, total)[None, :]
    return profile


def peak_shaving(residual: np.ndarray, power: float, energy: float) -> np.ndarray:
    """Output min(power, max(0, residual - level)) at each hour, the level
    such that the output adds up to `energy` (at most power x hours): the
    energy spent on the highest residual load (found by bisection)."""
    if energy >= power * len(residual):
        return np.full(len(residual), power)
    lo, hi = residual.min() - power, residual.max()
    for _ in range(100):
        level = (lo + hi) / 2
        lo, hi = (level, hi) if np.clip(residual - level, 0, power).sum() > energy else (lo, level)
    out = np.clip(residual - hi, 0, power)
    return out * (energy / out.sum()) if out.sum() > 0 else out


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


def use_by_hour(key: str, tables: dict, n_hours: int, system: System) -> np.ndarray:
    """What a window's kept hours used of each group of `key` at each hour
    (groups x hours), in the limit's units per hour."""
    if key == "demand_response":
        return tables["demand_response"]["dr_mw"].to_numpy().reshape(-1, n_hours)
    if key == "hydro":
        return tables["hydro"]["p_mw"].to_numpy().reshape(-1, n_hours)
    if key in channels.ENERGY_LIMITS:
        return tables["channels"]["sent_mw"].to_numpy().reshape(-1, n_hours)
    if key == "contract":
        return commitment.group_output_mw(tables["thermal"], tables["contracts"]["group"])
    if key == "plans":
        output, steps = plans.output_mw(tables["thermal"], system.tables["plans"], system.provinces)
        return plans.in_months(output, steps.month)
    return tables["thermal"][key].to_numpy().reshape(-1, n_hours).sum(axis=0, keepdims=True)


def used(key: str, use: np.ndarray, months: np.ndarray, n_labels: int) -> np.ndarray:
    """Use of each group of `key` over some hours (`use`, groups x hours, in
    month `months`), in the limit's units: hydro per (unit, month) of all
    `n_labels` months, the others in total."""
    if key != "hydro":
        return use.sum(axis=1)
    out = np.zeros((len(use), n_labels))
    np.add.at(out.T, months, use.T)
    return out.ravel()


# ------------------------------------------------------------------- the windows
@dataclass
class Task:
    """One window to solve: its system (hours kept plus look-ahead), horizon
    with what it carries, and how many hours it keeps."""

    system: System
    horizon: Horizon
    kept_h: int
    log_file: str | None = None
    start: Basis | None = None  # HiGHS's starting basis: the chain's window before (basis.py)
    terms: RemedyTerms = NONE  # a remedy's (model/remedy_terms.py)


@dataclass
class Solved:
    """A window's result over the hours it keeps, what it carries on and its cost then."""

    tables: dict
    state: dict  # end of the kept hours: levels and thermal state
    first: dict  # thermal online, output and start-ups at its first step
    path: dict  # levels and thermal state (PATH) at every kept hour, items x hours
    cost_h: np.ndarray  # cost of each kept hour, CNY
    cost_rest: float  # cost of the window's columns without a step (a contract shortfall), CNY
    timings_s: dict
    basis: Basis | None  # its optimal basis, the chain's next window's start


def solve_window(task: Task) -> Solved:
    """Solve one window; keep its tables up to its last kept hour."""
    with progress.silenced():  # the windows are reported, not each one's stages
        try:
            result = solve_system(task.system, task.horizon, task.log_file, summarise=False, keep=partial(window_state, kept_h=task.kept_h), start=task.start, keep_basis=True, terms=task.terms)
        except SolverError as e:
            raise SolverError(f"window {task.horizon.index[0]:%Y-%m-%d %H:%M} to {task.horizon.index[-1]:%Y-%m-%d %H:%M}: {e}") from None
    end = task.horizon.index[task.kept_h - 1]
    tables = {name: df[df["timestamp"] <= end].reset_index(drop=True) if "timestamp" in df else df for name, df in result.tables.items()}
    path, cost_h, cost_rest, basis = result.kept
    state = {name: values[:, -1] for name, values in path.items() if name != STARTUP}
    first = {name: path[name][:, 0] for name in THERMAL + (STARTUP,)}
    return Solved(tables, state, first, path, cost_h, cost_rest, result.timings_s, basis)


def window_state(ctx: Context, sol, kept_h: int) -> tuple[dict, np.ndarray, float, Basis | None]:
    """Levels and thermal state at every kept hour, the cost of each kept
    hour and of the columns without a step (left out: cap excess, the year's
    is charged once, see join; a missed aim, a guide's penalty), and the
    optimal basis."""
    path = {name: sol.value(name)[:, :kept_h] for name in LEVELS + THERMAL}
    path[STARTUP] = sol.value(ctx.need("thermal.startup_mw"))[:, :kept_h]
    c = ctx.objective
    step = np.full(c.shape[1], -1)  # the step of each column; -1: none (-2: left out)
    for name, block in ctx.vars.items():
        cols = block.columns
        if cols.ndim == 2 and cols.shape[1] == ctx.horizon.n:
            at = cols >= 0
            step[cols[at]] = np.broadcast_to(np.arange(ctx.horizon.n), cols.shape)[at]
        elif name.startswith("Cap_Excess_") or name.endswith(AIM_MISS):
            step[cols] = -2
    pos = sol.matrix.position[c.indices]
    cost = c.data * np.where(pos >= 0, sol.col_value[np.maximum(pos, 0)], 0.0)
    at = step[c.indices]
    kept = (at >= 0) & (at < kept_h)
    return path, np.bincount(at[kept], cost[kept], minlength=kept_h), float(cost[at == -1].sum()), sol.basis


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
    warm: dict = field(default_factory=dict)  # thermal state at its start (seam_states)
    basis: Basis | None = None
    """Its last window's optimal basis: HiGHS starts the next window from it
    if the two are as long (basis.py). Jilin 2030's year by weeks: HiGHS
    66 s summed instead of 87 s, 46 s wall instead of 60 s. Months with
    their look-ahead are mostly of unequal length (warm anyway, they gained
    1 s of 61 on the half-year) and start from HiGHS's crash, except where
    two in a row are as long (July and August)."""


class Year:
    """The windows of a run and the chains solving them."""

    def __init__(self, system: System, days: Days, plan: Plan, n_chains: int, lookahead_days: int, logs: "Logs", terms: RemedyTerms = NONE):
        self.system, self.plan, self.lookahead_h, self.logs, self.terms = system, plan, lookahead_days * DAY_H, logs, terms
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
        # a chain's first window: coarse levels, thermal from its seam's own solve (seam_states)
        start = {**{n: levels[n][:, a // DAY_H] for n in LEVELS}, **ch.warm} if ch.state is None else dict(ch.state)
        shares = {}
        for key, alloc in self.plan.limits.alloc.items():
            here, rest = alloc[:, a:end].sum(axis=1), alloc[:, a:chain_end].sum(axis=1)
            everything = np.full_like(here, float(end == chain_end))  # the chain's last window: what is left, allocated there or not
            shares[key] = np.maximum(ch.remaining[key], 0) * np.divide(here, rest, out=everything, where=rest > 0)
        shares = self.by_month(shares, slice(a, end))
        after = self.solved[self.next_chain(c).blocks[0]].first if last else {}
        coarse_end = {n: levels[n][:, day_after] for n in LEVELS}  # must hold where the next chain starts from it, else a guide
        carry = Carry(start=start, end=coarse_end if last else {}, aim={} if last else coarse_end, after=after, shares=shares)
        ix = self.system.index
        like = ch.basis if ch.basis is not None and ch.basis.steps == end - a else None  # see Chain.basis
        return self.hours_task(slice(a, end), carry, int(e - a), self.logs.part(b, f"window {b + 1:03d}, {ix[a]:%Y-%m-%d} to {ix[end - 1]:%Y-%m-%d}"), like)

    def hours_task(self, hours, carry: Carry, kept_h: int, log_file: str | None, start: Basis | None = None) -> Task:
        """The hours at positions `hours` (a slice or an array) as a window carrying `carry`, keeping its first kept_h."""
        index = self.system.index[hours]
        return Task(self.system.window(index), replace(Horizon.chronological(index), carry=carry), kept_h, log_file, start, self.terms)

    def seam_states(self, pool) -> None:
        """The thermal state each chain starts from: the day before it and
        its first day solved together from the coarse levels, the state
        between them (the first chain's day before is the horizon's last,
        the year being cyclic). A window's own last hours, as a chain's start,
        were another season's: Jilin 2030's half-year as two chains of months
        started 1 April with May's CHP, heating over, and paid to bring back
        what April's heat needs (+0.228 % against the one LP; one chain
        +0.067 %; with this +0.069 %); its quarter as one chain started
        1 January from early February's state, where the one LP chooses the
        31 March -> 1 January seam jointly (+0.084 %; with this +0.043 %)."""
        futures, ix = {}, self.system.index
        for i, ch in enumerate(self.chains):
            a = int(self.start_h[ch.blocks[0]])
            hours = np.arange(a - DAY_H, a + DAY_H) % len(ix)
            shares = self.by_month({key: alloc[:, hours].sum(axis=1) for key, alloc in self.plan.limits.alloc.items()}, hours)
            carry = Carry(start={n: self.plan.levels[n][:, hours[0] // DAY_H] for n in LEVELS}, shares=shares)
            log_file = self.logs.part(len(self.blocks) + i, f"the seam {ix[hours[0]]:%Y-%m-%d} -> {ix[a]:%Y-%m-%d}")  # logged after the windows
            futures[pool.submit(solve_window, self.hours_task(hours, carry, DAY_H, log_file))] = ch
        for f, ch in futures.items():
            ch.warm = {n: f.result().state[n] for n in THERMAL}

    def by_month(self, shares: dict, hours) -> dict:
        """Shares with hydro's as units x the months of `hours` (model/hydro.py)."""
        if "hydro" in shares:
            shares["hydro"] = shares["hydro"].reshape(-1, self.n_labels)[:, np.unique(self.months[hours])]
        return shares

    def fixed_ends_task(self, chrono: Chronology, a: int, e: int, k: int) -> Task:
        """Hours a..e-1 solved again with the year's state at their ends fixed (see improve)."""
        shares = {}
        for key, annual in self.plan.limits.annual.items():
            use = used(key, chrono.use[key][:, a:e], self.months[a:e], self.n_labels)
            shares[key] = np.where(annual > 0, use / np.where(annual > 0, annual, 1.0), self.plan.limits.alloc[key][:, a:e].sum(axis=1))
        carry = Carry(
            start={name: chrono.path[name][:, a - 1] for name in LEVELS + THERMAL},  # a = 0: the year's last hour (cyclic)
            end={name: chrono.path[name][:, e - 1] for name in LEVELS},
            after={name: chrono.path[name][:, e % len(chrono.index)] for name in THERMAL + (STARTUP,)},
            shares=self.by_month(shares, slice(a, e)),
        )
        ix = self.system.index
        return self.hours_task(slice(a, e), carry, e - a, self.logs.next(f"pass {k + 2}, {ix[a]:%Y-%m-%d %H:%M} to {ix[e - 1]:%Y-%m-%d %H:%M}"))

    def absorb(self, c: int, solved: Solved) -> None:
        ch = self.chains[c]
        b = ch.blocks[ch.done]
        self.solved[b] = solved
        ch.state, ch.basis, solved.basis = solved.state, solved.basis, None
        months = self.months[self.start_h[b] : self.start_h[b + 1]]
        for key in ch.remaining:
            use = used(key, use_by_hour(key, solved.tables, len(months), self.system), months, self.n_labels)
            ch.remaining[key] = ch.remaining[key] - use / np.where(self.plan.limits.annual[key] > 0, self.plan.limits.annual[key], np.inf)
        ch.done += 1
        ch.busy = False


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
    with ProcessPoolExecutor(max_workers=workers) if workers > 1 else Inline() as pool:
        try:
            year.seam_states(pool)
            run_chains(year, pool, n_blocks)
            chrono = Chronology(system, plan.limits.annual, year.solved, year.start_h)
            t2 = time.perf_counter()
            if passes:
                progress.stage(f"{passes} more pass{'es' if passes > 1 else ''} of windows with the year's state fixed at their ends")
                improve(year, chrono, pool, passes)
        except BaseException:  # Ctrl-C, SIGTERM, a failed window: start no more windows
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        finally:
            logs.join()
    timings = {"coarse_s": t1 - t0, "passes_s": time.perf_counter() - t2}
    return join(system, chrono, timings, time.perf_counter() - t0, workers)


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


def join(system: System, chrono: Chronology, timings: dict, wall_s: float, workers: int) -> Result:
    """One result from the windows': tables stacked in time, KPIs and verdict
    recomputed, the objective the hours' costs plus the year's cap excess."""
    tables, parts = chrono.tables(), chrono.solves
    ctx = Context(system, Horizon.chronological(system.index))
    tables.update({**channels.year_totals(ctx, tables), **commitment.year_totals(ctx, tables), **plans.year_totals(ctx, tables)})  # the windows' own count their look-ahead
    k, v = summary(ctx, tables)
    excess = sum(max(0.0, k[key] - getattr(system.scenario.criteria, name) * ctx.year_share) for key, name in CAPS.items() if getattr(system.scenario.criteria, name) is not None)
    objective = float(chrono.cost_h.sum()) + excess * ctx.penalties.cap_excess_cny_per_t
    for key in parts[0].timings_s:
        timings[key] = sum(p.timings_s.get(key, 0) for p in parts)  # seconds; simplex iterations a count
    timings.update(windows=len(parts), workers=workers, windows_wall_s=wall_s)
    # solve_system raises unless each window is optimal
    return Result(system, tables, k, v, objective, "Optimal", timings)
