"""Pumped hydro and batteries: separate power and energy, cyclic state of charge.

    0 <= ch[s,t], dis[s,t] <= P[s];   0 <= soc[s,t] <= E[s]
    soc[s,t] = (1 - loss[s]) soc[s,prev] + eta_c ch[s,t] - dis[s,t] / eta_d
    r[s,t] <= P[s] - dis[s,t] + ch[s,t]        reserve from spare power ...
    r[s,t] <= eta_d soc[s,t]                   ... that the stored energy can hold for an hour
    cost: vom * w dis

`prev` wraps around the horizon, so the state of charge is cyclic, unless
the horizon is a window carrying a level in and out (core.carried). Over
representative days (horizon.sequence set), a long-duration store starts
each day of the year from its own level, carried across the year (see
link_days); shorter ones are cyclic within the day (linked_across_days).

In remedy mode, battery and pumped-hydro candidates are extra stores whose P
and E are investment variables (battery: P and E chosen separately; pumped
hydro: E = duration x P); their limits become rows instead of bounds. There
every store also shares its power between the two directions,

    ch[s,t] + dis[s,t] <= P[s]

so that charging and discharging at once cannot waste surplus energy in a
loop when the curtailment limit gives it a negative value.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..technologies.storage import NAME, TECHNOLOGY
from .arrays import Lin, stack
from .horizon import carried

if TYPE_CHECKING:
    from .core import Context

PROVIDES = ("storage.units", "storage.linked", "storage.charge_mw", "storage.discharge_mw", "storage.added")
"""The stores (existing, then candidates), which of them carry energy across representative days, and their power variables."""


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


def capacities(ctx: Context, s: pd.DataFrame) -> tuple[Lin, Lin, np.ndarray, np.ndarray]:
    """Power and energy added by investment (stores x 1: a variable for a
    candidate, nothing for an existing store) and the upper bounds of power
    and energy."""
    p_max, e_max = s["power_mw"].to_numpy(copy=True), s["energy_mwh"].to_numpy(copy=True)
    nothing = Lin(np.zeros(1), np.full(1, -1))
    power, energy = [nothing] * len(s), [nothing] * len(s)
    cand = pd.concat([ctx.candidates("battery"), ctx.candidates("pumped_hydro")], ignore_index=True)
    first = len(s) - len(cand)
    for j, row in enumerate(cand.itertuples(index=False)):
        i = first + j
        x = ctx.invest(row, "MW", row.max_mw, row.capex_cny_per_kw * 1e3)
        power[i], p_max[i], e_max[i] = x, row.max_mw, row.max_mw * row.duration_h
        if row.kind == "battery":
            energy[i] = ctx.invest(row, "MWh", e_max[i], row.capex_cny_per_kwh * 1e3)
        else:
            energy[i] = x * row.duration_h
    return stack(power)[:, None], stack(energy)[:, None], p_max, e_max


def build(ctx: Context) -> None:
    s = stores(ctx)
    ctx.provide("storage.units", s)
    ctx.provide("storage.linked", linked_across_days(ctx, s))
    n = len(s)
    added_power, added_energy, p_max, e_max = capacities(ctx, s) if n else (None, None, np.zeros(0), np.zeros(0))
    ch = ctx.var("Storage_Charge_MW", n, ub=p_max)
    dis = ctx.var("Storage_Discharge_MW", n, ub=p_max)
    ctx.provide("storage.charge_mw", ch)
    ctx.provide("storage.added", (added_power, added_energy))
    ctx.provide("storage.discharge_mw", dis)
    soc = ctx.var("Storage_SOC_MWh", n, ub=e_max)
    r = ctx.var("Storage_Reserve_MW", n, ub=p_max)
    if not n:
        return
    item = lambda col: s[col].to_numpy(dtype=float)[:, None]  # noqa: E731  one value per store, as a column
    power, energy, eta_c, eta_d = item("power_mw"), item("energy_mwh"), item("eta_charge"), item("eta_discharge")
    ctx.add_cost_series(dis, s["vom_cny_per_mwh"])
    ctx.balance.add(dis - ch, ctx.zone_rows(s["zone"]))
    ctx.reserve.add(r, ctx.reserve_rows(s["zone"]))
    before = level_before(ctx, soc, e_max)
    ctx.rows("Storage_SOC_Constraint", soc == (1 - item("self_discharge_pu_per_h")) * before + eta_c * ch - dis * (1 / eta_d))
    ctx.rows("Storage_Reserve_Power_Constraint", r + dis - ch - added_power <= power)
    ctx.rows("Storage_Reserve_Energy_Constraint", r <= eta_d * soc)
    new = s["candidate"].to_numpy(dtype=bool)
    if ctx.expanding:  # one way at a time: no loop through the store
        ctx.rows("Storage_One_Way_Constraint", ch + dis - added_power <= power)
    ctx.rows("Storage_New_Energy_Constraint", soc[new] <= added_energy[new])
    linked = ctx.need("storage.linked")
    if linked.any():
        link_days(ctx, s[linked], soc[linked], energy[linked], added_energy[linked])


def linked_across_days(ctx: Context, s: pd.DataFrame) -> np.ndarray:
    """Which stores carry energy from one representative day to the next:
    those with more than `link_storage_min_h` hours of energy (E/P; a
    candidate's at full size, its duration_h), all stores when a horizon of
    periods is given without that setting. The others are cyclic within the
    day: the cross-day rows make HiGHS ~10x slower, and a 6 h pumped-hydro
    store cycles daily anyway (Jilin 2030: curtailment moves by 0.05 points).
    For a remedy's plan the same rule holds: linking Jilin's 6-8 h candidates
    left the 12-typical-day plan's optimum unchanged (-2.333198e9 CNY both
    ways) and took HiGHS 2.6x the CPU time (53 s against 20 s), growing with
    the days (benchmarks/remedy_lp.py --link-candidates). A battery
    candidate's energy is chosen apart from its power, so a daily-cyclic one
    could be built longer than a day but never usefully: its energy beyond a
    day's cycle has no value there."""
    if ctx.horizon.sequence is None:
        return np.zeros(len(s), dtype=bool)
    rp = ctx.system.scenario.representative_periods
    if rp is None:
        return np.ones(len(s), dtype=bool)
    return hours_of_energy(ctx, s) > rp.link_storage_min_h


