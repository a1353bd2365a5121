"""Gas turbines (model/gas.py), the trial of a technology declared once: its
module, its table and this test, nothing else. Hand-computed optima of a
one-zone case: load 100, 300, 500 MW; 400 MW of gas at 10 GJ/MWh x 50 CNY/GJ
+ 10 CNY/MWh = 510 CNY/MWh, 0.561 t CO2/MWh; unserved load 30,000 CNY/MWh."""

from __future__ import annotations

import pytest

from cases import NO_RESERVE, ZONE, write_case
from gridmodel import dictionary, report
from gridmodel.inputs import load_system

GAS = {"name": "peaker", "zone": "a", "capacity_mw": 400.0, "heat_rate_gj_per_mwh": 10.0, "fuel_price_cny_per_gj": 50.0, "vom_cny_per_mwh": 10.0}
LOAD = [100.0, 300.0, 500.0]


def case(tmp_path, **settings):
    return write_case(tmp_path / "gas", {"zones": ZONE, "gas": [GAS]}, {"a": LOAD}, reserve=NO_RESERVE, **settings)


def test_gas_runs_up_to_capacity_then_load_goes_unserved(tmp_path, solve):
    r = solve(case(tmp_path))
    assert r.tables["gas"]["p_mw"].tolist() == pytest.approx([100.0, 300.0, 400.0])
    assert r.objective_cny == pytest.approx(510 * 800 + 30_000 * 100)
    assert r.tables["gas"]["co2_t"].sum() == pytest.approx(0.561 * 800)
    assert r.kpis["gas_mwh"] == r.kpis["generation_mwh"] == pytest.approx(800)
    assert r.kpis["renewable_share_of_generation"] == 0.0


def test_gas_emissions_count_against_the_co2_cap(tmp_path, solve):
    """Cap 0.561 x 600 t over the 3 hours: the 200 MWh beyond it still run (510
    + 0.561 x 5,000 CNY/t = 3,315 CNY/MWh < 30,000), paying for 112.2 t of excess."""
    cap_t = 0.561 * 600 * 8760 / 3  # per year; pro-rated to the 3 hours
    r = solve(case(tmp_path, criteria={"max_co2_t": cap_t}))
    assert r.objective_cny == pytest.approx(510 * 800 + 30_000 * 100 + 5_000 * 0.561 * 200)
    assert r.kpis["co2_t"] == pytest.approx(0.561 * 800)
    assert "co2_t" in r.verdict.failing


def test_gas_capacity_total_scales_the_units(tmp_path, solve):
    path = case(tmp_path, capacity_totals_mw={"gas": 500.0})
    assert load_system(path).tables["gas"]["capacity_mw"].tolist() == [500.0]
    assert solve(path).objective_cny == pytest.approx(510 * 900)


def test_the_declaration_reaches_the_dictionary_and_the_report():
    assert dictionary.result_entries("gas", ["p_mw"])[0] == {"column": "p_mw", "unit": "MW", "meaning": "Electric output."}
    assert [p.label for p in report.SUPPLY][:4] == ["coal", "chp", "biomass", "gas"]  # firm supply at the bottom of the stack
