"""Remedy mode's answer: what each candidate adds, where, at what cost; and
the check that no link or store was used both ways in one step.

The capacity variables themselves are created by the modules that use them
(storage, transport, thermal, heat, demand_response, electrolysers) through
`Context.invest`; this module only reports them. Two-way use: a link's
forward and backward flow, or a store's charge and discharge, both above
TWO_WAY_MW in one step; the one-way rows bound it but an LP may still use
spare capacity for it where surplus energy has a negative value.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from .core import Context


NAME = "expansion"
TWO_WAY_MW = 1e-3  # both directions above this in one step: simultaneous two-way use
PAIRS = {  # kind -> (item names, flow one way, flow the other way, as provided by their modules)
    "link": (lambda ctx: ctx.table("links")["name"], "links.forward_mw", "links.backward_mw"),
    "store": (lambda ctx: ctx.need("storage.units")["name"], "storage.charge_mw", "storage.discharge_mw"),
    "heat_store": (lambda ctx: ctx.candidates("heat_storage")["name"], "heat.storage_charge_mw_th", "heat.storage_discharge_mw_th"),
}
NEEDS = tuple(name for _, one, other in PAIRS.values() for name in (one, other)) + ("storage.units",)


def build(ctx: Context) -> None:
    """Nothing to add: investments are registered by the other modules."""


def extract(ctx: Context, sol) -> dict[str, pd.DataFrame]:
    if not ctx.expanding:
        return {}
    rows = [
        {
            "candidate": inv.name,
            "kind": inv.kind,
            "where": inv.where,
            "unit": inv.unit,
            "added": sol.scalar(inv.var),
            "annualised_cost_cny_per_unit": inv.annual_cny_per_unit,
            "annualised_cost_cny": sol.scalar(inv.var) * inv.annual_cny_per_unit,
        }
        for inv in ctx.investments
    ]
    cols = ["candidate", "kind", "where", "unit", "added", "annualised_cost_cny_per_unit", "annualised_cost_cny"]
    return {NAME: pd.DataFrame(rows, columns=cols), "two_way": two_way(ctx, sol)}


def two_way(ctx: Context, sol) -> pd.DataFrame:
    """Per link and store used both ways in some step: those steps' hours and
    the energy sent both ways, sum_t w min(one way, other way) (MWh, MWh_th
    for heat stores)."""
    out = []
    for kind, (names, one, other) in PAIRS.items():
        both = np.minimum(sol.value(ctx.need(one)), sol.value(ctx.need(other)))
        used = both > TWO_WAY_MW
        for i in np.flatnonzero(used.any(axis=1)):
            out.append({"kind": kind, "name": names(ctx).iloc[i], "hours": float(ctx.w[0, used[i]].sum()), "both_ways_mwh": float((both[i] * ctx.w).sum())})
    return pd.DataFrame(out, columns=["kind", "name", "hours", "both_ways_mwh"])
