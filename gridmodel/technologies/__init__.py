"""Every technology's declaration: its input table and row schema, its result
columns, its part of the supply stack and its capacity (technology.py), one
module each. The input layer (schema, inputs), the data dictionary and the
report read them here without loading the formulation: the module of the same
name in model/ builds the technology's part of the LP and imports its
declaration from here, never the other way round (tests/test_imports.py).
A new technology is one line here and one in model/modules.py."""

from __future__ import annotations

from . import balance, channels, commitment, compressed_air, demand_response, electrolysers, gas, heat, hydro, interchange, must_run, plans, policy, renewables, security, storage, thermal, transport

TECHNOLOGIES = tuple(m.TECHNOLOGY for m in (balance, transport, renewables, hydro, thermal, gas, heat, commitment, plans, must_run, storage, compressed_air, channels, interchange, security, demand_response, electrolysers, policy))
"""What the technologies declare, in build order (model/modules.py checks it
lists the technologies its modules formulate)."""
