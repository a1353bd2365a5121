"""Policy caps a scenario names: coal burned and CO2 emitted over the horizon.

    sum of registered tce (or t CO2) <= cap + excess;   cost: penalty * excess

The caps are stated per year and pro-rated to the horizon's hours; a window
of a year gets the share the year gives it (gridmodel/windows). A cap is the judged
province's (criteria.province): only its zones' units are registered.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..technologies.policy import CAPS, NAME, TECHNOLOGY
from .annual import by_hours, per_day

if TYPE_CHECKING:
    from .core import Context


def build(ctx: Context) -> None:
    crit = ctx.system.scenario.criteria
    for key, field in CAPS.items():
        cap = getattr(crit, field)
        if cap is None:
            continue
        excess = ctx.var(f"Cap_Excess_{key}", None)
        ctx.cost.add(excess * ctx.penalties.cap_excess_cny_per_t)
        total = ctx.emissions[key]
        total.add(-excess)
        ctx.rows(f"Cap_{key}_Constraint", total, upper=cap * ctx.limit_share(key))


def judged_per_step(tables: dict, key: str, judged_zones) -> pd.Series:
    """`key` (coal_tce, co2_t) of the judged zones at each step, summed over
    every hourly result table with that column (those whose technology
    declares it, technologies/technology.carrying: thermal, gas)."""
    parts = [df[key].where(df["zone"].isin(judged_zones), 0.0).groupby(df["timestamp"], sort=False).sum() for df in tables.values() if key in df and "timestamp" in df]
    return parts[0] if len(parts) == 1 else pd.concat(parts, axis=1).sum(axis=1).groupby(level=0, sort=False).sum()


def cap(system, key: str) -> float | None:
    """The scenario's cap on `key` (coal_tce, co2_t), per year, or None."""
    return getattr(system.scenario.criteria, CAPS[key])


def coarse_use(ctx: Context, key: str, tables: dict, sequence: np.ndarray, exact: bool):
    """The cap on `key` as an annual limit: the judged zones' emissions per
    day of the coarse year, the cap and the one LP's share by hours
    (technology.Limit)."""
    limit = cap(ctx.system, key)
    if limit is None:
        return None
    use = per_day(judged_per_step(tables, key, ctx.system.judged_zones).to_numpy()[None, :], sequence)
    return use, np.array([float(limit)]), by_hours(ctx, 1)


def window_use(key: str, tables: dict, n_hours: int, system) -> np.ndarray:
    """The judged zones' `key` at each hour of a window (1 x hours)."""
    return judged_per_step(tables, key, system.judged_zones).to_numpy()[None, :]


def year_cost(ctx: Context, key: str, kpis: dict) -> float:
    """The cap's excess over the joined year, charged once, CNY."""
    limit = cap(ctx.system, key)
    return 0.0 if limit is None else max(0.0, kpis[key] - limit * ctx.year_share) * ctx.penalties.cap_excess_cny_per_t
