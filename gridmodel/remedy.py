"""Check a planned remedy hour by hour.

Remedy mode plans on typical days (one LP over the year hour by hour is
impractical). This builds the chosen additions into the system as given
capacities (`expansion.fixed`: each used candidate at its chosen size, no
investment cost) and solves the full chronology as plain dispatch, so the
verdict of the plan is confirmed or not on every hour of the year.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from .inputs import System
from .schema import ExpansionSettings

USED = 1e-3  # smaller additions (MW or MWh) are solver noise


def built(expansion: pd.DataFrame) -> pd.DataFrame:
    """The rows of a remedy's expansion table that add something."""
    return expansion[expansion["added"] > USED]


def with_additions(system: System, expansion: pd.DataFrame) -> System:
    """`system` with the remedy's additions as given capacities (a copy)."""
    added = expansion.pivot_table(index="candidate", columns="unit", values="added", aggfunc="sum")
    mw = added["MW"] if "MW" in added else pd.Series(dtype=float)
    used = mw[mw > USED]
    cand = system.tables["candidates"]
    cand = cand[cand["name"].isin(used.index)].reset_index(drop=True)
    cand["max_mw"] = cand["name"].map(used).to_numpy()
    if "MWh" in added:  # batteries: energy chosen apart from power
        mwh = added["MWh"].reindex(cand["name"]).to_numpy()
        is_battery = (cand["kind"] == "battery").to_numpy()
        cand.loc[is_battery, "duration_h"] = mwh[is_battery] / cand.loc[is_battery, "max_mw"].to_numpy()
    sc = system.scenario
    fixed = ExpansionSettings(**{**sc.expansion.model_dump(), "enabled": True, "fixed": True})
    scenario = sc.model_copy(update={"expansion": fixed, "representative_periods": None})
    return replace(system, scenario=scenario, tables={**system.tables, "candidates": cand})
