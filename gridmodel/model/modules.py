"""Every part of the formulation, in build order, and the technologies they
declare (model/technology.py). A new part is one line here."""

from __future__ import annotations

from . import balance, channels, commitment, commitment_periods, compressed_air, demand_response, electrolysers, expansion, gas, heat, hydro, interchange, must_run, plans, policy, renewables, reserve, security, storage, thermal, transport, utilisation

MODULES = (balance, transport, renewables, hydro, thermal, gas, heat, commitment, plans, commitment_periods, must_run, storage, compressed_air, channels, interchange, security, demand_response, electrolysers, reserve, policy, utilisation, expansion)
"""Each has build(ctx) and, if it reports, extract(ctx, sol); PROVIDES and
NEEDS name what it publishes for others and reads from them (ctx.provide,
ctx.need), e.g. "thermal.online_mw"."""



class InterfaceError(RuntimeError):
    """A formulation module reads what no module before it provides, or
    provides or reads a name it does not declare."""


def module_name(module) -> str:
    return f"model module {module.__name__.rpartition('.')[2]}"


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

TECHNOLOGIES = tuple(m.TECHNOLOGY for m in MODULES if hasattr(m, "TECHNOLOGY"))
"""What the modules declare, in build order."""

TECHNOLOGY_TABLES = {t.table.name: t for t in TECHNOLOGIES if t.table is not None}
"""Input table name -> the technology declaring it."""
