"""Wind and solar: output up to hourly availability; the gap is curtailment.

    0 <= p[g,t] <= avail[g,t] * cap[g]                       (bound)
    cost: cost[g] * w p

The utilisation limit on curtailment is built in utilisation.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..technologies.renewables import NAME, TECHNOLOGY


if TYPE_CHECKING:
    from .core import Context


PROVIDES = ("renewables.available_mw", "renewables.power_mw")


def available_mw(ctx: Context) -> np.ndarray:
    """Available power per unit group and step (units x steps)."""
    r = ctx.table(NAME)
    return ctx.hourly(ctx.system.availability, r["profile"]) * r["capacity_mw"].to_numpy()[:, None]


def build(ctx: Context) -> None:
    r = ctx.table(NAME)
    reserve_share = ctx.system.scenario.reserve.renewable_share
    available = available_mw(ctx)
    p = ctx.var("Renewable_Power_MW", len(r), ub=available)
    ctx.provide("renewables.available_mw", available)
    ctx.provide("renewables.power_mw", p)
    ctx.add_cost_series(p, r["cost_cny_per_mwh"])
    ctx.balance.add(p, ctx.zone_rows(r["zone"]))
    ctx.reserve.add(-reserve_share * p, ctx.reserve_rows(r["zone"]))


def extract(ctx: Context, sol) -> dict[str, pd.DataFrame]:
    r = ctx.table(NAME)
    avail = available_mw(ctx)
    p = sol.value("Renewable_Power_MW")
    return {
        NAME: sol.long_table(
            r[["name", "zone", "technology"]].rename(columns={"name": "unit"}),
            available_mw=avail,
            p_mw=p,
            curtailment_mw=np.maximum(avail - p, 0.0),
        )
    }


def resize(resolver, i: int, column: str, value: float) -> None:
    """A re-solve with a new capacity: output up to availability x capacity."""
    resolver.set_upper("Renewable_Power_MW", i, available_mw(resolver.ctx)[i])
