"""Remedy mode: the least-cost additions that make the verdict feasible."""

from __future__ import annotations

import pytest

from cases import ZONE, write_case

NIGHT, DAY = 12, 12
LOAD_MW, COAL_MW, WIND_MW = 100.0, 60.0, 300.0
ETA = 0.9


def two_day_case(tmp_path, candidates):
    """Nights short of 40 MW for 12 h; days with a wind surplus to store."""
    wind = ([0.0] * NIGHT + [1.0] * DAY) * 2
    return write_case(
        tmp_path / "remedy",
        {
            "zones": ZONE,
            "thermal": [{"name": "coal", "zone": "a", "technology": "coal", "capacity_mw": COAL_MW, "fuel_price_cny_per_tce": 0.0}],
            "renewables": [{"name": "wind", "zone": "a", "technology": "wind", "capacity_mw": WIND_MW, "profile": "w"}],
            "candidates": candidates,
        },
        load={"a": [LOAD_MW] * 48},
        availability={"w": wind},
        reserve={"load_share": 0.0, "renewable_share": 0.0},
        criteria={"max_curtailment_share": 1.0},
    )


BATTERY = {"name": "bat", "kind": "battery", "zone": "a", "max_mw": 1000, "capex_cny_per_kw": 0, "capex_cny_per_kwh": 100, "duration_h": 100, "efficiency": ETA, "lifetime_years": 15}


def test_without_remedy_nights_are_short(tmp_path, solve):
    r = solve(two_day_case(tmp_path, [BATTERY]))
    assert r.kpis["unserved_mwh"] == pytest.approx(2 * NIGHT * (LOAD_MW - COAL_MW), rel=1e-9)
    assert r.verdict.failing == ["unserved_energy"]
    assert "expansion" not in r.tables


def test_battery_energy_is_exactly_one_night(tmp_path, solve):
    """A night's deficit, 40 MW x 12 h, leaves the store as 480 / eta_d MWh."""
    r = solve(two_day_case(tmp_path, [BATTERY]), overrides={"expansion.enabled": True})
    assert r.verdict.feasible
    added = r.tables["expansion"].set_index(["candidate", "unit"])["added"]
    assert added["bat", "MWh"] == pytest.approx(NIGHT * (LOAD_MW - COAL_MW) / ETA, rel=1e-6)
    assert r.kpis["unserved_mwh"] == pytest.approx(0.0, abs=1e-6)


def test_cheaper_option_wins(tmp_path, solve):
    """Demand response that can cover the nights at a lower cost is chosen instead."""
    dr = {"name": "dr", "kind": "demand_response", "zone": "a", "max_mw": 1000, "capex_cny_per_kw": 1, "cost_cny_per_mwh": 10, "lifetime_years": 10}
    r = solve(two_day_case(tmp_path, [BATTERY, dr]), overrides={"expansion.enabled": True})
    added = r.tables["expansion"].set_index(["candidate", "unit"])["added"]
    assert r.verdict.feasible
    assert added["dr", "MW"] == pytest.approx(LOAD_MW - COAL_MW, rel=1e-6)
    assert added["bat", "MWh"] == pytest.approx(0.0, abs=1e-6)


def test_a_planned_remedy_checked_as_given_capacities_keeps_the_verdict(tmp_path, solve, invariants):
    """The remedy's additions, built in as given capacities (no investment
    cost, plain dispatch), serve the nights again; and windows may now be used."""
    from dataclasses import replace

    from gridmodel.api import solve_system, windowed
    from gridmodel.remedy import with_additions

    def daily_windows(system):
        return replace(system, scenario=system.scenario.model_copy(update={"solver": system.scenario.solver.model_copy(update={"window_days": 1})}))

    plan = solve(two_day_case(tmp_path, [BATTERY]), overrides={"expansion.enabled": True})
    checked_system = with_additions(plan.system, plan.tables["expansion"])
    assert checked_system.scenario.expansion.fixed
    assert not windowed(daily_windows(plan.system)) and windowed(daily_windows(checked_system))
    check = solve_system(checked_system)
    invariants(check)
    assert check.verdict.feasible
    assert check.kpis["unserved_mwh"] == pytest.approx(0.0, abs=1e-6)
    added = check.tables["expansion"].set_index(["candidate", "unit"])["added"]
    assert added["bat", "MWh"] == pytest.approx(NIGHT * (LOAD_MW - COAL_MW) / ETA, rel=1e-6)
    # fuel, wind and storage cost nothing here: the plan's objective is the
    # battery's annualised cost for 48 h, the check's (given capacities) zero
    assert plan.objective_cny == pytest.approx(BATTERY_CNY_PER_48_H, rel=1e-6)
    assert check.objective_cny == pytest.approx(0.0, abs=1e-6)


def crf(rate: float, years: float) -> float:
    return rate * (1 + rate) ** years / ((1 + rate) ** years - 1)


BATTERY_MWH = NIGHT * (LOAD_MW - COAL_MW) / ETA
BATTERY_CNY_PER_48_H = BATTERY_MWH * 100e3 * (crf(0.06, 15) + 0.02) * 48 / 8760
"""533.3 MWh x 100 CNY/kWh x (crf(6 %, 15 a) = 0.10296 + 2 % O&M) a year,
pro-rated to 48 of 8760 h: 53.33 M CNY x 0.12296 x 48 / 8760 = 35,934 CNY."""
