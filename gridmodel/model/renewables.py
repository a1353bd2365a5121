"""Wind and solar: output up to hourly availability; the gap is curtailment.

    0 <= p[g,t] <= avail[g,t] * cap[g]                       (bound)
    sum_g,t w[t] (avail*cap - p)  <=  limit * sum_g,t w[t] avail*cap + excess
    cost: cost[g] * w p  -  c_curt * w p  +  penalty * excess

The annual curtailment limit is the verdict's utilisation criterion; its slack
`excess` is priced so the LP tries to meet it and the verdict reads it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyomo.environ as pyo

from .core import Context, linear

NAME = "renewables"


def available_mw(ctx: Context) -> np.ndarray:
    """Available power per unit group and step (units x steps)."""
    r = ctx.table(NAME)
    return ctx.hourly(ctx.system.availability, r["profile"]) * r["capacity_mw"].to_numpy()[:, None]


def build(ctx: Context) -> None:
    r = ctx.table(NAME)
    sc = ctx.system.scenario
    avail = available_mw(ctx)
    p = ctx.var("Renewable_Power_MW", len(r), ub=avail)
    curt_cost = ctx.penalties.curtailment_cny_per_mwh
    for i, (zone, cost) in enumerate(zip(r["zone"], r["cost_cny_per_mwh"])):
        ctx.add_cost_series(p, i, cost - curt_cost)
        for t in ctx.T:
            ctx.balance.add((zone, t), p[i, t])
            ctx.reserve.add(t, p[i, t], -sc.reserve.renewable_share)
    available_mwh = float((avail * ctx.w).sum())
    limit = sc.criteria.max_curtailment_share
    m = ctx.m
    m.Excess_Curtailment_MWh = pyo.Var(bounds=(0, None))
    used = linear(np.tile(ctx.w, len(r)), [p[i, t] for i in range(len(r)) for t in ctx.T])
    m.Curtailment_Limit_Constraint = pyo.Constraint(expr=used + m.Excess_Curtailment_MWh >= (1 - limit) * available_mwh)
    ctx.cost.add(None, m.Excess_Curtailment_MWh, ctx.penalties.excess_curtailment_cny_per_mwh)


def extract(ctx: Context, sol) -> dict[str, pd.DataFrame]:
    r = ctx.table(NAME)
    avail = available_mw(ctx)
    p = sol.value(ctx.m.Renewable_Power_MW)
    return {
        NAME: sol.long_table(
            r[["name", "zone", "technology"]].rename(columns={"name": "unit"}),
            available_mw=avail,
            p_mw=p,
            curtailment_mw=np.maximum(avail - p, 0.0),
        )
    }
