"""Pumped hydro and batteries: separate power and energy, cyclic state of charge.

    0 <= ch[s,t], dis[s,t] <= P[s];   0 <= soc[s,t] <= E[s]
    soc[s,t] = (1 - loss[s]) soc[s,prev] + eta_c ch[s,t] - dis[s,t] / eta_d
    r[s,t] <= P[s] - dis[s,t] + ch[s,t]        reserve from spare power ...
    r[s,t] <= eta_d soc[s,t]                   ... that the stored energy can hold for an hour
    cost: vom * w dis

`prev` wraps around the horizon, so the state of charge is cyclic.
"""

from __future__ import annotations

import pandas as pd

from .core import Context

NAME = "storage"


def build(ctx: Context) -> None:
    s = ctx.table(NAME)
    rows = list(s.itertuples(index=False))
    n, prev = len(rows), ctx.horizon.prev
    power, energy = s["power_mw"].to_numpy(), s["energy_mwh"].to_numpy()
    ch = ctx.var("Storage_Charge_MW", n, ub=power)
    dis = ctx.var("Storage_Discharge_MW", n, ub=power)
    soc = ctx.var("Storage_SOC_MWh", n, ub=energy)
    r = ctx.var("Storage_Reserve_MW", n, ub=power)
    for i, g in enumerate(rows):
        ctx.add_cost_series(dis, i, g.vom_cny_per_mwh)
        for t in ctx.T:
            ctx.balance.add((g.zone, t), dis[i, t])
            ctx.balance.add((g.zone, t), ch[i, t], -1.0)
            ctx.reserve.add(t, r[i, t])
    idx = [(i, t) for i in range(n) for t in ctx.T]
    ctx.constraints(
        "Storage_SOC_Constraint",
        idx,
        lambda i, t: soc[i, t]
        == (1 - rows[i].self_discharge_pu_per_h) * soc[i, prev[t]] + rows[i].eta_charge * ch[i, t] - dis[i, t] / rows[i].eta_discharge,
    )
    ctx.constraints("Storage_Reserve_Power_Constraint", idx, lambda i, t: r[i, t] + dis[i, t] - ch[i, t] <= float(power[i]))
    ctx.constraints("Storage_Reserve_Energy_Constraint", idx, lambda i, t: r[i, t] <= rows[i].eta_discharge * soc[i, t])


def extract(ctx: Context, sol) -> dict[str, pd.DataFrame]:
    s, m = ctx.table(NAME), ctx.m
    return {
        NAME: sol.long_table(
            s[["name", "zone", "technology"]].rename(columns={"name": "unit"}),
            charge_mw=sol.value(m.Storage_Charge_MW),
            discharge_mw=sol.value(m.Storage_Discharge_MW),
            soc_mwh=sol.value(m.Storage_SOC_MWh),
            reserve_mw=sol.value(m.Storage_Reserve_MW),
        )
    }
