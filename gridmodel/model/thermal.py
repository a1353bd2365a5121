"""Coal, CHP and biomass unit groups as clustered linear commitment.

For each cluster c (a unit group, or its retrofitted part) and step t:

    0 <= u[c,t] <= cap[c]                              online capacity, MW
    p[c,t] + cv[c] h[c,t] <= u[c,t]                    rating (cv = 0 unless CHP)
    p[c,t] >= pmin[c] u[c,t]                           minimum stable load
    p[c,t] >= cm[c] h[c,t]                             CHP back-pressure line
    h[c,t] <= hmax[c] u[c,t]                           CHP heat capacity
    p[c,t] - p[c,prev] <= ramp[c] u[c,t] + k[c] (u[c,t] - u[c,prev])        ramp up   (only if ramp < 1)
    p[c,prev] - p[c,t] <= ramp[c] u[c,prev] + k[c] (u[c,prev] - u[c,t])     ramp down (only if ramp < 1)
    k[c] = max(pmin[c], ramp[c]) - ramp[c]             start-up and shut-down allowance
    su[c,t] >= u[c,t] - u[c,prev]                      start-up  (only if it costs)
    sd[c,d] >= u[c,first(d)] - u[c,last(d-1)]          start-up between days d-1 and d of the year
    fuel[c,t] = heat_rate[c] (p + cv h)                tce/h
    cost: (price * fuel + vom * p + startup * su) x w + startup * sd

On typical days (periods.py) each day is cyclic, so a unit online at the end
of its day starts for free at the next one. With
representative_periods.startups_between_days, the start-up at a typical
day's first step is the one between real days instead: first(d) is the first
step of day d's typical day, last(d-1) the last step of day d-1's
(levels.across_days), one sd per real day and cluster, counted once. The
chronological year keeps coal online across days and moves stored energy
into calm evenings to avoid those start-ups (docs/typical_days_accuracy.md).

Why k: units started in an hour reach their minimum load in it, and units
shut down ran at no more than it in the hour before (start-up and shut-down
ramp max(pmin, ramp), as in Morales-Espana et al. 2013). Without k, a cluster
whose ramp is below its minimum load (Northeast CHP: 0.5 p.u./h, 0.6) could
neither come online from zero (pmin u <= p <= ramp u forces u = 0) nor
shut down to zero: its output could only shrink or grow by a factor of 6
an hour, through vanishing values. Northeast 2016's window from 19 August
(windows/) started Heilongjiang's CHP at 0 MW, where pmin u <= p <= ramp u
left only u = 0; HiGHS's answer held 5e-4 MW online at half load, 5e-5 MW
below the minimum load row, and the window ended "Unknown". Where
ramp >= pmin, k = 0 and the rows are the plain ramps; the allowance is
valid for any mix of start-ups and shut-downs in an hour because k <= pmin.

A flexibility retrofit is modelled by splitting a unit group into two
clusters: the retrofitted share with its lower minimum load and faster ramp,
and the rest. In a window of a longer chronology, `prev` of the first step
is the state carried in (core.carried) and the last step may lead into a
solved one (lead_into). Online headroom u - p - cv h counts as upward reserve. In remedy
mode a retrofit candidate moves x[g] MW of a group from its base cluster to its
retrofitted cluster: u[base] <= cap[base] - x,  u[retro] <= cap[retro] + x.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..technologies.thermal import NAME, TECHNOLOGY
from . import levels
from .arrays import stack
from .horizon import carried

if TYPE_CHECKING:
    from .core import Context

PROVIDES = ("thermal.clusters", "thermal.online_mw", "thermal.power_mw", "thermal.heat_mw_th", "thermal.startup_mw", "thermal.retrofit_moves")
"""The commitment clusters (retrofitted shares split off) and their variables (CHP heat and start-ups placed over every cluster)."""


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


def retrofits(ctx: Context, c: pd.DataFrame) -> tuple[np.ndarray, list]:
    """Retrofit candidates: capacity x moved from a base to a retrofitted
    cluster. Returns each cluster's online-capacity bound (raised where a
    retrofitted cluster may grow) and the moves (base, retrofitted, x)."""
    cap_max = c["capacity_mw"].to_numpy(copy=True)
    moves = []
    for row in ctx.candidates("retrofit").itertuples(index=False):
        base = int(np.flatnonzero((c["group"] == row.target) & ~c["retrofitted"])[0])
        retro = int(np.flatnonzero((c["group"] == row.target) & c["retrofitted"])[0])
        most = min(row.max_mw, cap_max[base])
        moves.append((base, retro, ctx.invest(row, "MW", most, row.capex_cny_per_kw * 1e3)))
        cap_max[retro] += most
    return cap_max, moves


def build(ctx: Context) -> None:
    c = clusters(ctx.table(NAME), set(ctx.candidates("retrofit")["target"]))
    ctx.provide("thermal.clusters", c)
    n, w = len(c), ctx.w
    chp = (c["technology"] == "chp").to_numpy()
    fossil = c["technology"].isin(FOSSIL).to_numpy()
    item = lambda col: c[col].to_numpy(dtype=float)[:, None]  # noqa: E731  one value per cluster, as a column
    cv, cm, pmin, ramp = np.where(chp, c["cv"], 0.0)[:, None], item("cm"), item("min_load_pu"), item("ramp_pu_per_h")
    cap_max, moves = retrofits(ctx, c)
    ctx.provide("thermal.retrofit_moves", moves)
    u = ctx.var("Thermal_Online_MW", n, ub=cap_max)
    if moves:  # candidates on one unit group add up
        cap = c["capacity_mw"].to_numpy()
        moved = {}
        for base, retro, x in moves:
            moved[base] = moved[base] + x if base in moved else x
            moved[retro] = moved[retro] - x if retro in moved else -x
        ctx.rows("Thermal_Retrofit_Constraint", stack([u[k] + x for k, x in moved.items()]) <= cap[list(moved), None])
    p = ctx.var("Thermal_Power_MW", n)
    h = ctx.var("CHP_Heat_MWth", int(chp.sum())).placed(chp, n)  # CHP clusters only
    starting = item("startup_cost_cny_per_mw")[:, 0] > 0
    su = ctx.var("Thermal_Startup_MW", int(starting.sum())).placed(starting, n)  # where start-ups cost
    for name, x in (("online_mw", u), ("power_mw", p), ("heat_mw_th", h), ("startup_mw", su)):
        ctx.provide(f"thermal.{name}", x)
    fuel_tce = p + cv * h  # per hour
    tce_per_step = item("heat_rate_tce_per_mwh") * w
    ctx.balance.add(p, ctx.zone_rows(c["zone"]))
    ctx.reserve.add(u - p - cv * h, ctx.reserve_rows(c["zone"]))
    ctx.cost.add(fuel_tce * (item("fuel_price_cny_per_tce") * tce_per_step) + p * (item("vom_cny_per_mwh") * w) + su * (item("startup_cost_cny_per_mw") * w))
    judged = ctx.judged(c["zone"])
    ctx.emissions["coal_tce"].add(fuel_tce[fossil & judged] * tce_per_step[fossil & judged])
    ctx.emissions["co2_t"].add(fuel_tce[judged] * (tce_per_step * item("co2_t_per_tce"))[judged])
    ctx.heat.add(h[chp], ctx.area_rows(c["heat_area"][chp]))
    ctx.rows("Thermal_Rating_Constraint", p + cv * h <= u)
    on = pmin[:, 0] > 0
    ctx.rows("Thermal_Min_Load_Constraint", p[on] >= pmin[on] * u[on])
    ctx.rows("CHP_Back_Pressure_Constraint", p[chp] >= cm[chp] * h[chp])
    ctx.rows("CHP_Heat_Capacity_Constraint", h[chp] <= item("heat_max_pu")[chp] * u[chp])
    r = ramp[:, 0] < 1
    k = np.maximum(pmin, ramp) - ramp  # start-up and shut-down allowance, p.u. of capacity coming online or going offline
    u_before, p_before = carried(ctx, u, "Thermal_Online_MW", cap_max), carried(ctx, p, "Thermal_Power_MW", cap_max)
    ctx.rows("Thermal_Ramp_Up_Constraint", p[r] - p_before[r] <= ramp[r] * u[r] + k[r] * (u[r] - u_before[r]))
    ctx.rows("Thermal_Ramp_Down_Constraint", p_before[r] - p[r] <= ramp[r] * u_before[r] + k[r] * (u_before[r] - u[r]))
    within = np.ones(ctx.horizon.n, dtype=bool)
    if starting.any() and between_days(ctx):
        within[np.searchsorted(ctx.horizon.period, np.arange(len(ctx.horizon.origin)))] = False  # each typical day's first step
        first, last = levels.across_days(ctx, u[starting])
        sd = ctx.var("Thermal_Day_Startup_MW", int(starting.sum()), steps=len(ctx.horizon.sequence))
        ctx.rows("Thermal_Day_Startup_Constraint", sd >= first - last)
        ctx.cost.add(sd * item("startup_cost_cny_per_mw")[starting])
    ctx.rows("Thermal_Startup_Constraint", su[starting][:, within] >= u[starting][:, within] - u_before[starting][:, within])
    if ctx.horizon.carry is not None and ctx.horizon.carry.after:
        lead_into(ctx, ctx.horizon.carry.after, u, p, ramp[:, 0], k[:, 0], starting)


def between_days(ctx: Context) -> bool:
    """Whether start-ups are charged between the days of the year rather than within each typical day."""
    rp = ctx.system.scenario.representative_periods
    return ctx.horizon.sequence is not None and rp is not None and rp.startups_between_days


def lead_into(ctx: Context, after: dict, u, p, ramp: np.ndarray, k: np.ndarray, starting: np.ndarray) -> None:
    """The last step leads into a step already solved (online u1, output p1,
    start-ups su1 per cluster): its ramps and start-ups hold across the seam.

        p1 - p[last] <= ramp u1 + k (u1 - u[last])
        p[last] - p1 <= ramp u[last] + k (u[last] - u1)
        su1 >= u1 - u[last]
    """
    last = ctx.horizon.n - 1
    u1, p1, su1 = after["Thermal_Online_MW"], after["Thermal_Power_MW"], after["Thermal_Startup_MW"]
    r = ramp < 1
    ctx.rows("Thermal_Seam_Ramp_Up_Constraint", p[r, last] - k[r] * u[r, last] >= p1[r] - (ramp[r] + k[r]) * u1[r])
    ctx.rows("Thermal_Seam_Ramp_Down_Constraint", p[r, last] - (ramp[r] + k[r]) * u[r, last] <= p1[r] - k[r] * u1[r])
    ctx.rows("Thermal_Seam_Startup_Constraint", u[starting, last] >= u1[starting] - su1[starting])


def extract(ctx: Context, sol) -> dict[str, pd.DataFrame]:
    c = ctx.need("thermal.clusters")
    heat, startup = ctx.need("thermal.heat_mw_th"), ctx.need("thermal.startup_mw")
    u, p, h = sol.value("Thermal_Online_MW"), sol.value("Thermal_Power_MW"), sol.value(heat)
    su = sol.value(startup)
    if "Thermal_Day_Startup_MW" in ctx.vars:  # a typical day's first step reports its days' start-ups between days, per day it stands for
        hz, starting = ctx.horizon, c["startup_cost_cny_per_mw"].to_numpy() > 0
        per_period = np.zeros((int(starting.sum()), len(hz.origin)))
        np.add.at(per_period.T, hz.sequence, sol.value("Thermal_Day_Startup_MW").T)
        su[np.ix_(starting, np.searchsorted(hz.period, np.arange(len(hz.origin))))] = per_period / np.bincount(hz.sequence, minlength=len(hz.origin))
    chp = (c["technology"] == "chp").to_numpy()[:, None]
    cv = np.where(chp, c["cv"].to_numpy()[:, None], 0.0)
    floor = np.maximum(c["min_load_pu"].to_numpy()[:, None] * u, np.where(chp, c["cm"].to_numpy()[:, None] * h, 0.0))
    fuel = c["heat_rate_tce_per_mwh"].to_numpy()[:, None] * (p + cv * h)
    coal = np.where(c["technology"].isin(FOSSIL).to_numpy()[:, None], fuel, 0.0)
    capacity = c["capacity_mw"].to_numpy(dtype=float, copy=True)
    for base, retro, x in ctx.need("thermal.retrofit_moves"):  # what a retrofit candidate moves
        capacity[base] -= sol.scalar(x)
        capacity[retro] += sol.scalar(x)
    return {
        NAME: sol.long_table(
            c[["unit", "group", "zone", "technology", "retrofitted"]],
            online_mw=u,
            p_mw=p,
            heat_mw_th=h,
            startup_mw=su,
            fuel_tce=fuel,
            coal_tce=coal,
            co2_t=fuel * c["co2_t_per_tce"].to_numpy()[:, None],
            capacity_mw=np.broadcast_to(capacity[:, None], p.shape),
            reserve_mw=u - p - cv * h,
            down_room_mw=p - floor,
        )
    }
