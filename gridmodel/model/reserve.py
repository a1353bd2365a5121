"""System-wide upward operating reserve.

    sum of headroom registered by the modules + short[t]
        >= load_share * load[t] + renewable_share * (wind + solar output)[t]
    cost: penalty * w short

Thermal online headroom, hydro and demand-response headroom and storage
reserve register their terms; renewables register -renewable_share * p.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from .core import Context


NAME = "reserve"


def build(ctx: Context) -> None:
    sc = ctx.system.scenario
    load = ctx.hourly(ctx.system.load_mw, ctx.system.internal_zones).sum(axis=0)
    short = ctx.var("Reserve_Shortfall_MW", 1)
    ctx.add_cost_series(short, [ctx.penalties.reserve_shortfall_cny_per_mwh])
    ctx.reserve.add(short, ctx.T)
    ctx.reserve.add_constant(-sc.reserve.load_share * load, ctx.T)


def extract(ctx: Context, sol) -> dict[str, pd.DataFrame]:
    sc = ctx.system.scenario
    load = ctx.hourly(ctx.system.load_mw, ctx.system.internal_zones).sum(axis=0, keepdims=True)
    return {
        NAME: sol.long_table(
            pd.DataFrame({"area": ["system"]}),
            load_requirement_mw=sc.reserve.load_share * load,
            shortfall_mw=sol.value("Reserve_Shortfall_MW"),
            price_cny_per_mw=sol.dual("Reserve_MW")[None, :] / ctx.w,
        )
    }
