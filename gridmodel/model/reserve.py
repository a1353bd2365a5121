"""Upward operating reserve, for the whole system or within each province.

For each reserve area a (the whole system; with reserve.by_province each
province, zones table's column province) and step t:

    sum of headroom registered by the modules in a's zones + short[a,t]
        >= load_share * load[a,t] + renewable_share * (wind + solar output in a)[t]
    cost: penalty * w short

Thermal online headroom, hydro and demand-response headroom and storage
reserve register their terms on their zone's area (Context.reserve_rows);
renewables register -renewable_share * p. Held by province, a province's
reserve cannot be met by another's spare units: the Northeast's provincial
dispatch centres held theirs before the 2017 regional market
(shared/reference/jilin_2016_operation.md). External zones hold none.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from .core import Context


NAME = "reserve"


def area_load_mw(ctx: Context) -> np.ndarray:
    """Load of each reserve area's zones (areas x steps)."""
    return np.stack([ctx.hourly(ctx.system.load_mw, ctx.reserve_area_zones(a)).sum(axis=0) for a in ctx.reserve_areas])


def build(ctx: Context) -> None:
    sc = ctx.system.scenario
    areas = len(ctx.reserve_areas)
    short = ctx.var("Reserve_Shortfall_MW", areas)
    ctx.add_cost_series(short, np.full(areas, ctx.penalties.reserve_shortfall_cny_per_mwh))
    rows = np.arange(areas * ctx.horizon.n).reshape(areas, -1)
    ctx.reserve.add(short, rows)
    ctx.reserve.add_constant(-sc.reserve.load_share * area_load_mw(ctx), rows)


def extract(ctx: Context, sol) -> dict[str, pd.DataFrame]:
    sc = ctx.system.scenario
    areas = len(ctx.reserve_areas)
    return {
        NAME: sol.long_table(
            pd.DataFrame({"area": ctx.reserve_areas}),
            load_requirement_mw=sc.reserve.load_share * area_load_mw(ctx),
            shortfall_mw=sol.value("Reserve_Shortfall_MW"),
            price_cny_per_mw=sol.dual("Reserve_MW").reshape(areas, -1) / ctx.w,
        )
    }
