"""Conventional hydro with an energy budget per period (month).

    0 <= p[h,t] <= cap[h]
    sum_{t in P} w[t] p[h,t] <= E[h] * sum_{t in P} w[t] inflow[h,t] / sum_year inflow[h]
    reserve: cap - p

The annual energy is shared over budget periods by the inflow profile of the
series, pro-rated when the series cover less than a year, so a shorter
horizon gets its share, not the year's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..technologies.hydro import NAME, TECHNOLOGY
from .arrays import Terms

if TYPE_CHECKING:
    from .core import Context

PROVIDES = ("hydro.power_mw",)


def inflow_share(ctx: Context) -> np.ndarray:
    """Share of the annual inflow at each step (units x steps), weighted."""
    h = ctx.table(NAME)
    year = ctx.system.availability
    shares = np.empty((len(h), ctx.horizon.n))
    for i, profile in enumerate(h["inflow_profile"]):
        full = year[profile].to_numpy() if profile else np.ones(len(year))
        shares[i] = full[year.index.get_indexer(ctx.horizon.index)] / full.sum()
    return shares * ctx.w * ctx.system.year_fraction


def build(ctx: Context) -> None:
    h = ctx.table(NAME)
    cap = h["capacity_mw"].to_numpy()
    p = ctx.var("Hydro_Power_MW", len(h), ub=cap)
    ctx.provide("hydro.power_mw", p)
    ctx.balance.add(p, ctx.zone_rows(h["zone"]))
    ctx.reserve.add(-p, ctx.reserve_rows(h["zone"]))
    ctx.add_reserve_constant(cap, h["zone"])
    budget = inflow_share(ctx) * h["annual_energy_mwh"].to_numpy()[:, None]
    labels, period = np.unique(ctx.horizon.budget_period, return_inverse=True)
    rows = np.arange(len(h))[:, None] * len(labels) + period  # row (unit, budget period) of each (unit, step)
    energy = Terms(len(h) * len(labels))
    energy.add(p * ctx.w, rows)
    upper = np.bincount(rows.ravel(), budget.ravel(), minlength=energy.n_rows)
    carry = ctx.horizon.carry
    if carry is not None and "hydro" in carry.shares:  # a window's share of each budget period's energy (windows.py)
        upper = (carry.shares["hydro"] * h["annual_energy_mwh"].to_numpy()[:, None]).ravel()
    ctx.rows("Hydro_Budget_Constraint", energy, upper=upper)


def extract(ctx: Context, sol) -> dict[str, pd.DataFrame]:
    h = ctx.table(NAME)
    p = sol.value("Hydro_Power_MW")
    return {NAME: sol.long_table(h[["name", "zone"]].rename(columns={"name": "unit"}), p_mw=p, reserve_mw=h["capacity_mw"].to_numpy()[:, None] - p, down_room_mw=p)}
