"""The coarse year of a windowed run (see the package doc, step 1): the
typical-day model's level of every declared level at the start of every
day, and each declared annual limit shared over the hours."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from ..inputs import System
from ..lp import solve_system
from ..model.remedy_terms import NONE, RemedyTerms
from ..model.core import Context, Horizon
from ..model.modules import FORMULATING
from ..periods import periods_horizon
from ..schema import RepresentativePeriods
from ..technologies import TECHNOLOGIES
from ..technologies.technology import levels

DAY_H = 24
COARSE_DAYS = RepresentativePeriods().days
LEVELS = tuple(levels(TECHNOLOGIES))  # carried in and out, coarse level at each end (technology.Level)
LEVEL_NAMES = tuple(level.var for level in LEVELS)
LIMITS = {limit.key: (limit, FORMULATING[t.name]) for t in TECHNOLOGIES for limit in t.limits}
"""Each annual limit a window gets a share of (technology.Limit) and the module computing it."""


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
    """Levels at the start of each original day: a linked item's own day
    start, else (cyclic within its day) the level at the end of the day
    standing for it; and the sequence of representative days."""
    h = ctx.horizon
    last = np.searchsorted(h.period, np.arange(len(h.origin)), side="right") - 1
    out = {level.var: sol.value(level.var)[:, last[h.sequence]] for level in LEVELS}
    for level in LEVELS:
        linked = ctx.need(level.linked) if level.linked else np.zeros(0, dtype=bool)
        if linked.any():
            out[level.var][linked] = sol.value(level.day_start)
    return out, h.sequence


def limits(system: System, coarse_tables: dict, sequence: np.ndarray, exact: bool = False) -> Limits:
    """Each annual limit a technology declares (technology.Limit) shared
    over the hours by the coarse year's daily use (even within a day); what
    the coarse year leaves unused is spread like the limit itself (by
    hours; hydro by inflow within its month, see model/hydro.coarse_use)."""
    ctx = Context(system, Horizon.chronological(system.index))
    out = Limits()
    for key, (_, module) in LIMITS.items():
        given = module.coarse_use(ctx, key, coarse_tables, sequence, exact)
        if given is not None:
            share(out, key, *given)
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


def use_by_hour(key: str, tables: dict, n_hours: int, system: System) -> np.ndarray:
    """What a window's kept hours used of each group of `key` at each hour
    (groups x hours), in the limit's units per hour."""
    return LIMITS[key][1].window_use(key, tables, n_hours, system)


def used(key: str, use: np.ndarray, months: np.ndarray, n_labels: int) -> np.ndarray:
    """Use of each group of `key` over some hours (`use`, groups x hours, in
    month `months`), in the limit's units: a monthly limit's per (item,
    month) of all `n_labels` months, the others in total."""
    if not LIMITS[key][0].monthly:
        return use.sum(axis=1)
    out = np.zeros((len(use), n_labels))
    np.add.at(out.T, months, use.T)
    return out.ravel()