def hours_of_energy(ctx: Context, s: pd.DataFrame) -> np.ndarray:
    """E/P of each store: existing ones as given, candidates at full size (duration_h)."""
    hours = np.divide(s["energy_mwh"], s["power_mw"], out=np.zeros(len(s)), where=s["power_mw"] > 0)
    new = s["candidate"].to_numpy(dtype=bool)
    duration = pd.concat([ctx.candidates("battery"), ctx.candidates("pumped_hydro")], ignore_index=True)["duration_h"]
    hours[new] = duration.to_numpy(dtype=float)
    return hours


def level_before(ctx: Context, soc: Lin, e_max: np.ndarray) -> Lin:
    """The energy stored before each step: the previous step's, or at the
    first step of a representative day for a store linked across days, that
    real day's own start level Storage_Day_Start_MWh[store, day] (one per
    linked store and day of the year)."""
    h, linked = ctx.horizon, ctx.need("storage.linked")
    before = carried(ctx, soc, "Storage_SOC_MWh", e_max)
    if not linked.any():
        return before
    start = ctx.var("Storage_Day_Start_MWh", int(linked.sum()), ub=e_max[linked], steps=len(h.sequence))
    first = np.flatnonzero(np.r_[True, h.period[1:] != h.period[:-1]])
    col = before.col.copy()
    col[np.flatnonzero(linked)[:, None], first[None, :]] = start.col[:, h.origin[h.period[first]]]
    return Lin(np.ones(col.shape), col)


