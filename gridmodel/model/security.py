"""System security: minimum online thermal capacity per zone, and downward reserve.

Why: a grid dispatcher keeps enough synchronous units online in each area
for inertia, short-circuit power and voltage support, whatever the wind, and
holds downward regulation (room to reduce output when load drops or wind
rises) on units that can provide it. Both limit how far thermal can go down,
so both keep wind out in windy hours. Without them the LP may switch every
thermal unit off.

Minimum online thermal, internal zone z with m[z] > 0 (zones table's
min_online_thermal_mw), thermal clusters c in z:

    sum_{c in z} u[c,t] + short[z,t] >= m[z]
    cost: commitment_shortfall * w short

Downward reserve, for each reserve area a (the whole system, or each
province with reserve.by_province; see model/reserve.py), when
reserve.down_load_share > 0:

    rd[c,t] <= p[c,t] - pmin[c] u[c,t]           thermal above its minimum load
    rd[c,t] <= p[c,t] - cm[c] h[c,t]             CHP: above its back-pressure line
    rs[s,t] <= P[s] - ch[s,t] + dis[s,t],  rs <= P[s]   storage: more charging / less discharging
    sum_{c in a} rd + sum_{h in a} p_hydro + sum_{s in a} rs + dshort[a,t] >= down_share * load[a,t]
    cost: reserve_shortfall * w dshort

Wind and solar are left out on purpose: the rule is about what dispatchable
units must hold. Storage candidates of remedy mode are not counted
(conservative).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .arrays import Terms
from ..technologies.security import NAME, TECHNOLOGY
from .reserve import area_load_mw

if TYPE_CHECKING:
    from .core import Context

NEEDS = ("thermal.clusters", "thermal.online_mw", "thermal.power_mw", "thermal.heat_mw_th", "storage.charge_mw", "storage.discharge_mw", "hydro.power_mw")


def floors(ctx: Context) -> pd.DataFrame:
    """Internal zones with their minimum online thermal capacity."""
    z = ctx.table("zones")
    return z[z["kind"] == "internal"].reset_index(drop=True)


def build(ctx: Context) -> None:
    min_online(ctx)
    down_reserve(ctx)


def min_online(ctx: Context) -> None:
    z = floors(ctx)
    ruled = np.flatnonzero(z["min_online_thermal_mw"].to_numpy() > 0)
    short = ctx.var("Min_Online_Shortfall_MW", len(ruled))
    if not len(ruled):
        return
    ctx.add_cost_series(short, np.full(len(ruled), ctx.penalties.commitment_shortfall_cny_per_mwh))
    c, T = ctx.need("thermal.clusters"), ctx.horizon.n
    zone_at = pd.Index(z["zone"].iloc[ruled]).get_indexer(c["zone"])
    mine = np.flatnonzero(zone_at >= 0)
    online = Terms(len(ruled) * T)
    online.add(ctx.need("thermal.online_mw")[mine], zone_at[mine, None] * T + np.arange(T))
    online.add(short, np.arange(len(ruled))[:, None] * T + np.arange(T))
    need = np.repeat(z["min_online_thermal_mw"].to_numpy()[ruled], T)
    ctx.rows("Min_Online_Thermal_Constraint", online, lower=need)


def down_requirement_mw(ctx: Context) -> np.ndarray:
    """Each reserve area's downward requirement (areas x steps)."""
    return ctx.system.scenario.reserve.down_load_share * area_load_mw(ctx)


def down_reserve(ctx: Context) -> None:
    on = ctx.system.scenario.reserve.down_load_share > 0
    c, s = ctx.need("thermal.clusters"), ctx.table("storage")
    rd = ctx.var("Thermal_Down_Reserve_MW", len(c) if on else 0)
    rs = ctx.var("Storage_Down_Reserve_MW", len(s) if on else 0, ub=s["power_mw"].to_numpy() if on else None)
    areas = len(ctx.reserve_areas)
    short = ctx.var("Down_Reserve_Shortfall_MW", areas if on else 0)
    if not on:
        return
    ctx.add_cost_series(short, np.full(areas, ctx.penalties.reserve_shortfall_cny_per_mwh))
    u, p = ctx.need("thermal.online_mw"), ctx.need("thermal.power_mw")
    h = ctx.need("thermal.heat_mw_th")
    chp = (c["technology"] == "chp").to_numpy()
    ctx.rows("Thermal_Down_Reserve_Constraint", rd - p + c["min_load_pu"].to_numpy()[:, None] * u <= 0.0)
    ctx.rows("CHP_Down_Reserve_Constraint", rd[chp] - p[chp] + c["cm"].to_numpy()[chp, None] * h[chp] <= 0.0)
    n_existing = len(s)  # the storage module's first stores are the existing ones
    ch, dis = ctx.need("storage.charge_mw")[:n_existing], ctx.need("storage.discharge_mw")[:n_existing]
    ctx.rows("Storage_Down_Reserve_Constraint", rs + ch - dis <= s["power_mw"].to_numpy()[:, None])
    held = Terms(areas * ctx.horizon.n)
    for part, zones in ((rd, c["zone"]), (ctx.need("hydro.power_mw"), ctx.table("hydro")["zone"]), (rs, s["zone"])):
        held.add(part, ctx.reserve_rows(zones))
    held.add(short, np.arange(held.n_rows).reshape(areas, -1))
    ctx.rows("Down_Reserve_MW", held, lower=down_requirement_mw(ctx).ravel())


def extract(ctx: Context, sol) -> dict[str, pd.DataFrame]:
    z = floors(ctx)
    ruled = np.flatnonzero(z["min_online_thermal_mw"].to_numpy() > 0)
    c, u = ctx.need("thermal.clusters"), sol.value(ctx.need("thermal.online_mw"))
    online = np.zeros((len(z), ctx.horizon.n))
    np.add.at(online, pd.Index(z["zone"]).get_indexer(c["zone"]), u)
    short = np.zeros_like(online)
    short[ruled] = sol.value("Min_Online_Shortfall_MW")
    down_short = sol.value("Down_Reserve_Shortfall_MW")
    return {
        NAME: sol.long_table(
            z[["zone"]],
            min_online_mw=np.broadcast_to(z["min_online_thermal_mw"].to_numpy()[:, None], online.shape),
            thermal_online_mw=online,
            online_shortfall_mw=short,
        ),
        "down_reserve": sol.long_table(
            pd.DataFrame({"area": ctx.reserve_areas}),
            requirement_mw=down_requirement_mw(ctx),
            shortfall_mw=down_short if len(down_short) else np.zeros((len(ctx.reserve_areas), ctx.horizon.n)),
        ),
    }
