"""Heat balance per CHP heat area (heat-led operation in the heating season).

    sum_c h[c,t] + boiler[a,t] + short[a,t]
        + eta_b eb[a,t] + hs_out[a,t] - hs_in[a,t] = heat_demand[a,t]
    0 <= boiler[a,t] <= boiler_cap[a];   0 <= short[a,t] <= heat_demand[a,t]
    cost: (boiler_cost * boiler + penalty * short) * w

CHP clusters register h[c,t] (see thermal.py). Remedy mode may add, per heat
area, electric boilers eb <= x (drawing power in the area's zone) and heat
storage (hs_in, hs_out <= x, level <= duration x, level[t] = level[prev] +
eta hs_in - hs_out): both decouple heat from CHP power output.
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
    penalty = ctx.penalties.heat_shortfall_cny_per_mwh_th
    for i, (a, cost) in enumerate(zip(areas["heat_area"], areas["boiler_cost_cny_per_mwh_th"])):
        ctx.add_cost_series(boiler, i, cost)
        ctx.add_cost_series(short, i, penalty)
        for t in ctx.T:
            ctx.heat.add((a, t), boiler[i, t])
            ctx.heat.add((a, t), short[i, t])
    zone_of = dict(zip(areas["heat_area"], areas["zone"]))
    electric_boilers(ctx, zone_of)
    heat_storage(ctx)


def electric_boilers(ctx: Context, zone_of: dict[str, str]) -> None:
    cand = ctx.candidates("electric_boiler")
    eb = ctx.var("Electric_Boiler_MW", len(cand), ub=cand["max_mw"].to_numpy())
    size = [ctx.invest(row, "MW", row.max_mw, row.capex_cny_per_kw * 1e3) for row in cand.itertuples(index=False)]
    for j, row in enumerate(cand.itertuples(index=False)):
        for t in ctx.T:
            ctx.heat.add((row.target, t), eb[j, t], row.efficiency)
            ctx.balance.add((zone_of[row.target], t), eb[j, t], -1.0)
    ctx.constraints("Electric_Boiler_Size_Constraint", [(j, t) for j in range(len(cand)) for t in ctx.T], lambda j, t: eb[j, t] <= size[j])


def heat_storage(ctx: Context) -> None:
    cand = ctx.candidates("heat_storage")
    rows = list(cand.itertuples(index=False))
    n, prev = len(rows), ctx.horizon.prev
    p_max = cand["max_mw"].to_numpy()
    charge = ctx.var("Heat_Storage_Charge_MWth", n, ub=p_max)
    discharge = ctx.var("Heat_Storage_Discharge_MWth", n, ub=p_max)
    level = ctx.var("Heat_Storage_Level_MWh_th", n, ub=p_max * cand["duration_h"].to_numpy())
    size = [ctx.invest(r, "MW", r.max_mw, (r.capex_cny_per_kw + r.capex_cny_per_kwh * r.duration_h) * 1e3) for r in rows]
    for j, row in enumerate(rows):
        for t in ctx.T:
            ctx.heat.add((row.target, t), discharge[j, t])
            ctx.heat.add((row.target, t), charge[j, t], -1.0)
            ctx.waste.add(None, charge[j, t], ctx.w[t])  # heat lost in the store, as power
            ctx.waste.add(None, discharge[j, t], -ctx.w[t])
    idx = [(j, t) for j in range(n) for t in ctx.T]
    ctx.constraints("Heat_Storage_Level_Constraint", idx, lambda j, t: level[j, t] == level[j, prev[t]] + rows[j].efficiency * charge[j, t] - discharge[j, t])
    ctx.constraints("Heat_Storage_Charge_Constraint", idx, lambda j, t: charge[j, t] <= size[j])
    ctx.constraints("Heat_Storage_Discharge_Constraint", idx, lambda j, t: discharge[j, t] <= size[j])
    ctx.constraints("Heat_Storage_Size_Constraint", idx, lambda j, t: level[j, t] <= rows[j].duration_h * size[j])


def extract(ctx: Context, sol) -> dict[str, pd.DataFrame]:
    areas, m = ctx.table("heat_areas"), ctx.m
    demand = ctx.hourly(ctx.system.heat_demand_mw_th, areas["heat_area"])
    boiler, short = sol.value(m.Heat_Boiler_MWth), sol.value(m.Heat_Shortfall_MWth)
    electric = per_area(ctx, "electric_boiler", sol.value(m.Electric_Boiler_MW) * ctx.candidates("electric_boiler")["efficiency"].to_numpy()[:, None])
    stored = per_area(ctx, "heat_storage", sol.value(m.Heat_Storage_Discharge_MWth) - sol.value(m.Heat_Storage_Charge_MWth))
    return {
        NAME: sol.long_table(
            areas[["heat_area", "zone"]],
            demand_mw_th=demand,
            chp_mw_th=np.maximum(demand - boiler - short - electric - stored, 0.0),
            boiler_mw_th=boiler,
            electric_boiler_mw_th=electric,
            storage_net_mw_th=stored,
            shortfall_mw_th=short,
        )
    }


def per_area(ctx: Context, kind: str, values: np.ndarray) -> np.ndarray:
    """Sum candidate rows (items x steps) onto the heat areas they serve."""
    areas = ctx.table("heat_areas")["heat_area"].tolist()
    out = np.zeros((len(areas), ctx.horizon.n))
    for target, v in zip(ctx.candidates(kind)["target"], values):
        out[areas.index(target)] += v
    return out