def link_days(ctx: Context, s: pd.DataFrame, soc: Lin, energy: np.ndarray, added_energy: Lin) -> None:
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
    h = ctx.horizon
    x = ctx.vars["Storage_Day_Start_MWh"]
    seq, origin, period = h.sequence, h.origin, h.period
    steps_h = np.bincount(period)
    first = np.searchsorted(period, np.arange(len(origin)))
    tau = np.arange(h.n) - first[period]
    a = 1 - s["self_discharge_pu_per_h"].to_numpy(dtype=float)[:, None]
    lo = ctx.var("Storage_Deviation_Low_MWh", len(s), lb=None, ub=0.0, steps=len(origin))  # the day's start is in range
    hi = ctx.var("Storage_Deviation_High_MWh", len(s), steps=len(origin))
    a_day = a ** steps_h[seq]  # (stores x days)
    following = np.roll(np.arange(len(seq)), -1)
    ctx.rows("Storage_Day_Link_Constraint", x[:, following] == a_day * (x - x[:, origin[seq]]) + soc[:, first[seq] + steps_h[seq] - 1])
    deviation = soc - a ** (tau + 1) * x[:, origin[period]]
    ctx.rows("Storage_Deviation_Low_Constraint", deviation >= lo[:, period])
    ctx.rows("Storage_Deviation_High_Constraint", deviation <= hi[:, period])
    ctx.rows("Storage_Day_Min_Constraint", a_day * x + lo[:, seq] >= 0.0)
    ctx.rows("Storage_Day_Max_Constraint", x + hi[:, seq] - added_energy <= energy)


def extract(ctx: Context, sol) -> dict[str, pd.DataFrame]:
    s = stores(ctx)  # as the tables are now: a re-solve may have changed a capacity (resize)
    power, energy = s["power_mw"].to_numpy(dtype=float), s["energy_mwh"].to_numpy(dtype=float)
    if len(s):  # candidates: what the remedy adds
        added_power, added_energy = ctx.need("storage.added")
        power, energy = power + sol.evaluate(added_power)[:, 0], energy + sol.evaluate(added_energy)[:, 0]
    steps = (len(s), ctx.horizon.n)
    ch, dis = sol.value("Storage_Charge_MW"), sol.value("Storage_Discharge_MW")
    existing = ~s["candidate"].to_numpy(dtype=bool)[:, None]  # candidates hold no downward reserve (model/security.py)
    return {
        NAME: sol.long_table(
            s[["name", "zone", "technology"]].rename(columns={"name": "unit"}),
            charge_mw=ch,
            discharge_mw=dis,
            soc_mwh=sol.value("Storage_SOC_MWh"),
            reserve_mw=sol.value("Storage_Reserve_MW"),
            power_mw=np.broadcast_to(power[:, None], steps),
            energy_mwh=np.broadcast_to(energy[:, None], steps),
            down_room_mw=np.where(existing, np.minimum(power[:, None], power[:, None] - ch + dis), 0.0),
        )
    }


def resize(resolver, i: int, column: str, value: float) -> None:
    """A re-solve with a new power (charge, discharge and reserve bounds, the
    reserve's power row) or energy (the state of charge and, over linked
    representative days, the day levels and their limit row)."""
    if column == "power_mw":
        for var in ("Storage_Charge_MW", "Storage_Discharge_MW", "Storage_Reserve_MW"):
            resolver.set_upper(var, i, value)
        resolver.set_row_upper("Storage_Reserve_Power_Constraint", i, value)
    elif column == "energy_mwh":
        resolver.set_upper("Storage_SOC_MWh", i, value)
        linked = resolver.ctx.need("storage.linked")
        if linked[i]:  # its day levels, numbered among the linked stores
            resolver.set_upper("Storage_Day_Start_MWh", int(linked[:i].sum()), value)
            resolver.set_row_upper("Storage_Day_Max_Constraint", int(linked[:i].sum()), value)
    else:
        raise ValueError(f"re-solve cannot change {NAME}.{column}")
