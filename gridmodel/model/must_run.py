"""Staged must-run: a thermal group's least electric output in each stage of the heating season.

Why: in the Northeast of 2016 each CHP unit had a fixed minimum electric
output for each stage of the heating season (early, middle, late; highest in
the middle) that did not follow the diurnal heat load (Davidson &
Pérez-Arriaga, IEEE Trans. Power Systems 33(5), 2018).
The heat-led rules (commitment.py; thermal.py's back-pressure line) let the
output follow each hour's heat need; a stage holds it flat, whatever the wind.

For each row r of the must_run table (province, technology, stage start..end
as MM-DD, inclusive, wrapping the year end when end < start; share k[r]),
each thermal unit group g of that technology in a zone of that province
(its commitment clusters c, retrofitted or not: thermal.clusters) and each
step t whose date lies in the stage:

    sum_{c of g} p[c,t] + short[g,t] >= k[r] cap[g]          cap: the thermal table's capacity_mw
    0 <= short[g,t] <= k[r] cap[g];   cost: must_run_shortfall * w short

The slack keeps a window solvable where the stage's output cannot be held
(heat on the extraction line, a load too low to take it). Every row is one
step's, nothing annual: one LP, solver windows and typical days (real days,
periods.py) hold the same stages. Stages of one province and technology must
not overlap (`check`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..technologies.must_run import NAME, TECHNOLOGY, in_stage
from .arrays import stack

if TYPE_CHECKING:
    from .core import Context

NEEDS = ("thermal.clusters", "thermal.power_mw")


def bound_groups(ctx: Context) -> pd.DataFrame:
    """Thermal unit groups some stage binds (technology and province of a must_run row)."""
    th, stages = ctx.table("thermal"), ctx.table(NAME)
    province = th["zone"].map(ctx.system.provinces)
    bound = pd.Series(list(zip(province, th["technology"])), index=th.index).isin(set(zip(stages["province"], stages["technology"])))
    return th[bound].reset_index(drop=True)


def required_mw(ctx: Context, groups: pd.DataFrame) -> np.ndarray:
    """Least output of each bound group at each step (groups x steps): 0 outside its stages."""
    idx = ctx.horizon.index
    days = (idx.month * 100 + idx.day).to_numpy()
    province = groups["zone"].map(ctx.system.provinces).to_numpy()
    cap = groups["capacity_mw"].to_numpy(dtype=float)[:, None]
    req = np.zeros((len(groups), ctx.horizon.n))
    for r in ctx.table(NAME).itertuples(index=False):
        mine = (province == r.province) & (groups["technology"] == r.technology).to_numpy()
        req[mine] = np.maximum(req[mine], r.min_output_pu * cap[mine] * in_stage(days, r.start, r.end)[None, :])
    return req


def build(ctx: Context) -> None:
    groups = bound_groups(ctx)
    req = required_mw(ctx, groups)
    short = ctx.var("Must_Run_Shortfall_MW", len(groups), ub=req)
    if groups.empty:
        return
    ctx.add_cost_series(short, np.full(len(groups), ctx.penalties.must_run_shortfall_cny_per_mwh))
    c, p = ctx.need("thermal.clusters"), ctx.need("thermal.power_mw")
    output = stack([p[np.flatnonzero(c["group"] == g)].sum(axis=0) for g in groups["name"]])  # groups x steps
    on = req > 0
    ctx.rows("Must_Run_Constraint", (output + short)[on] >= req[on])


def extract(ctx: Context, sol) -> dict[str, pd.DataFrame]:
    groups = bound_groups(ctx)
    c = ctx.need("thermal.clusters")
    p = sol.value(ctx.need("thermal.power_mw"))
    output = np.zeros((len(groups), ctx.horizon.n))
    at = pd.Index(groups["name"]).get_indexer(c["group"])
    np.add.at(output, at[at >= 0], p[at >= 0])
    return {
        NAME: sol.long_table(
            groups[["name", "zone"]].rename(columns={"name": "group"}),
            required_mw=required_mw(ctx, groups),
            p_mw=output,
            shortfall_mw=sol.value("Must_Run_Shortfall_MW"),
        )
    }
