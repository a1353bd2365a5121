"""Zonal energy balance and unserved energy.

For each internal zone z and step t (external zones have zero load):

    sum of injections registered by the modules + ens[z,t] = load[z,t]
    0 <= ens[z,t] <= load[z,t];   cost: VOLL * w ens

The dual of the balance row over the step's weight is the zonal marginal
price in CNY/MWh.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from ..technologies.balance import NAME, TECHNOLOGY

if TYPE_CHECKING:
    from .core import Context


def build(ctx: Context) -> None:
    zones = ctx.system.internal_zones
    ens = ctx.var("Unserved_Energy_MW", len(zones), ub=ctx.hourly(ctx.system.load_mw, zones))
    ctx.add_cost_series(ens, ctx.penalties.unserved_cny_per_mwh)
    ctx.balance.add(ens, ctx.zone_rows(zones))


def extract(ctx: Context, sol) -> dict[str, pd.DataFrame]:
    zones = ctx.system.internal_zones
    price = sol.dual("Balance_MW").reshape(-1, ctx.horizon.n)[: len(zones)] / ctx.w
    return {
        NAME: sol.long_table(
            pd.DataFrame({"zone": zones}),
            load_mw=ctx.hourly(ctx.system.load_mw, zones),
            unserved_mw=sol.value("Unserved_Energy_MW"),
            price_cny_per_mwh=price,
        )
    }
