"""Pumped hydro and batteries: separate power and energy, cyclic state of charge.

    0 <= ch[s,t], dis[s,t] <= P[s];   0 <= soc[s,t] <= E[s]
    soc[s,t] = (1 - loss[s]) soc[s,prev] + eta_c ch[s,t] - dis[s,t] / eta_d
    r[s,t] <= P[s] - dis[s,t] + ch[s,t]        reserve from spare power ...
    r[s,t] <= eta_d soc[s,t]                   ... that the stored energy can hold for an hour
    cost: vom * w dis

`prev` wraps around the horizon, so the state of charge is cyclic. Over
representative days (horizon.sequence set), each day of the year starts from
its own level, carried across the year (see link_days).

In remedy mode, battery and pumped-hydro candidates are extra stores whose P
and E are investment variables (battery: P and E chosen separately; pumped
hydro: E = duration x P); their limits become rows instead of bounds.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyomo.environ as pyo

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
    n = len(rows)
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
    before = level_before(ctx, soc, e_max)
    ctx.constraints(
        "Storage_SOC_Constraint",
        idx,
        lambda i, t: soc[i, t]
        == (1 - rows[i].self_discharge_pu_per_h) * before(i, t) + rows[i].eta_charge * ch[i, t] - dis[i, t] / rows[i].eta_discharge,
    )
    ctx.constraints("Storage_Reserve_Power_Constraint", idx, lambda i, t: r[i, t] + dis[i, t] - ch[i, t] <= power[i])
    ctx.constraints("Storage_Reserve_Energy_Constraint", idx, lambda i, t: r[i, t] <= rows[i].eta_discharge * soc[i, t])
    new = [(i, t) for i in range(n) if rows[i].candidate for t in ctx.T]
    ctx.constraints("Storage_New_Charge_Constraint", new, lambda i, t: ch[i, t] <= power[i])
    ctx.constraints("Storage_New_Discharge_Constraint", new, lambda i, t: dis[i, t] <= power[i])
    ctx.constraints("Storage_New_Energy_Constraint", new, lambda i, t: soc[i, t] <= energy[i])
    if ctx.horizon.sequence is not None:
        link_days(ctx, rows, soc, energy)


def level_before(ctx: Context, soc: pyo.Var, e_max: np.ndarray):
    """(i, t) -> the energy stored before step t: the previous step's, or at the
    first step of a representative day, that real day's own start level
    Storage_Day_Start_MWh[i, day] (one per store and day of the year)."""
    h = ctx.horizon
    if h.sequence is None:
        return lambda i, t: soc[i, h.prev[t]]
    start = pyo.Var(range(len(e_max)), range(len(h.sequence)), dense=True, bounds=lambda m, i, d: (0.0, float(e_max[i])))
    ctx.m.Storage_Day_Start_MWh = start
    first = np.r_[True, h.period[1:] != h.period[:-1]]
    return lambda i, t: start[i, h.origin[h.period[t]]] if first[t] else soc[i, h.prev[t]]


def link_days(ctx: Context, rows: list, soc: pyo.Var, energy: list) -> None:
    """Storage across representative days (Kotzur et al. 2018, Applied Energy
    219). Day d of the year, represented by period k = sequence[d] whose own day
    is o = origin[k], starts at level x[d]; within the day it follows period k's
    deviation soc[t] - a^(tau+1) x[o] (a = 1 - self-discharge, tau = step in the
    day), which lies in [lo[k], hi[k]]:

        x[d+1] = a^H x[d] + soc[end of k] - a^H x[o]        (cyclic over the year)
        lo[k] <= soc[t] - a^(tau+1) x[o] <= hi[k]            t in period k
        a^H x[d] + lo[k] >= 0;   x[d] + hi[k] <= E          every day d

    The day bounds are conservative with self-discharge; with every day its
    own period this is the chronological model.
    """
    h, m = ctx.horizon, ctx.m
    x, seq, origin, period = m.Storage_Day_Start_MWh, h.sequence, h.origin, h.period
    steps_h = np.bincount(period)
    first = np.searchsorted(period, np.arange(len(origin)))
    tau = np.arange(h.n) - first[period]
    a = [1 - g.self_discharge_pu_per_h for g in rows]
    n, n_days = len(rows), len(seq)
    m.Storage_Deviation_Low_MWh = lo = pyo.Var(range(n), range(len(origin)), dense=True, bounds=(None, 0.0))  # the day's start is in range
    m.Storage_Deviation_High_MWh = hi = pyo.Var(range(n), range(len(origin)), dense=True, bounds=(0.0, None))

    def link(i, d):
        k = seq[d]
        return x[i, (d + 1) % n_days] == a[i] ** steps_h[k] * (x[i, d] - x[i, origin[k]]) + soc[i, first[k] + steps_h[k] - 1]

    def deviation(i, t):
        return soc[i, t] - a[i] ** (tau[t] + 1) * x[i, origin[period[t]]]

    steps = [(i, t) for i in range(n) for t in ctx.T]
    days = [(i, d) for i in range(n) for d in range(n_days)]
    ctx.constraints("Storage_Day_Link_Constraint", days, link)
    ctx.constraints("Storage_Deviation_Low_Constraint", steps, lambda i, t: lo[i, period[t]] <= deviation(i, t))
    ctx.constraints("Storage_Deviation_High_Constraint", steps, lambda i, t: deviation(i, t) <= hi[i, period[t]])
    ctx.constraints("Storage_Day_Min_Constraint", days, lambda i, d: a[i] ** steps_h[seq[d]] * x[i, d] + lo[i, seq[d]] >= 0)
    ctx.constraints("Storage_Day_Max_Constraint", days, lambda i, d: x[i, d] + hi[i, seq[d]] <= energy[i])


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
