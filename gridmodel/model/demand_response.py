"""Downward demand response: load shed on request, at a cost, within a yearly limit.

    0 <= dr[d,t] <= cap[d]     cap = share_of_peak x zone load at the system peak hour
    sum_t w[t] dr[d,t] <= max_hours[d] * cap[d] * (horizon hours / 8760)
    cost: cost[d] * w dr;   reserve: cap - dr

The energy limit is pro-rated to the horizon so that a short test horizon does
not get a whole year's allowance.
"""

from __future__ import annotations

import pandas as pd

from .core import Context, linear

NAME = "demand_response"


def build(ctx: Context) -> None:
    d = ctx.table(NAME)
    cap = ctx.system.dr_capacity_mw.to_numpy()
    dr = ctx.var("Demand_Response_MW", len(d), ub=cap)
    year_share = float(ctx.w.sum()) / len(ctx.system.load_mw) * ctx.system.year_fraction
    for i, (zone, cost) in enumerate(zip(d["zone"], d["cost_cny_per_mwh"])):
        ctx.add_cost_series(dr, i, cost)
        for t in ctx.T:
            ctx.balance.add((zone, t), dr[i, t])
            ctx.reserve.add(t, dr[i, t], -1.0)
            ctx.reserve.add_constant(t, float(cap[i]))
    limit = d["max_hours_per_year"].to_numpy() * cap * year_share
    ctx.constraints(
        "Demand_Response_Energy_Constraint",
        range(len(d)),
        lambda i: linear(ctx.w, [dr[i, t] for t in ctx.T]) <= float(limit[i]),
    )


def extract(ctx: Context, sol) -> dict[str, pd.DataFrame]:
    d = ctx.table(NAME)
    return {NAME: sol.long_table(d[["name", "zone"]].rename(columns={"name": "programme"}), dr_mw=sol.value(ctx.m.Demand_Response_MW))}
