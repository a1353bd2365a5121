"""Pumped hydro and batteries: separate power and energy, cyclic state of charge.

    0 <= ch[s,t], dis[s,t] <= P[s];   0 <= soc[s,t] <= E[s]
    soc[s,t] = (1 - loss[s]) soc[s,prev] + eta_c ch[s,t] - dis[s,t] / eta_d
    r[s,t] <= P[s] - dis[s,t] + ch[s,t]        reserve from spare power ...
    r[s,t] <= eta_d soc[s,t]                   ... that the stored energy can hold for an hour
    cost: vom * w dis

`prev` wraps around the horizon, so the state of charge is cyclic.

In remedy mode, battery and pumped-hydro candidates are extra stores whose P
and E are investment variables (battery: P and E chosen separately; pumped
hydro: E = duration x P); their limits become rows instead of bounds.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .core import Context

NAME = "storage"


def stores(ctx: Context) -> pd.DataFrame:
    """Existing stores, then candidate stores (zero base capacity)."""
    cand = pd.concat([ctx.candidates("battery"), ctx.candidates("pumped_hydro")], ignore_index=True)
    new = pd.DataFrame(
        {
            "name": cand["name"],
            "zone": cand["zone"],
            "technology": cand["kind"],
            "power_mw": 0.0,
            "energy_mwh": 0.0,
            "eta_charge": cand["efficiency"],
            "eta_discharge": cand["efficiency"],
            "self_discharge_pu_per_h": 0.0,
            "vom_cny_per_mwh": 0.0,
        }
    )
    existing = ctx.table(NAME).assign(candidate=False)
    return pd.concat([existing, new.assign(candidate=True)], ignore_index=True) if len(new) else existing


def capacities(ctx: Context, s: pd.DataFrame) -> tuple[list, list, np.ndarray, np.ndarray]:
    """Power and energy of each store (a number, or an expression of investment
    variables for candidates) and their upper bounds."""
    power, energy = s["power_mw"].tolist(), s["energy_mwh"].tolist()
    p_max, e_max = s["power_mw"].to_numpy(copy=True), s["energy_mwh"].to_numpy(copy=True)
    cand = pd.concat([ctx.candidates("battery"), ctx.candidates("pumped_hydro")], ignore_index=True)
    first = len(s) - len(cand)
    for j, row in enumerate(cand.itertuples(index=False)):
        i = first + j
        x = ctx.invest(row, "MW", row.max_mw, row.capex_cny_per_kw * 1e3)
        power[i], p_max[i], e_max[i] = x, row.max_mw, row.max_mw * row.duration_h
        if row.kind == "battery":
            energy[i] = ctx.invest(row, "MWh", e_max[i], row.capex_cny_per_kwh * 1e3)
        else:
            energy[i] = row.duration_h * x
    return power, energy, p_max, e_max


def build(ctx: Context) -> None:
    s = stores(ctx)
    ctx.storage_units = s
    rows = list(s.itertuples(index=False))
    n, prev = len(rows), ctx.horizon.prev
    power, energy, p_max, e_max = capacities(ctx, s)
    ch = ctx.var("Storage_Charge_MW", n, ub=p_max)
    dis = ctx.var("Storage_Discharge_MW", n, ub=p_max)
    soc = ctx.var("Storage_SOC_MWh", n, ub=e_max)
    r = ctx.var("Storage_Reserve_MW", n, ub=p_max)
    for i, g in enumerate(rows):
        ctx.add_cost_series(dis, i, g.vom_cny_per_mwh)
        for t in ctx.T:
            ctx.balance.add((g.zone, t), dis[i, t])
            ctx.balance.add((g.zone, t), ch[i, t], -1.0)
            ctx.waste.add(None, ch[i, t], ctx.w[t])  # cyclic: energy in - energy out = losses
            ctx.waste.add(None, dis[i, t], -ctx.w[t])
            ctx.reserve.add(t, r[i, t])
    idx = [(i, t) for i in range(n) for t in ctx.T]
    ctx.constraints(
        "Storage_SOC_Constraint",
        idx,
        lambda i, t: soc[i, t]
        == (1 - rows[i].self_discharge_pu_per_h) * soc[i, prev[t]] + rows[i].eta_charge * ch[i, t] - dis[i, t] / rows[i].eta_discharge,
    )
    ctx.constraints("Storage_Reserve_Power_Constraint", idx, lambda i, t: r[i, t] + dis[i, t] - ch[i, t] <= power[i])
    ctx.constraints("Storage_Reserve_Energy_Constraint", idx, lambda i, t: r[i, t] <= rows[i].eta_discharge * soc[i, t])
    new = [(i, t) for i in range(n) if rows[i].candidate for t in ctx.T]
    ctx.constraints("Storage_New_Charge_Constraint", new, lambda i, t: ch[i, t] <= power[i])
    ctx.constraints("Storage_New_Discharge_Constraint", new, lambda i, t: dis[i, t] <= power[i])
    ctx.constraints("Storage_New_Energy_Constraint", new, lambda i, t: soc[i, t] <= energy[i])


def extract(ctx: Context, sol) -> dict[str, pd.DataFrame]:
    s, m = ctx.storage_units, ctx.m
    return {
        NAME: sol.long_table(
            s[["name", "zone", "technology"]].rename(columns={"name": "unit"}),
            charge_mw=sol.value(m.Storage_Charge_MW),
            discharge_mw=sol.value(m.Storage_Discharge_MW),
            soc_mwh=sol.value(m.Storage_SOC_MWh),
            reserve_mw=sol.value(m.Storage_Reserve_MW),
        )
    }
