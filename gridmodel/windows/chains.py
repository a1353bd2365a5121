"""The windows of a year and the chains solving them (see the package doc,
steps 2 and 3): what each window carries in and out, its share of the
annual limits, and what it hands on."""

from __future__ import annotations

import time
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field, replace
from functools import partial
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from .. import progress
from ..basis import Basis
from ..errors import SolverError
from ..inputs import System
from ..jobs import Logs
from ..lp import solve_system
from ..model.remedy_terms import NONE, RemedyTerms
from ..model.core import Carry, Context, Horizon
from ..model.horizon import AIM_MISS
from ..schema import SolverSettings
from ..technologies import TECHNOLOGIES
from ..technologies.technology import states
from .coarse import DAY_H, LEVEL_NAMES, LIMITS, Plan, use_by_hour, used

if TYPE_CHECKING:
    from .joining import Chronology

LOOKAHEAD_DAYS = SolverSettings().lookahead_days
CARRIED = tuple(s.var for s in states(TECHNOLOGIES) if s.start)  # carried in; into a chain's first window from its seam's own solve (seam_states)
LEADS = tuple(s.var for s in states(TECHNOLOGIES))  # what a window's last step leads into (e.g. thermal.lead_into)
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
    state = {name: path[name][:, -1] for name in LEVEL_NAMES + CARRIED}
    first = {name: path[name][:, 0] for name in LEADS}
    return Solved(tables, state, first, path, cost_h, cost_rest, result.timings_s, basis)


def window_state(ctx: Context, sol, kept_h: int) -> tuple[dict, np.ndarray, float, Basis | None]:
    """Levels and thermal state at every kept hour, the cost of each kept
    hour and of the columns without a step (left out: cap excess, the year's
    is charged once, see join; a missed aim, a guide's penalty), and the
    optimal basis."""
    path = {name: sol.value(name)[:, :kept_h] for name in LEVEL_NAMES}
    path.update({s.var: sol.value(ctx.need(s.provided) if s.provided else s.var)[:, :kept_h] for s in states(TECHNOLOGIES)})
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
    two in a row are as long (July and August). Not where the scenario says
    solver.warm_start false: the Northeast's windows take longer from it."""


class Year:
    """The windows of a run and the chains solving them."""

    def __init__(self, system: System, days: Days, plan: Plan, n_chains: int, lookahead_days: int, logs: Logs, terms: RemedyTerms = NONE):
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
        start = {**{n: levels[n][:, a // DAY_H] for n in LEVEL_NAMES}, **ch.warm} if ch.state is None else dict(ch.state)
        shares = {}
        for key, alloc in self.plan.limits.alloc.items():
            here, rest = alloc[:, a:end].sum(axis=1), alloc[:, a:chain_end].sum(axis=1)
            everything = np.full_like(here, float(end == chain_end))  # the chain's last window: what is left, allocated there or not
            shares[key] = np.maximum(ch.remaining[key], 0) * np.divide(here, rest, out=everything, where=rest > 0)
        shares = self.by_month(shares, slice(a, end))
        after = self.solved[self.next_chain(c).blocks[0]].first if last else {}
        coarse_end = {n: levels[n][:, day_after] for n in LEVEL_NAMES}  # must hold where the next chain starts from it, else a guide
        carry = Carry(start=start, end=coarse_end if last else {}, aim={} if last else coarse_end, after=after, shares=shares)
        ix = self.system.index
        warm = self.system.scenario.solver.warm_start and ch.basis is not None and ch.basis.steps == end - a
        like = ch.basis if warm else None  # see Chain.basis
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
            carry = Carry(start={n: self.plan.levels[n][:, hours[0] // DAY_H] for n in LEVEL_NAMES}, shares=shares)
            log_file = self.logs.part(len(self.blocks) + i, f"the seam {ix[hours[0]]:%Y-%m-%d} -> {ix[a]:%Y-%m-%d}")  # logged after the windows
            futures[pool.submit(solve_window, self.hours_task(hours, carry, DAY_H, log_file))] = ch
        for f, ch in futures.items():
            ch.warm = {n: f.result().state[n] for n in CARRIED}

    def by_month(self, shares: dict, hours) -> dict:
        """Shares with a monthly limit's as items x the months of `hours` (model/hydro.py)."""
        for key in shares:
            if LIMITS[key][0].monthly:
                shares[key] = shares[key].reshape(-1, self.n_labels)[:, np.unique(self.months[hours])]
        return shares

    def fixed_ends_task(self, chrono: Chronology, a: int, e: int, k: int) -> Task:
        """Hours a..e-1 solved again with the year's state at their ends fixed (see improve)."""
        shares = {}
        for key, annual in self.plan.limits.annual.items():
            use = used(key, chrono.use[key][:, a:e], self.months[a:e], self.n_labels)
            shares[key] = np.where(annual > 0, use / np.where(annual > 0, annual, 1.0), self.plan.limits.alloc[key][:, a:e].sum(axis=1))
        carry = Carry(
            start={name: chrono.path[name][:, a - 1] for name in LEVEL_NAMES + CARRIED},  # a = 0: the year's last hour (cyclic)
            end={name: chrono.path[name][:, e - 1] for name in LEVEL_NAMES},
            after={name: chrono.path[name][:, e % len(chrono.index)] for name in LEADS},
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


