"""Every part of the formulation, in build order. A new part is one line here;
a new technology also declares itself in technologies/ (its row schema and
`TECHNOLOGY` record), which its module here imports."""

from __future__ import annotations

from ..technologies import TECHNOLOGIES
from . import balance, channels, commitment, commitment_periods, compressed_air, demand_response, electrolysers, expansion, gas, heat, hydro, interchange, must_run, plans, policy, renewables, reserve, security, storage, thermal, transport, utilisation
from .interfaces import InterfaceError, module_name

MODULES = (balance, transport, renewables, hydro, thermal, gas, heat, commitment, plans, commitment_periods, must_run, storage, compressed_air, channels, interchange, security, demand_response, electrolysers, reserve, policy, utilisation, expansion)
"""Each has build(ctx) and, if it reports, extract(ctx, sol); PROVIDES and
NEEDS name what it publishes for others and reads from them (ctx.provide,
ctx.need), e.g. "thermal.online_mw". A module formulating a technology
imports its declaration as `TECHNOLOGY` and may have resize(resolver, item,
column, value): how a re-solve moves its bounds when a capacity changes
(resolve.py)."""


def check_interfaces(modules) -> None:
    """Every name a module NEEDS is PROVIDED by a module built before it, and
    each name by one module only: build order matters only through these."""
    provider: dict[str, str] = {}
    for m in modules:
        for name in getattr(m, "NEEDS", ()):
            if name not in provider:
                raise InterfaceError(f"{module_name(m)} needs {name!r}, which no module built before it provides")
        for name in getattr(m, "PROVIDES", ()):
            if name in provider:
                raise InterfaceError(f"{name!r} is provided by both {provider[name]} and {module_name(m)}")
            provider[name] = module_name(m)


check_interfaces(MODULES)


def check_declarations(modules, technologies) -> None:
    """The technologies declared (technologies/) are those the modules
    formulate, each by one module."""
    formulated = sorted(m.TECHNOLOGY.name for m in modules if hasattr(m, "TECHNOLOGY"))
    declared = sorted(t.name for t in technologies)
    if formulated != declared:
        raise InterfaceError(f"technologies declared ({', '.join(declared)}) and formulated by model modules ({', '.join(formulated)}) differ: a technology is one line in technologies/__init__.py and one in MODULES")


check_declarations(MODULES, TECHNOLOGIES)

FORMULATING = {m.TECHNOLOGY.name: m for m in MODULES if hasattr(m, "TECHNOLOGY")}
"""Technology name -> the module formulating it, whose hooks its declaration
names (a level's `parameters`, a limit's `coarse_use`, `window_use`,
`year_cost`; technologies/technology.py)."""
