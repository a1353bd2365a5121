"""Policy caps a scenario names: coal burned and CO2 emitted over the horizon.

    sum of registered tce (or t CO2) <= cap + excess;   cost: penalty * excess

The caps are stated per year and pro-rated to the horizon's hours; a window
of a year gets the share the year gives it (windows.py). A cap is the judged
province's (criteria.province): only its zones' units are registered.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .core import Context


NAME = "policy"
CAPS = {"coal_tce": "max_coal_tce", "co2_t": "max_co2_t"}


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
