"""What a remedy gives the model beside the inputs (gridmodel/remedy.py sets
it): the plan's aim and what is held to the system as it is. The input
object (`System`) carries the scenario's inputs only; these come from solves
of it, so they are passed to the build apart (lp.solve_system,
windows.solve_windows, build_model -> `ctx.terms`)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class RemedyTerms:
    curtailment_aim: float | None = None
    """The curtailment share a plan aims at (model/utilisation.py); None:
    criteria.max_curtailment_share. A repair aims below the criterion, a
    trim above it, while the criterion the plan is judged by stays."""
    paid_export_mw: pd.DataFrame | None = None
    """Feasibility remedy: the base's export sales per step (timestamp x
    external zone, MW), the most each step's exports earn their price
    (model/transport.py). None: none earns it."""
    held_curtailment_mw: pd.DataFrame | None = None
    """A remedy planned for one province (criteria.province): the other
    provinces' curtailment as the system as it is curtails it, per step
    (timestamp x wind/solar unit, MW), the most the plan may curtail there
    (model/utilisation.py). None: no hold."""


NONE = RemedyTerms()
"""A plain dispatch: no remedy terms."""
