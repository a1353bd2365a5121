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

from .core import Context
from .renewables import available_mw

NAME = "utilisation"


def build(ctx: Context) -> None:
    if not ctx.planning:
        return
    available_mwh = float((available_mw(ctx) * ctx.w).sum())
    excess = ctx.var("Excess_Curtailment_MWh", None)
    ctx.cost.add(excess * ctx.penalties.excess_curtailment_cny_per_mwh)
    spill_minus_available = ctx.waste  # + sum w (avail - p) - sum w avail
    spill_minus_available.add(-(ctx.vars["Renewable_Power_MW"] * ctx.w))
    spill_minus_available.add(-excess)
    limit = ctx.system.scenario.criteria.max_curtailment_share
    ctx.rows("Curtailment_Limit_Constraint", spill_minus_available, upper=(limit - 1) * available_mwh)
