"""A level carried in time (a store's energy), for any technology that
declares one (technology.Level): its value before each step, in a window of a
year (core.carried) or over typical days linked across the year.

    before[t] = level[prev(t)]                      cyclic, or from the window's start
    before[first step of a typical day] = x[that day's own day of the year]   (linked items)

Typical days linked across the year (Kotzur et al. 2018, Applied Energy
219): day d of the year, represented by period k = sequence[d] whose own day
is o = origin[k], starts at level x[d]; within the day the level follows
period k's deviation level[t] - a^(tau+1) x[o] (a = 1 - self-discharge,
tau = step in the day), which lies in [lo[k], hi[k]]:

    x[d+1] = a^H x[d] + level[end of k] - a^H x[o]      (cyclic over the year)
    lo[k] <= level[t] - a^(tau+1) x[o] <= hi[k]           t in period k
    a^H x[d] + lo[k] >= 0;   x[d] + hi[k] <= E            every day d

The day bounds are conservative with self-discharge; with every day its own
period this is the chronological model.

A state without a level (thermal online capacity) is not carried across
days; what it does between days is read at the day boundaries
(`across_days`): its value at the first step of day d's typical day against
its value at the last step of day d-1's. Only items with more hours of
energy than representative_periods.link_storage_min_h are linked
(linked_across_days); the others are cyclic within the day.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..technologies.technology import Level
from .arrays import Lin
from .horizon import carried

if TYPE_CHECKING:
    from .core import Context


def linked_across_days(ctx: Context, hours: np.ndarray) -> np.ndarray:
    """Which items carry energy from one representative day to the next:
    those with more than `link_storage_min_h` hours of energy (E/P at full
    size), all of them when a horizon of periods is given without that
    setting; none on a chronological horizon. The others are cyclic within
    the day: the cross-day rows make HiGHS ~10x slower, and a 6 h
    pumped-hydro store cycles daily anyway (Jilin 2030: curtailment moves
    by 0.05 points)."""
    if ctx.horizon.sequence is None:
        return np.zeros(len(hours), dtype=bool)
    return linked_by_hours(ctx.system.scenario.representative_periods, hours)


def linked_by_hours(rp, hours: np.ndarray) -> np.ndarray:
    """The rule of linked_across_days for typical days set by `rp` (None: all linked)."""
    hours = np.asarray(hours, dtype=float)
    return np.ones(len(hours), dtype=bool) if rp is None else hours > rp.link_storage_min_h


def before(ctx: Context, level: Level, x: Lin, ub: np.ndarray, linked: np.ndarray) -> Lin:
    """The level before each step: the previous step's (carried in a window,
    core.carried), or at the first step of a representative day for a
    linked item, that real day's own start level `level.day_start`
    [item, day] (one per linked item and day of the year)."""
    h = ctx.horizon
    out = carried(ctx, x, level.var, ub)
    if not linked.any():
        return out
    start = ctx.var(level.day_start, int(linked.sum()), ub=ub[linked], steps=len(h.sequence))
    first = np.flatnonzero(np.r_[True, h.period[1:] != h.period[:-1]])
    col = out.col.copy()
    col[np.flatnonzero(linked)[:, None], first[None, :]] = start.col[:, h.origin[h.period[first]]]
    return Lin(np.ones(col.shape), col)


def link_days(ctx: Context, level: Level, x: Lin, loss_pu_per_h: np.ndarray, energy: np.ndarray, added_energy: Lin | None = None) -> None:
    """The rows that link the linked items' typical days across the year
    (module doc): `x` their level (items x steps), `energy` their given
    energy (items x 1) and `added_energy` what a remedy adds to it, if anything."""
    h, p = ctx.horizon, level.prefix
    start = ctx.vars[level.day_start]
    seq, origin, period = h.sequence, h.origin, h.period
    steps_h = np.bincount(period)
    first = np.searchsorted(period, np.arange(len(origin)))
    tau = np.arange(h.n) - first[period]
    a = 1 - np.asarray(loss_pu_per_h, dtype=float)[:, None]
    lo = ctx.var(f"{p}_Deviation_Low_MWh", x.shape[0], lb=None, ub=0.0, steps=len(origin))  # the day's start is in range
    hi = ctx.var(f"{p}_Deviation_High_MWh", x.shape[0], steps=len(origin))
    a_day = a ** steps_h[seq]  # (items x days)
    following = np.roll(np.arange(len(seq)), -1)
    ctx.rows(f"{p}_Day_Link_Constraint", start[:, following] == a_day * (start - start[:, origin[seq]]) + x[:, first[seq] + steps_h[seq] - 1])
    deviation = x - a ** (tau + 1) * start[:, origin[period]]
    ctx.rows(f"{p}_Deviation_Low_Constraint", deviation >= lo[:, period])
    ctx.rows(f"{p}_Deviation_High_Constraint", deviation <= hi[:, period])
    ctx.rows(f"{p}_Day_Min_Constraint", a_day * start + lo[:, seq] >= 0.0)
    room = start + hi[:, seq]
    ctx.rows(f"{p}_Day_Max_Constraint", (room if added_energy is None else room - added_energy) <= energy)


def across_days(ctx: Context, x: Lin) -> tuple[Lin, Lin]:
    """A state between consecutive days of the year over typical days: for
    every day d (items x days), `x` at the first step of d's typical day and
    at the last step of day d-1's (the year wraps: day 0 follows the last)."""
    h = ctx.horizon
    first = np.searchsorted(h.period, np.arange(len(h.origin)))
    last = np.r_[first[1:], h.n] - 1
    return x[:, first[h.sequence]], x[:, last[np.roll(h.sequence, 1)]]
