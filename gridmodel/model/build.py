"""Compose the formulation modules into one Pyomo model."""

from __future__ import annotations

from ..inputs import System
from .core import Context, Horizon, add_rows
from .modules import MODULES
from .pyomo_layer import gc_paused
from .remedy_terms import NONE, RemedyTerms


def build_model(system: System, horizon: Horizon | None = None, terms: RemedyTerms = NONE) -> Context:
    """The LP for `system` over `horizon` (default: the system's hours, in
    order), with a remedy's `terms`, if any."""
    ctx = Context(system, horizon or Horizon.chronological(system.index), terms=terms)
    with gc_paused():
        for module in MODULES:
            with ctx.within(module):
                module.build(ctx)
        add_rows(ctx)
    return ctx
