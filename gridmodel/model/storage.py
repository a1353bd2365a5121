"""Pumped hydro and batteries: separate power and energy, cyclic state of charge.

    0 <= ch[s,t], dis[s,t] <= P[s];   0 <= soc[s,t] <= E[s]
    soc[s,t] = (1 - loss[s]) soc[s,prev] + eta_c ch[s,t] - dis[s,t] / eta_d
    r[s,t] <= P[s] - dis[s,t] + ch[s,t]        reserve from spare power ...
    r[s,t] <= eta_d soc[s,t]                   ... that the stored energy can hold for an hour
    cost: vom * w dis

`prev` wraps around the horizon, so the state of charge is cyclic, unless
the horizon is a window carrying a level in and out (core.carried). Over
representative days (horizon.sequence set), a long-duration store starts
each day of the year from its own level, carried across the year
(model/levels.py); shorter ones are cyclic within the day
(linked_across_days). The state of charge is declared as the
technology's level (LEVEL), which windows, typical days and the checks read.

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
from . import levels
from .arrays import Lin, stack

if TYPE_CHECKING:
    from .core import Context

PROVIDES = ("storage.units", "storage.linked", "storage.charge_mw", "storage.discharge_mw", "storage.added")
"""The stores (existing, then candidates), which of them carry energy across representative days, and their power variables."""


LEVEL = TECHNOLOGY.levels[0]
"""The state of charge, carried across windows and linked typical days."""


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
    linked = ctx.need("storage.linked")
    before = levels.before(ctx, LEVEL, soc, e_max, linked)
    ctx.rows("Storage_SOC_Constraint", soc == (1 - item("self_discharge_pu_per_h")) * before + eta_c * ch - dis * (1 / eta_d))
    ctx.rows("Storage_Reserve_Power_Constraint", r + dis - ch - added_power <= power)
    ctx.rows("Storage_Reserve_Energy_Constraint", r <= eta_d * soc)
    new = s["candidate"].to_numpy(dtype=bool)
    if ctx.expanding:  # one way at a time: no loop through the store
        ctx.rows("Storage_One_Way_Constraint", ch + dis - added_power <= power)
    ctx.rows("Storage_New_Energy_Constraint", soc[new] <= added_energy[new])
    if linked.any():
        levels.link_days(ctx, LEVEL, soc[linked], s["self_discharge_pu_per_h"].to_numpy(dtype=float)[linked], energy[linked], added_energy[linked])


def linked_across_days(ctx: Context, s: pd.DataFrame) -> np.ndarray:
    """Which stores carry energy across representative days: levels.linked_across_days
    on their hours of energy, a candidate's at full size (its duration_h).
    For a remedy's plan the same rule holds: linking Jilin's 6-8 h candidates
    left the 12-typical-day plan's optimum unchanged (-2.333198e9 CNY both
    ways) and took HiGHS 2.6x the CPU time (53 s against 20 s), growing with
    the days (benchmarks/remedy_lp.py --link-candidates). A battery
    candidate's energy is chosen apart from its power, so a daily-cyclic one
    could be built longer than a day but never usefully: its energy beyond a
    day's cycle has no value there."""
    return levels.linked_across_days(ctx, hours_of_energy(ctx, s))


def hours_of_energy(ctx: Context, s: pd.DataFrame) -> np.ndarray:
    """E/P of each store: existing ones as given, candidates at full size (duration_h)."""
    hours = np.divide(s["energy_mwh"], s["power_mw"], out=np.zeros(len(s)), where=s["power_mw"] > 0)
    new = s["candidate"].to_numpy(dtype=bool)
    duration = pd.concat([ctx.candidates("battery"), ctx.candidates("pumped_hydro")], ignore_index=True)["duration_h"]
    hours[new] = duration.to_numpy(dtype=float)
    return hours


def parameters(ctx: Context) -> pd.DataFrame:
    """The stores with their efficiencies, losses and hours of energy (technology.Level: for the checks)."""
    s = stores(ctx)
    return s.assign(hours=hours_of_energy(ctx, s))


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
            resolver.set_upper(LEVEL.day_start, int(linked[:i].sum()), value)
            resolver.set_row_upper(f"{LEVEL.prefix}_Day_Max_Constraint", int(linked[:i].sum()), value)
    else:
        raise ValueError(f"re-solve cannot change {NAME}.{column}")
