"""Compose the formulation modules into one Pyomo model."""

from __future__ import annotations

import gc
from contextlib import contextmanager

from ..inputs import System
from . import balance, demand_response, electrolysers, expansion, heat, hydro, policy, renewables, reserve, storage, thermal, transport, utilisation
from .core import Context, Horizon, add_rows

MODULES = (balance, transport, renewables, hydro, thermal, heat, storage, demand_response, electrolysers, reserve, policy, utilisation, expansion)
"""Every part of the formulation; each has build(ctx) and, if it reports, extract(ctx, sol)."""


@contextmanager
def gc_paused():
    """Pyomo creates millions of small objects; collecting during the build only costs time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build_model(system: System, horizon: Horizon | None = None) -> Context:
    """The LP for `system` over `horizon` (default: the system's hours, in order)."""
    ctx = Context(system, horizon or Horizon.chronological(system.index))
    with gc_paused():
        for module in MODULES:
            module.build(ctx)
        add_rows(ctx)
    return ctx
