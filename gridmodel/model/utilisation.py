"""Renewable utilisation: curtailment within the scenario's limit (when planning a remedy).

    spill = sum_g,t w (avail*cap - p)  +  waste
    spill <= limit * sum_g,t w avail*cap + excess;   cost: penalty * excess

In dispatch mode the limit is checked by the verdict, not enforced: wind and
solar cost nothing, so least-cost dispatch already uses them first. Enforcing
the limit (or pricing curtailment at all) gives surplus energy a negative
value, and an LP then "uses" it by sending power both ways over a lossy line or
by charging and discharging a store at once - non-physical loops that hide
curtailment. Remedy mode must enforce the limit, so there `waste`, the energy
lost in lines and stores (registered by transport.py, storage.py, heat.py),
counts as spill: loops then gain nothing. This is conservative - ordinary
losses count against the limit too - and the verdict still reports plain
curtailment (available - output), which is never above the enforced spill.
"""

from __future__ import annotations

import pyomo.environ as pyo

from .core import Context, linear
from .renewables import available_mw

NAME = "utilisation"


def build(ctx: Context) -> None:
    if not ctx.planning:
        return
    m, r = ctx.m, ctx.table("renewables")
    p = m.Renewable_Power_MW
    available_mwh = float((available_mw(ctx) * ctx.w).sum())
    coefs = [-w for _ in range(len(r)) for w in ctx.w] + ctx.waste.coefs.get(None, [])
    variables = [p[i, t] for i in range(len(r)) for t in ctx.T] + ctx.waste.vars.get(None, [])
    spill_minus_available = linear(coefs, variables)
    m.Excess_Curtailment_MWh = pyo.Var(bounds=(0, None))
    limit = ctx.system.scenario.criteria.max_curtailment_share
    m.Curtailment_Limit_Constraint = pyo.Constraint(expr=spill_minus_available - m.Excess_Curtailment_MWh <= (limit - 1) * available_mwh)
    ctx.cost.add(None, m.Excess_Curtailment_MWh, ctx.penalties.excess_curtailment_cny_per_mwh)
