"""Policy caps a scenario names: coal burned and CO2 emitted over the horizon.

    sum of registered tce (or t CO2) <= cap + excess;   cost: penalty * excess

The caps are stated per year and pro-rated to the horizon's hours.
"""

from __future__ import annotations

import pyomo.environ as pyo

from .core import Context

NAME = "policy"
CAPS = {"coal_tce": "max_coal_tce", "co2_t": "max_co2_t"}


def build(ctx: Context) -> None:
    crit = ctx.system.scenario.criteria
    penalty = ctx.penalties.cap_excess_cny_per_t
    for key, field in CAPS.items():
        cap = getattr(crit, field)
        if cap is None:
            continue
        excess = pyo.Var(bounds=(0, None))
        setattr(ctx.m, f"Cap_Excess_{key}", excess)
        setattr(ctx.m, f"Cap_{key}_Constraint", pyo.Constraint(expr=ctx.emissions.expr(key) - excess <= cap * ctx.year_share))
        ctx.cost.add(None, excess, penalty)
