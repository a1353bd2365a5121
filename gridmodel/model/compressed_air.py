"""Compressed-air energy storage (CAES): a store with a level of its own,
declared once (LEVEL), so that windows, typical days, the KPIs and the checks
carry and read it without naming it anywhere else.

    0 <= ch[s,t], dis[s,t] <= P[s];   0 <= e[s,t] <= E[s]
    e[s,t] = (1 - loss[s]) e[s,prev] + eta_c ch[s,t] - dis[s,t] / eta_d
    cost: vom * w dis

An adiabatic plant in a salt cavern: compressors charge it (ch, MW drawn),
the expander discharges it (dis, MW sent), the heat of compression is stored
and given back, so no fuel is burned. A cavern holds days of energy (E/P of
tens of hours), so over typical days it carries energy across the year
(model/levels.py) and a week of surplus wind can serve a later peak week. It
holds no operating reserve here (an expander starting within the hour could;
left out, on the safe side).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..technologies.compressed_air import NAME, TECHNOLOGY
from . import levels

if TYPE_CHECKING:
    from .core import Context

PROVIDES = ("compressed_air.linked",)
LEVEL = TECHNOLOGY.levels[0]
"""The energy in the cavern, carried across windows and linked typical days."""


def parameters(ctx: Context) -> pd.DataFrame:
    """The plants with their hours of energy (technology.Level: for the checks)."""
    s = ctx.table(NAME)
    return s.assign(hours=np.divide(s["energy_mwh"], s["power_mw"], out=np.zeros(len(s)), where=s["power_mw"] > 0))


def build(ctx: Context) -> None:
    s = parameters(ctx)
    linked = levels.linked_across_days(ctx, s["hours"].to_numpy())
    ctx.provide("compressed_air.linked", linked)
    power, energy, loss = s["power_mw"].to_numpy(dtype=float), s["energy_mwh"].to_numpy(dtype=float), s["self_discharge_pu_per_h"].to_numpy(dtype=float)
    ch = ctx.var("CAES_Charge_MW", len(s), ub=power)
    dis = ctx.var("CAES_Discharge_MW", len(s), ub=power)
    e = ctx.var(LEVEL.var, len(s), ub=energy)  # declared, so windows read it: made even when empty
    if s.empty:
        return
    item = lambda col: s[col].to_numpy(dtype=float)[:, None]  # noqa: E731  one value per plant, as a column
    ctx.add_cost_series(dis, s["vom_cny_per_mwh"])
    ctx.balance.add(dis - ch, ctx.zone_rows(s["zone"]))
    before = levels.before(ctx, LEVEL, e, energy, linked)
    ctx.rows("CAES_Level_Constraint", e == (1 - loss[:, None]) * before + item("eta_charge") * ch - dis * (1 / item("eta_discharge")))
    if linked.any():
        levels.link_days(ctx, LEVEL, e[linked], loss[linked], energy[linked, None])


def extract(ctx: Context, sol) -> dict[str, pd.DataFrame]:
    s = ctx.table(NAME)
    if s.empty:
        return {}
    steps = (len(s), ctx.horizon.n)
    return {
        NAME: sol.long_table(
            s[["name", "zone"]].rename(columns={"name": "unit"}),
            charge_mw=sol.value("CAES_Charge_MW"),
            discharge_mw=sol.value("CAES_Discharge_MW"),
            level_mwh=sol.value(LEVEL.var),
            power_mw=np.broadcast_to(s["power_mw"].to_numpy(dtype=float)[:, None], steps),
            energy_mwh=np.broadcast_to(s["energy_mwh"].to_numpy(dtype=float)[:, None], steps),
        )
    }
