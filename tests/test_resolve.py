"""Re-solving in place after a capacity or cap change must give what a fresh
build of the changed scenario gives."""

from __future__ import annotations

from dataclasses import replace

import pytest
from cases import EXAMPLE

from gridmodel.api import solve_system
from gridmodel.inputs import load_system, select_hours
from gridmodel.resolve import Resolver

HOURS = 48


@pytest.fixture(scope="module")
def system():
    return select_hours(load_system(EXAMPLE), HOURS)


def rebuilt(system, table: str, name: str, column: str, value: float) -> float:
    """Objective of a fresh build with one table value changed."""
    df = system.tables[table].copy()
    df.loc[df["name"] == name, column] = value
    return solve_system(replace(system, tables={**system.tables, table: df})).objective_cny


@pytest.mark.parametrize(
    ("table", "name", "column", "value"),
    [
        ("renewables", "wind_west", "capacity_mw", 4500.0),
        ("links", "west_central", "capacity_mw", 600.0),
        ("storage", "phs_east", "power_mw", 200.0),
        ("storage", "phs_east", "energy_mwh", 900.0),
    ],
)
def test_capacity_change_resolves_to_the_rebuilt_optimum(system, table, name, column, value):
    r = Resolver(system)
    base = r.solve().objective_cny
    r.set_capacity(table, name, value, column)
    changed = r.solve()
    expected = rebuilt(system, table, name, column, value)
    assert changed.objective_cny == pytest.approx(expected, rel=1e-6)
    assert changed.objective_cny != pytest.approx(base, rel=1e-9)  # the change mattered
    assert system.tables[table].loc[system.tables[table]["name"] == name, column].item() != value  # caller's system untouched


def test_cap_change_resolves_to_the_rebuilt_optimum(system):
    capped = replace(system, scenario=system.scenario.model_copy(update={"criteria": system.scenario.criteria.model_copy(update={"max_co2_t": 3.0e6})}))
    r = Resolver(capped)
    r.solve()
    r.set_cap("co2_t", 1.0e6)
    changed = r.solve().objective_cny
    tighter = replace(system, scenario=system.scenario.model_copy(update={"criteria": system.scenario.criteria.model_copy(update={"max_co2_t": 1.0e6})}))
    assert changed == pytest.approx(solve_system(tighter).objective_cny, rel=1e-6)
