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

import re
from datetime import date
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd
from pydantic import Field, field_validator

from ..fields import Row, unit
from .arrays import stack
from .technology import Table, Technology

if TYPE_CHECKING:
    from ..errors import Collector
    from ..inputs import System
    from .core import Context

NAME = "must_run"
NEEDS = ("thermal.clusters", "thermal.power_mw")


def month_day(text: str) -> int:
    """MM-DD as the number MM x 100 + DD (a day of any year, 29 February too)."""
    m = re.fullmatch(r"(\d{2})-(\d{2})", text.strip())
    try:
        day = date(2000, int(m[1]), int(m[2]))  # a leap year: 02-29 is a day
    except (TypeError, ValueError):
        raise ValueError(f"must be a day of the year as MM-DD (e.g. 11-16), got {text!r}") from None
    return day.month * 100 + day.day


class MustRunRow(Row):
    province: str = Field(description="Province whose unit groups the stage binds: a value of the zones table's province column (a zone without one is its own province).")
    technology: Literal["coal", "chp", "biomass"] = Field(description="Thermal technology (thermal table) whose unit groups the stage binds.")
    start: str = Field(description="First day of the stage, MM-DD, inclusive.")
    end: str = Field(description="Last day of the stage, MM-DD, inclusive; before start, the stage runs over the year end (11-16 to 02-28).")
    min_output_pu: float = Field(
        ge=0, le=1, description="Least electric output of each unit group in every hour of the stage, share of its capacity; a shortfall is penalised (penalties.must_run_shortfall_cny_per_mwh). See model/must_run.py.", json_schema_extra=unit("p.u.")
    )

    @field_validator("start", "end")
    @classmethod
    def _a_day(cls, v: str) -> str:
        month_day(v)
        return v


def in_stage(days: np.ndarray, start: str, end: str) -> np.ndarray:
    """Whether each day (MM x 100 + DD) lies in the stage start..end, inclusive, wrapping the year end."""
    a, e = month_day(start), month_day(end)
    return (days >= a) & (days <= e) if a <= e else (days >= a) | (days <= e)


def check(system: System, errors: Collector) -> None:
    """Stages of one province and technology do not overlap (inputs.check_references checks the provinces)."""
    table, file = system.tables[NAME], system.files.get(NAME, NAME)
    year = pd.date_range("2000-01-01", "2000-12-31", freq="D")  # every day of a leap year
    days = (year.month * 100 + year.day).to_numpy()
    rows = table.to_dict("records")
    for i, row in enumerate(rows):
        for j, other in enumerate(rows[:i]):
            same = (other["province"], other["technology"]) == (row["province"], row["technology"])
            if same and (in_stage(days, row["start"], row["end"]) & in_stage(days, other["start"], other["end"])).any():
                where = f"row {i + 1} (province={row['province']}, {row['start']} to {row['end']})"
                errors.add(file, where, f"overlaps row {j + 1} ({other['start']} to {other['end']}): the stages of one province and technology ({row['technology']}) must not overlap")


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


TECHNOLOGY = Technology(
    NAME,
    Table(NAME, MustRunRow, "Staged must-run: least electric output of a province's thermal unit groups of one technology in each stage of the heating season."),
    outputs={
        NAME: {
            "group": "Thermal unit group (thermal table) a must-run stage binds.",
            "required_mw": "Least output the group's must-run stage asks in the hour (min_output_pu x capacity; 0 outside its stages).",
            "p_mw": "Electric output of the group (all its clusters).",
            "shortfall_mw": "Output short of the stage's minimum (penalised slack).",
        }
    },
    check=check,
)
