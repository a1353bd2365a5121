"""Every part of the formulation, in build order, and the technologies they
declare (model/technology.py). A new part is one line here."""

from __future__ import annotations

from . import balance, channels, commitment, demand_response, electrolysers, expansion, gas, heat, hydro, policy, renewables, reserve, security, storage, thermal, transport, utilisation

MODULES = (balance, transport, renewables, hydro, thermal, gas, heat, commitment, storage, channels, security, demand_response, electrolysers, reserve, policy, utilisation, expansion)
"""Each has build(ctx) and, if it reports, extract(ctx, sol)."""

TECHNOLOGIES = tuple(m.TECHNOLOGY for m in MODULES if hasattr(m, "TECHNOLOGY"))
"""What the modules declare, in build order."""

TECHNOLOGY_TABLES = {t.table.name: t for t in TECHNOLOGIES if t.table is not None}
"""Input table name -> the technology declaring it."""
