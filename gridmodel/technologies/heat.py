"""Heat balance per CHP heat area: declared (model/heat.py formulates it).
Its heat-area table is one of the system's (schema.py); what it declares is
the level of a remedy's heat stores, carried across windows."""

from __future__ import annotations

from .technology import Level, Technology

NAME = "heat"

TECHNOLOGY = Technology(NAME, levels=(Level("Heat_Storage_Level_MWh_th", "Heat_Storage", kind=None),))
"""A heat store's level: carried across windows, cyclic within each typical day, no result table of its own."""
