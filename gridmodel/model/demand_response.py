"""Downward demand response: load shed on request, at a cost, within a yearly limit.

    0 <= dr[d,t] <= cap[d]     cap = share_of_peak x zone load at the system peak hour
    sum_t w[t] dr[d,t] <= max_hours[d] * cap[d] * (horizon hours / 8760)
    cost: cost[d] * w dr;   reserve: cap - dr

The energy limit is pro-rated to the horizon so that a short test horizon does
not get a whole year's allowance. In remedy mode a demand_response candidate is
a further programme whose cap is an investment variable.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .core import Context, linear

NAME = "demand_response"


def programmes(ctx: Context) -> pd.DataFrame:
    d = ctx.table(NAME)
    existing = pd.DataFrame({"programme": d["name"], "zone": d["zone"], "cost_cny_per_mwh": d["cost_cny_per_mwh"], "max_hours_per_year": d["max_hours_per_year"]})
    cand = ctx.candidates(NAME)
    new = pd.DataFrame({"programme": cand["name"], "zone": cand["zone"], "cost_cny_per_mwh": cand["cost_cny_per_mwh"], "max_hours_per_year": cand["max_hours_per_year"]})
    return pd.concat([existing, new], ignore_index=True) if len(new) else existing


def build(ctx: Context) -> None:
    d = programmes(ctx)
    ctx.dr_programmes = d
    cand = ctx.candidates(NAME)
    cap: list = ctx.system.dr_capacity_mw.tolist()
    cap += [ctx.invest(row, "MW", row.max_mw, row.capex_cny_per_kw * 1e3) for row in cand.itertuples(index=False)]
    cap_max = np.concatenate([ctx.system.dr_capacity_mw.to_numpy(), cand["max_mw"].to_numpy()])
    dr = ctx.var("Demand_Response_MW", len(d), ub=cap_max)
    for i, (zone, cost) in enumerate(zip(d["zone"], d["cost_cny_per_mwh"])):
        ctx.add_cost_series(dr, i, cost)
        for t in ctx.T:
            ctx.balance.add((zone, t), dr[i, t])
            ctx.reserve.add(t, dr[i, t], -1.0)
            if isinstance(cap[i], float):
                ctx.reserve.add_constant(t, cap[i])
            else:
                ctx.reserve.add(t, cap[i])
    hours = d["max_hours_per_year"].to_numpy() * ctx.year_share
    ctx.constraints(
        "Demand_Response_Energy_Constraint",
        range(len(d)),
        lambda i: linear(ctx.w, [dr[i, t] for t in ctx.T]) <= hours[i] * cap[i],
    )
    new = [(i, t) for i in range(len(d) - len(cand), len(d)) for t in ctx.T]
    ctx.constraints("Demand_Response_New_Constraint", new, lambda i, t: dr[i, t] <= cap[i])


def extract(ctx: Context, sol) -> dict[str, pd.DataFrame]:
    d = ctx.dr_programmes
    return {NAME: sol.long_table(d[["programme", "zone"]], dr_mw=sol.value(ctx.m.Demand_Response_MW))}
