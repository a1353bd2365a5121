"""Coal, CHP and biomass unit groups as clustered linear commitment.

For each cluster c (a unit group, or its retrofitted part) and step t:

    0 <= u[c,t] <= cap[c]                              online capacity, MW
    p[c,t] + cv[c] h[c,t] <= u[c,t]                    rating (cv = 0 unless CHP)
    p[c,t] >= pmin[c] u[c,t]                           minimum stable load
    p[c,t] >= cm[c] h[c,t]                             CHP back-pressure line
    h[c,t] <= hmax[c] u[c,t]                           CHP heat capacity
    p[c,t] - p[c,prev] <= ramp[c] u[c,t]               ramp up   (only if ramp < 1)
    p[c,prev] - p[c,t] <= ramp[c] u[c,prev]            ramp down (only if ramp < 1)
    su[c,t] >= u[c,t] - u[c,prev]                      start-up  (only if it costs)
    fuel[c,t] = heat_rate[c] (p + cv h)                tce/h
    cost: price * fuel + vom * p  (x w)  +  startup * su

A flexibility retrofit is modelled by splitting a unit group into two
clusters: the retrofitted share with its lower minimum load and faster ramp,
and the rest. Online headroom u - p - cv h counts as upward reserve. In remedy
mode a retrofit candidate moves x[g] MW of a group from its base cluster to its
retrofitted cluster: u[base] <= cap[base] - x,  u[retro] <= cap[retro] + x.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .core import Context

NAME = "thermal"
FOSSIL = ("coal", "chp")


def clusters(table: pd.DataFrame, retrofit_candidates: set[str] = frozenset()) -> pd.DataFrame:
    """One row per commitment cluster: retrofitted shares split off (also,
    with zero capacity, where a retrofit candidate may add to them)."""
    base = table.assign(
        unit=table["name"], group=table["name"], capacity_mw=table["capacity_mw"] * (1 - table["retrofit_share"]), retrofitted=False
    )
    retro = table[(table["retrofit_share"] > 0) | table["name"].isin(retrofit_candidates)]
    retro = retro.assign(
        unit=retro["name"] + "/retrofit",
        group=retro["name"],
        capacity_mw=retro["capacity_mw"] * retro["retrofit_share"],
        min_load_pu=retro["retrofit_min_load_pu"],
        ramp_pu_per_h=retro["retrofit_ramp_pu_per_h"],
        retrofitted=True,
    )
    out = pd.concat([base[(base["capacity_mw"] > 0) | base["name"].isin(retrofit_candidates)], retro], ignore_index=True)
    return out.sort_values(["group", "retrofitted"], kind="stable").reset_index(drop=True)


def retrofits(ctx: Context, c: pd.DataFrame, u) -> None:
    """Retrofit candidates: capacity moved from a base to a retrofitted cluster."""
    cap = c["capacity_mw"].to_numpy()
    moved = {}
    for row in ctx.candidates("retrofit").itertuples(index=False):
        base = int(np.flatnonzero((c["group"] == row.target) & ~c["retrofitted"])[0])
        retro = int(np.flatnonzero((c["group"] == row.target) & c["retrofitted"])[0])
        x = ctx.invest(row, "MW", min(row.max_mw, cap[base]), row.capex_cny_per_kw * 1e3)
        moved[base], moved[retro] = -x, x
        for t in ctx.T:
            u[retro, t].setub(cap[retro] + min(row.max_mw, cap[base]))
    idx = [(i, t) for i in sorted(moved) for t in ctx.T]
    ctx.constraints("Thermal_Retrofit_Constraint", idx, lambda i, t: u[i, t] <= float(cap[i]) + moved[i])


def build(ctx: Context) -> None:
    c = clusters(ctx.table(NAME), set(ctx.candidates("retrofit")["target"]))
    ctx.thermal_clusters = c
    n, T, prev, w = len(c), ctx.T, ctx.horizon.prev, ctx.w
    u = ctx.var("Thermal_Online_MW", n, ub=c["capacity_mw"].to_numpy())
    retrofits(ctx, c, u)
    p = ctx.var("Thermal_Power_MW", n)
    h = ctx.var("CHP_Heat_MWth", n)  # used by CHP clusters only
    su = ctx.var("Thermal_Startup_MW", n)  # used where start-ups cost
    rows = list(c.itertuples(index=False))
    for i, g in enumerate(rows):
        cv = g.cv if g.technology == "chp" else 0.0
        fossil = g.technology in FOSSIL
        for t in T:
            ctx.balance.add((g.zone, t), p[i, t])
            ctx.reserve.add(t, u[i, t], 1.0)
            ctx.reserve.add(t, p[i, t], -1.0)
            fuel_pu = g.heat_rate_tce_per_mwh * w[t]
            ctx.cost.add(None, p[i, t], g.fuel_price_cny_per_tce * fuel_pu + g.vom_cny_per_mwh * w[t])
            if fossil:
                ctx.emissions.add("coal_tce", p[i, t], fuel_pu)
            ctx.emissions.add("co2_t", p[i, t], fuel_pu * g.co2_t_per_tce)
            if g.startup_cost_cny_per_mw > 0:
                ctx.cost.add(None, su[i, t], g.startup_cost_cny_per_mw)
            if g.technology == "chp":
                ctx.heat.add((g.heat_area, t), h[i, t])
                ctx.reserve.add(t, h[i, t], -cv)
                ctx.cost.add(None, h[i, t], g.fuel_price_cny_per_tce * fuel_pu * cv)
                ctx.emissions.add("coal_tce", h[i, t], fuel_pu * cv)
                ctx.emissions.add("co2_t", h[i, t], fuel_pu * cv * g.co2_t_per_tce)
    chp = {i for i, g in enumerate(rows) if g.technology == "chp"}
    ramping = [i for i, g in enumerate(rows) if g.ramp_pu_per_h < 1]
    starting = [i for i, g in enumerate(rows) if g.startup_cost_cny_per_mw > 0]
    cv = [g.cv if g.technology == "chp" else 0.0 for g in rows]
    pmin = [g.min_load_pu for g in rows]
    ramp = [g.ramp_pu_per_h for g in rows]
    idx = [(i, t) for i in range(n) for t in T]
    ctx.constraints("Thermal_Rating_Constraint", idx, lambda i, t: (p[i, t] + cv[i] * h[i, t] if i in chp else p[i, t]) <= u[i, t])
    ctx.constraints("Thermal_Min_Load_Constraint", [(i, t) for i in range(n) if pmin[i] > 0 for t in T], lambda i, t: p[i, t] >= pmin[i] * u[i, t])
    chp_idx = [(i, t) for i in sorted(chp) for t in T]
    ctx.constraints("CHP_Back_Pressure_Constraint", chp_idx, lambda i, t: p[i, t] >= rows[i].cm * h[i, t])
    ctx.constraints("CHP_Heat_Capacity_Constraint", chp_idx, lambda i, t: h[i, t] <= rows[i].heat_max_pu * u[i, t])
    ramp_idx = [(i, t) for i in ramping for t in T]
    ctx.constraints("Thermal_Ramp_Up_Constraint", ramp_idx, lambda i, t: p[i, t] - p[i, prev[t]] <= ramp[i] * u[i, t])
    ctx.constraints("Thermal_Ramp_Down_Constraint", ramp_idx, lambda i, t: p[i, prev[t]] - p[i, t] <= ramp[i] * u[i, prev[t]])
    ctx.constraints("Thermal_Startup_Constraint", [(i, t) for i in starting for t in T], lambda i, t: su[i, t] >= u[i, t] - u[i, prev[t]])


def extract(ctx: Context, sol) -> dict[str, pd.DataFrame]:
    c = ctx.thermal_clusters
    m = ctx.m
    p, h = sol.value(m.Thermal_Power_MW), sol.value(m.CHP_Heat_MWth)
    cv = np.where(c["technology"] == "chp", c["cv"], 0.0)[:, None]
    fuel = c["heat_rate_tce_per_mwh"].to_numpy()[:, None] * (p + cv * h)
    coal = np.where(c["technology"].isin(FOSSIL).to_numpy()[:, None], fuel, 0.0)
    return {
        NAME: sol.long_table(
            c[["unit", "group", "zone", "technology"]],
            online_mw=sol.value(m.Thermal_Online_MW),
            p_mw=p,
            heat_mw_th=h,
            startup_mw=sol.value(m.Thermal_Startup_MW),
            fuel_tce=fuel,
            coal_tce=coal,
            co2_t=fuel * c["co2_t_per_tce"].to_numpy()[:, None],
        )
    }
