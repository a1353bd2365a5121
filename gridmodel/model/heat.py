"""Heat balance per CHP heat area (heat-led operation in the heating season).

    sum_c h[c,t] + boiler[a,t] + short[a,t]
        + eta_b eb[a,t] + hs_out[a,t] - hs_in[a,t] = heat_demand[a,t]
    0 <= boiler[a,t] <= boiler_cap[a];   0 <= short[a,t] <= heat_demand[a,t]
    cost: (boiler_cost * boiler + penalty * short) * w

CHP clusters register h[c,t] (see thermal.py). Remedy mode may add, per heat
area, electric boilers eb <= x (drawing power in the area's zone) and heat
storage (hs_in + hs_out <= x, level <= duration x, level[t] = level[prev] +
eta hs_in - hs_out): both decouple heat from CHP power output.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..technologies.heat import NAME, TECHNOLOGY
from . import levels

if TYPE_CHECKING:
    from .core import Context

PROVIDES = ("heat.storage_charge_mw_th", "heat.storage_discharge_mw_th")
LEVEL = TECHNOLOGY.levels[0]  # a heat store's level


def build(ctx: Context) -> None:
    areas = ctx.table("heat_areas")
    demand = ctx.hourly(ctx.system.heat_demand_mw_th, areas["heat_area"])
    boiler = ctx.var("Heat_Boiler_MWth", len(areas), ub=areas["boiler_mw_th"].to_numpy())
    short = ctx.var("Heat_Shortfall_MWth", len(areas), ub=demand)
    ctx.add_cost_series(boiler, areas["boiler_cost_cny_per_mwh_th"])
    ctx.add_cost_series(short, np.full(len(areas), ctx.penalties.heat_shortfall_cny_per_mwh_th))
    ctx.heat.add(boiler + short, ctx.area_rows(areas["heat_area"]))
    zone_of = dict(zip(areas["heat_area"], areas["zone"]))
    electric_boilers(ctx, zone_of)
    heat_storage(ctx)


def electric_boilers(ctx: Context, zone_of: dict[str, str]) -> None:
    cand = ctx.candidates("electric_boiler")
    eb = ctx.var("Electric_Boiler_MW", len(cand), ub=cand["max_mw"].to_numpy())
    if cand.empty:
        return
    size = ctx.invest_mw(cand)[:, None]
    ctx.heat.add(cand["efficiency"].to_numpy()[:, None] * eb, ctx.area_rows(cand["target"]))
    ctx.balance.add(-eb, ctx.zone_rows(cand["target"].map(zone_of)))
    ctx.rows("Electric_Boiler_Size_Constraint", eb <= size)


def heat_storage(ctx: Context) -> None:
    cand = ctx.candidates("heat_storage")
    p_max, duration = cand["max_mw"].to_numpy(), cand["duration_h"].to_numpy()[:, None]
    charge = ctx.var("Heat_Storage_Charge_MWth", len(cand), ub=p_max)
    discharge = ctx.var("Heat_Storage_Discharge_MWth", len(cand), ub=p_max)
    ctx.provide("heat.storage_charge_mw_th", charge)
    ctx.provide("heat.storage_discharge_mw_th", discharge)
    level = ctx.var(LEVEL.var, len(cand), ub=p_max * duration[:, 0])
    if cand.empty:
        return
    size = ctx.invest_mw(cand, (cand["capex_cny_per_kw"] + cand["capex_cny_per_kwh"] * cand["duration_h"]).to_numpy() * 1e3)[:, None]
    ctx.heat.add(discharge - charge, ctx.area_rows(cand["target"]))
    eta = cand["efficiency"].to_numpy()[:, None]
    before = levels.before(ctx, LEVEL, level, p_max * duration[:, 0], np.zeros(len(cand), dtype=bool))  # cyclic within each typical day
    ctx.rows("Heat_Storage_Level_Constraint", level == before + eta * charge - discharge)
    ctx.rows("Heat_Storage_One_Way_Constraint", charge + discharge <= size)  # no loop wasting heat from electric boilers
    ctx.rows("Heat_Storage_Size_Constraint", level <= duration * size)


def extract(ctx: Context, sol) -> dict[str, pd.DataFrame]:
    areas = ctx.table("heat_areas")
    demand = ctx.hourly(ctx.system.heat_demand_mw_th, areas["heat_area"])
    boiler, short = sol.value("Heat_Boiler_MWth"), sol.value("Heat_Shortfall_MWth")
    electric = per_area(ctx, "electric_boiler", sol.value("Electric_Boiler_MW") * ctx.candidates("electric_boiler")["efficiency"].to_numpy()[:, None])
    stored = per_area(ctx, "heat_storage", sol.value("Heat_Storage_Discharge_MWth") - sol.value("Heat_Storage_Charge_MWth"))
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
