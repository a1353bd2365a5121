"""The model's time steps (`Horizon`), a window's ties to the rest of the
year (`Carry`) and the value of a state before each step (`carried`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .arrays import Lin

if TYPE_CHECKING:
    from .core import Context


@dataclass
class Horizon:
    """The model's time steps.

    `weight_h` is how many hours of the year a step stands for (1 for a full
    chronological year; more for representative periods); `prev` is the step
    before each step, wrapping around within its period (cyclic operation);
    `budget_period` labels steps sharing an energy budget (months).
    Representative periods (see periods.py) also give `sequence`, the period
    standing for each original period of the year in order, and `origin`, the
    original period each representative period is; None when chronological.
    """

    index: pd.DatetimeIndex
    weight_h: np.ndarray
    prev: np.ndarray
    budget_period: np.ndarray
    period: np.ndarray
    sequence: np.ndarray | None = None
    origin: np.ndarray | None = None
    carry: "Carry | None" = None

    @property
    def n(self) -> int:
        return len(self.index)

    @classmethod
    def chronological(cls, index: pd.DatetimeIndex) -> "Horizon":
        n = len(index)
        return cls(
            index=index,
            weight_h=np.ones(n),
            prev=np.roll(np.arange(n), 1),
            budget_period=index.month.to_numpy(),
            period=np.zeros(n, dtype=int),
        )


@dataclass
class Carry:
    """A window's ties to the rest of a chronology (see windows/); a horizon
    without one is cyclic and takes a pro-rated share of annual limits.

    `start`: the state before the first step, by variable block name (e.g.
    "Storage_SOC_MWh", "Thermal_Online_MW"), one value per item (a block not
    named is cyclic within the window). `end`: levels the last step must hold
    (the year's, where the window joins hours already solved). `aim`: levels
    the last step aims at, a miss costing penalties.level_aim_miss (a rolling
    window's look-ahead end at the coarse year's level: a guide, which a
    store may be unable to reach, e.g. a heat store the coarse year, cyclic
    within each day, left fuller in summer than any heat source can fill it
    hour by hour). `after`: thermal online
    capacity, output and start-ups at the step after the last, already
    solved (the next chain's first step). `shares`: the window's share of
    annual limits: "demand_response" (programmes), "coal_tce" and "co2_t"
    (scalars), "hydro" (units x budget periods, in sorted order)."""

    start: dict = field(default_factory=dict)
    end: dict = field(default_factory=dict)
    aim: dict = field(default_factory=dict)
    after: dict = field(default_factory=dict)
    shares: dict = field(default_factory=dict)


AIM_MISS = "_Aim_Miss"
"""Suffix of the variable blocks of a missed aim: a guide's penalty, no cost of the year (windows.window_state leaves them out)."""


def carried(ctx: Context, x: Lin, name: str, ub) -> Lin:
    """The value of variable block `x` (items x steps) before each step:
    x[:, prev], except with a carry, where the first step follows the state
    before the window (a variable `name`_Start fixed to carry.start[name]),
    and the last step holds carry.end[name], or aims at carry.aim[name], if given."""
    before, carry = x[:, ctx.horizon.prev], ctx.horizon.carry
    if carry is None or name not in carry.start:
        return before
    start = ctx.var(f"{name}_Start", x.shape[0], ub=ub, steps=1)
    ctx.rows(f"{name}_Start_Constraint", start[:, 0] == carry.start[name])
    last = x[:, ctx.horizon.n - 1]
    if name in carry.end:
        ctx.rows(f"{name}_End_Constraint", last == carry.end[name])
    if name in carry.aim:
        k = x.shape[0]
        miss = ctx.var(f"{name}{AIM_MISS}", 2 * k, steps=1)[:, 0]  # above the aim, then below it
        ctx.rows(f"{name}_Aim_Constraint", last - miss[:k] + miss[k:] == carry.aim[name])
        ctx.cost.add(miss * ctx.penalties.level_aim_miss_cny_per_mwh)
    col = before.col.copy()
    col[:, 0] = start.col[:, 0]
    return Lin(before.coef, col)
