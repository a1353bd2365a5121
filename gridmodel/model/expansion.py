"""Remedy mode's answer: what each candidate adds, where, at what cost.

The capacity variables themselves are created by the modules that use them
(storage, transport, thermal, heat, demand_response, electrolysers) through
`Context.invest`; this module only reports them.
"""

from __future__ import annotations

import pandas as pd

from .core import Context

NAME = "expansion"


def build(ctx: Context) -> None:
    """Nothing to add: investments are registered by the other modules."""


def extract(ctx: Context, sol) -> dict[str, pd.DataFrame]:
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
    return {NAME: pd.DataFrame(rows, columns=cols)} if ctx.expanding else {}
