"""Commitment held for whole periods of days.

Why: the Northeast's dispatchers of 2015-16 set minimum up-times of 5-7 days
and often longer: commitment was decided for weeks, not hours (Davidson &
Pérez-Arriaga, IEEE Trans. Power Systems 33(5), 2018; Davidson, Harvard
Belfer working paper, 2018).
Committed hour by hour, the LP swaps condensing coal and CHP with the wind.

A cluster c of a unit group with commitment_period_days D[c] > 0 (thermal
table; its retrofitted share too) keeps its online capacity through each
period of D[c] whole days, counted from 1 January 00:00 of the step's year
(calendar-fixed, so one LP and its windows hold the same periods; a year's
last period ends on 31 December). For each step t whose hour does not begin
a period:

    u[c,t] = u[c,before t]

before t is the step before (horizon.prev: in a cyclic LP the first step
follows the last, as for every other state, so a run that starts inside a
period holds it across its wrap). In a solver window (windows/) the first
step follows the carried online state u0 (carry.start, the state the windows
carry), and the last step leads into a solved step u1 (carry.after) that
the period holds too unless the hour after the last begins one:

    u[c,first] - u0[c] = up0[c] - down0[c];   u[c,last] - u1[c] = up1[c] - down1[c]
    cost: commitment_shortfall * 24 h * (up + down)

A window cannot revise what the window before it committed, and may find the
held capacity's minimum load above what its load and outlets can take (the
balance has no spill): the seam gives way at the price of a day's shortfall
of a commitment rule per MW, so the window stays solvable and a break shows
in its cost. That is more than holding a MW at its minimum load costs in fuel
over a period of up to about a month (0.5 x 315 CNY/MWh x 24 h x 30 d), and
less than shedding load for more than four hours. Within one LP the LP
chooses u itself and needs no slack. With several chains of windows
(solver.workers) a chain starts from its seam's own two-day solve, which does
not see the earlier days of a period: a period running over a chain seam
may break there, at that price (28 days in one period, weekly windows, two
chains: broken after the first week for 24 M CNY; one chain holds it). A run
from 1 January whose window_days is a multiple of D (weekly windows and
periods of 7 days) has every seam at a period's start: nothing to carry.

Typical days (periods.py) are independent days, each cyclic: a period of
more than a day cannot be held across them, so it is held within each
typical day (u constant over the day, whatever D). Refusing would refuse the
solver windows too, whose coarse year runs on typical days; a day held whole
is the closest those days allow. Runs that start or end inside a period
(not full years) may hold it across their wrap differently in one LP and in
windows, which see only the state they lead into.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from .core import Context

NAME = "commitment_periods"
NEEDS = ("thermal.clusters", "thermal.online_mw")
DAY_H = 24.0
STATE = "Thermal_Online_MW"  # the online capacity a window carries in (thermal.TECHNOLOGY.states)


def period_starts(index: pd.DatetimeIndex, days: np.ndarray) -> np.ndarray:
    """Whether each step's hour begins a period of days[c] whole days from 1 January (clusters x steps)."""
    day = np.asarray(index.day_of_year) - 1
    return (np.asarray(index.hour) == 0)[None, :] & (day[None, :] % days[:, None] == 0)


def build(ctx: Context) -> None:
    c = ctx.need("thermal.clusters")
    days = c["commitment_period_days"].to_numpy(dtype=float).astype(int)
    mine = np.flatnonzero(days > 0)
    if not len(mine):
        return
    days, u, h = days[mine], ctx.need("thermal.online_mw")[mine], ctx.horizon
    held = ~period_starts(h.index, days)
    carry = h.carry
    start = carry.start.get(STATE) if carry is not None else None
    inner = held.copy()
    if start is not None:
        inner[:, 0] = False  # the first step follows the carried state, below
    ctx.rows("Commitment_Period_Constraint", u[inner] == u[:, h.prev][inner])
    if start is not None:
        seam(ctx, "Start", u[:, 0], np.asarray(start)[mine], held[:, 0])
    after = carry.after.get(STATE) if carry is not None else None
    if after is not None:
        next_hour = pd.DatetimeIndex([h.index[-1] + pd.Timedelta(hours=1)])
        seam(ctx, "End", u[:, h.n - 1], np.asarray(after)[mine], ~period_starts(next_hour, days)[:, 0])


def seam(ctx: Context, name: str, u_at, state: np.ndarray, held: np.ndarray) -> None:
    """u_at (held clusters) equals a solved state across a window's seam, a break priced as a day short per MW."""
    k = int(held.sum())
    if not k:
        return
    brk = ctx.var(f"Commitment_Period_{name}_Break_MW", 2 * k, steps=1)[:, 0]  # up, then down
    ctx.rows(f"Commitment_Period_{name}_Constraint", u_at[held] - brk[:k] + brk[k:] == state[held])
    ctx.cost.add(brk * (ctx.penalties.commitment_shortfall_cny_per_mwh * DAY_H))
