"""Renewable utilisation: curtailment within the scenario's limit (when planning a remedy).

    sum_g,t w (avail*cap - p)  <=  limit * sum_g,t w avail*cap + excess;   cost: penalty * excess

Only the judged zones' (criteria.province's) wind and solar count, and only what is curtailed: line, channel and storage losses are
the cost of using the energy, not a failure to use it. In dispatch mode the
limit is checked by the verdict, not enforced: wind and solar cost nothing,
so least-cost dispatch already uses them first. Enforcing it gives surplus
energy a negative value, and an LP would then "use" it by sending power both
ways over a lossy line or charging and discharging a store at once; remedy
mode therefore shares each link's and store's capacity between its two
directions (transport.py, storage.py, heat.py), and the remedy reports any
simultaneous two-way use that remains (expansion.py, table two_way).
"""

from __future__ import annotations

from typing import TYPE_CHECKING


if TYPE_CHECKING:
    from .core import Context

NAME = "utilisation"
NEEDS = ("renewables.available_mw", "renewables.power_mw")


def build(ctx: Context) -> None:
    if not ctx.planning:
        return
    judged = ctx.judged(ctx.table("renewables")["zone"])
    available_mwh = float((ctx.need("renewables.available_mw")[judged] * ctx.w).sum())
    excess = ctx.var("Excess_Curtailment_MWh", None)
    ctx.cost.add(excess * ctx.penalties.excess_curtailment_cny_per_mwh)
    used_mwh = (ctx.need("renewables.power_mw")[judged] * ctx.w).sum(axis=0).sum(axis=0)
    limit = ctx.system.scenario.criteria.max_curtailment_share
    ctx.rows("Curtailment_Limit_Constraint", used_mwh + excess >= (1 - limit) * available_mwh)
