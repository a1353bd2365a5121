"""Downward demand response: load shed on request, at a cost, within a yearly limit.

    0 <= dr[d,t] <= cap[d]     cap = share_of_peak x zone load at the system peak hour
    sum_t w[t] dr[d,t] <= max_hours[d] * cap[d] * (horizon hours / 8760)
    cost: cost[d] * w dr;   reserve: cap - dr

The energy limit is pro-rated to the horizon so that a short test horizon does
not get a whole year's allowance; a window of a year gets the share the
year gives it (gridmodel/windows). In remedy mode a demand_response candidate is
a further programme whose cap is an investment variable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..technologies.demand_response import NAME, TECHNOLOGY
from .annual import by_hours, per_day

if TYPE_CHECKING:
    from .core import Context


PROVIDES = ("demand_response.programmes", "demand_response.capacity")


def programmes(ctx: Context) -> pd.DataFrame:
    d = ctx.table(NAME)
    existing = pd.DataFrame({"programme": d["name"], "zone": d["zone"], "cost_cny_per_mwh": d["cost_cny_per_mwh"], "max_hours_per_year": d["max_hours_per_year"]})
    cand = ctx.candidates(NAME)
    new = pd.DataFrame({"programme": cand["name"], "zone": cand["zone"], "cost_cny_per_mwh": cand["cost_cny_per_mwh"], "max_hours_per_year": cand["max_hours_per_year"]})
    return pd.concat([existing, new], ignore_index=True) if len(new) else existing


def build(ctx: Context) -> None:
    d = programmes(ctx)
    ctx.provide("demand_response.programmes", d)
    cand = ctx.candidates(NAME)
    cap = ctx.system.dr_capacity_mw.to_numpy(dtype=float)
    size = ctx.invest_mw(cand)
    ctx.provide("demand_response.capacity", (cap, size))
    dr = ctx.var("Demand_Response_MW", len(d), ub=np.concatenate([cap, cand["max_mw"].to_numpy()]))
    ctx.add_cost_series(dr, d["cost_cny_per_mwh"])
    ctx.balance.add(dr, ctx.zone_rows(d["zone"]))
    ctx.reserve.add(-dr, ctx.reserve_rows(d["zone"]))
    ctx.add_reserve_constant(cap, d["zone"][: len(cap)])
    hours = d["max_hours_per_year"].to_numpy() * ctx.limit_share("demand_response")
    energy = (dr * ctx.w).sum(axis=1)
    old = np.arange(len(cap))
    ctx.rows("Demand_Response_Energy_Constraint", energy[old] <= hours[old] * cap)
    if len(cand):
        new = np.arange(len(cap), len(d))
        ctx.reserve.add(size[:, None] * np.ones((1, ctx.horizon.n)), ctx.reserve_rows(cand["zone"]))
        ctx.rows("Demand_Response_New_Energy_Constraint", energy[new] <= hours[new] * size)
        ctx.rows("Demand_Response_New_Constraint", dr[new] <= size[:, None])


def extract(ctx: Context, sol) -> dict[str, pd.DataFrame]:
    d = ctx.need("demand_response.programmes")
    cap, size = ctx.need("demand_response.capacity")
    capacity = np.concatenate([cap, sol.value(size)])
    dr = sol.value("Demand_Response_MW")
    return {NAME: sol.long_table(d[["programme", "zone"]], dr_mw=dr, capacity_mw=np.broadcast_to(capacity[:, None], dr.shape), reserve_mw=capacity[:, None] - dr)}


def coarse_use(ctx: Context, key: str, tables: dict, sequence: np.ndarray, exact: bool):
    """The programmes' energy per day of the coarse year, their yearly
    energy and the one LP's share by hours (technology.Limit)."""
    progs = programmes(ctx)
    if not len(progs):
        return None
    size = np.concatenate([ctx.system.dr_capacity_mw.to_numpy(dtype=float), ctx.candidates(NAME)["max_mw"].to_numpy(dtype=float)])
    use = per_day(tables[NAME]["dr_mw"].to_numpy().reshape(len(progs), -1), sequence)
    return use, progs["max_hours_per_year"].to_numpy(dtype=float) * size, by_hours(ctx, len(progs))


def window_use(key: str, tables: dict, n_hours: int, system) -> np.ndarray:
    """Each programme's load reduced at each hour of a window (programmes x hours)."""
    return tables[NAME]["dr_mw"].to_numpy().reshape(-1, n_hours)
