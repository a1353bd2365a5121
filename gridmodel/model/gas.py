"""Gas turbines: output up to capacity, fuel bought at a price, CO2 counted
against the scenario's cap.

    0 <= p[g,t] <= cap[g]
    cost: (heat_rate[g] x fuel_price[g] + vom[g]) x w p
    co2:  co2_per_gj[g] x heat_rate[g] x w p
    reserve: cap - p            (a gas turbine starts within the hour: all its headroom)

No minimum load or start-up cost: gas units in the model stand for peakers,
which run from zero in the hour; commitment is thermal.py's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from ..technologies.gas import NAME, TECHNOLOGY

if TYPE_CHECKING:
    from .core import Context


def build(ctx: Context) -> None:
    g = ctx.table(NAME)
    if g.empty:
        return
    cap, heat_rate = g["capacity_mw"].to_numpy(), g["heat_rate_gj_per_mwh"].to_numpy()
    p = ctx.var("Gas_Power_MW", len(g), ub=cap)
    ctx.add_cost_series(p, heat_rate * g["fuel_price_cny_per_gj"].to_numpy() + g["vom_cny_per_mwh"].to_numpy())
    judged = ctx.judged(g["zone"])
    ctx.emissions["co2_t"].add(p[judged] * ((g["co2_t_per_gj"].to_numpy() * heat_rate)[judged, None] * ctx.w))
    ctx.balance.add(p, ctx.zone_rows(g["zone"]))
    ctx.reserve.add(-p, ctx.reserve_rows(g["zone"]))
    ctx.add_reserve_constant(cap, g["zone"])


def extract(ctx: Context, sol) -> dict[str, pd.DataFrame]:
    g = ctx.table(NAME)
    if g.empty:
        return {}
    p = sol.value("Gas_Power_MW")
    co2 = (g["co2_t_per_gj"].to_numpy() * g["heat_rate_gj_per_mwh"].to_numpy())[:, None] * p
    return {NAME: sol.long_table(g[["name", "zone"]].rename(columns={"name": "unit"}), p_mw=p, co2_t=co2, reserve_mw=g["capacity_mw"].to_numpy()[:, None] - p)}
