"""Renewable utilisation: curtailment within the plan's aim (when planning a remedy).

    sum_g,t w (avail*cap - p)  <=  limit * sum_g,t w avail*cap + excess;   cost: penalty * excess
    avail*cap - p[g,t]  <=  c0[g,t]          (g outside the judged province)

The limit is the aim the remedy gives the plan (ctx.terms.curtailment_aim:
below the criterion after a repair, above it after a trim), by default the
criterion, criteria.max_curtailment_share.

Only the judged zones' (criteria.province's) wind and solar count, and only what is curtailed: line, channel and storage losses are
the cost of using the energy, not a failure to use it. In dispatch mode the
limit is checked by the verdict, not enforced: wind and solar cost nothing,
so least-cost dispatch already uses them first. Enforcing it gives surplus
energy a negative value, and an LP would then "use" it by sending power both
ways over a lossy line or charging and discharging a store at once; remedy
mode therefore shares each link's and store's capacity between its two
directions (transport.py, storage.py, heat.py), and the remedy reports any
simultaneous two-way use that remains (expansion.py, table two_way).

With a judged province, the other provinces' curtailment c0 is held at most
where the system as it is has it, step by step (ctx.terms.held_curtailment_mw):
wind and solar cost nothing everywhere, so which province's wind is curtailed
is decided in dispatch by the wheeling cost alone (each zone uses its own
first), and a limit on one province would otherwise let the plan meet it by
curtailing the neighbours' wind instead, which no hourly dispatch follows
(Northeast 2030: Mengdong 2.46 % in the plan, 0.98 % in its check).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np


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
    aim = ctx.terms.curtailment_aim
    limit = ctx.system.scenario.criteria.max_curtailment_share if aim is None else aim
    ctx.rows("Curtailment_Limit_Constraint", used_mwh + excess >= (1 - limit) * available_mwh)
    hold_neighbours(ctx, ~judged)


def hold_neighbours(ctx: Context, outside) -> None:
    """p[g,t] >= avail[g,t] - c0[g,t] for wind and solar outside the judged province."""
    held = ctx.terms.held_curtailment_mw
    if held is None or not outside.any():
        return
    units = ctx.table("renewables")["name"][outside]
    c0 = held.reindex(index=ctx.horizon.index, columns=units).fillna(np.inf).to_numpy().T  # none given: no hold
    available = ctx.need("renewables.available_mw")[outside]
    ctx.rows("Neighbour_Curtailment_Hold_Constraint", ctx.need("renewables.power_mw")[outside] >= available - c0)
