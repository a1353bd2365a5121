"""Electrolysers as a flexible load (remedy mode): they absorb power that would
otherwise be curtailed, and the hydrogen made has a value.

    0 <= e[k,t] <= x[k]                  x: electrolyser capacity, MW (investment)
    balance at zone: - e[k,t];   cost: - value[k] * w e
"""

from __future__ import annotations

import pandas as pd

from .core import Context

NAME = "electrolysers"


def build(ctx: Context) -> None:
    cand = ctx.candidates("electrolyser")
    e = ctx.var("Electrolyser_MW", len(cand), ub=cand["max_mw"].to_numpy())
    size = [ctx.invest(row, "MW", row.max_mw, row.capex_cny_per_kw * 1e3) for row in cand.itertuples(index=False)]
    for k, row in enumerate(cand.itertuples(index=False)):
        ctx.add_cost_series(e, k, -row.value_cny_per_mwh)
        for t in ctx.T:
            ctx.balance.add((row.zone, t), e[k, t], -1.0)
    ctx.constraints("Electrolyser_Size_Constraint", [(k, t) for k in range(len(cand)) for t in ctx.T], lambda k, t: e[k, t] <= size[k])


def extract(ctx: Context, sol) -> dict[str, pd.DataFrame]:
    cand = ctx.candidates("electrolyser")
    if cand.empty:
        return {}
    return {NAME: sol.long_table(cand[["name", "zone"]].rename(columns={"name": "unit"}), load_mw=sol.value(ctx.m.Electrolyser_MW))}
