"""Heat balance per CHP heat area (heat-led operation in the heating season).

    sum_c h[c,t] + boiler[a,t] + short[a,t] = heat_demand[a,t]
    0 <= boiler[a,t] <= boiler_cap[a];   0 <= short[a,t] <= heat_demand[a,t]
    cost: (boiler_cost * boiler + penalty * short) * w

CHP clusters register h[c,t] (see thermal.py).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .core import Context

NAME = "heat"


def build(ctx: Context) -> None:
    areas = ctx.table("heat_areas")
    demand = ctx.hourly(ctx.system.heat_demand_mw_th, areas["heat_area"])
    boiler = ctx.var("Heat_Boiler_MWth", len(areas), ub=areas["boiler_mw_th"].to_numpy())
    short = ctx.var("Heat_Shortfall_MWth", len(areas), ub=demand)
    penalty = ctx.system.scenario.penalties.heat_shortfall_cny_per_mwh_th
    for i, (a, cost) in enumerate(zip(areas["heat_area"], areas["boiler_cost_cny_per_mwh_th"])):
        ctx.add_cost_series(boiler, i, cost)
        ctx.add_cost_series(short, i, penalty)
        for t in ctx.T:
            ctx.heat.add((a, t), boiler[i, t])
            ctx.heat.add((a, t), short[i, t])


def extract(ctx: Context, sol) -> dict[str, pd.DataFrame]:
    areas, m = ctx.table("heat_areas"), ctx.m
    demand = ctx.hourly(ctx.system.heat_demand_mw_th, areas["heat_area"])
    boiler, short = sol.value(m.Heat_Boiler_MWth), sol.value(m.Heat_Shortfall_MWth)
    return {
        NAME: sol.long_table(
            areas[["heat_area", "zone"]],
            demand_mw_th=demand,
            chp_mw_th=np.maximum(demand - boiler - short, 0.0),
            boiler_mw_th=boiler,
            shortfall_mw_th=short,
        )
    }
