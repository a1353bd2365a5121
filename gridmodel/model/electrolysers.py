"""Electrolysers as a flexible load (remedy mode): they absorb power that would
otherwise be curtailed, and the hydrogen made has a value (in the
feasibility remedy only a tie-break value: they are built to meet the
curtailment limit, not for their sales).

    0 <= e[k,t] <= x[k]                  x: electrolyser capacity, MW (investment)
    balance at zone: - e[k,t];   cost: - value[k] * w e
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .prices import TIE_BREAK_CNY_PER_MWH
from ..technologies.electrolysers import NAME, TECHNOLOGY

if TYPE_CHECKING:
    from .core import Context


def build(ctx: Context) -> None:
    cand = ctx.candidates("electrolyser")
    e = ctx.var("Electrolyser_MW", len(cand), ub=cand["max_mw"].to_numpy())
    if cand.empty:
        return
    size = ctx.invest_mw(cand)
    value = np.full(len(cand), TIE_BREAK_CNY_PER_MWH) if ctx.feasibility_remedy else cand["value_cny_per_mwh"].to_numpy()
    ctx.add_cost_series(e, -value)
    ctx.balance.add(-e, ctx.zone_rows(cand["zone"]))
    ctx.rows("Electrolyser_Size_Constraint", e <= size[:, None])


def extract(ctx: Context, sol) -> dict[str, pd.DataFrame]:
    cand = ctx.candidates("electrolyser")
    if cand.empty:
        return {}
    return {NAME: sol.long_table(cand[["name", "zone"]].rename(columns={"name": "unit"}), load_mw=sol.value("Electrolyser_MW"))}
