"""A compressed-air store (model/compressed_air.py), the trial of a
technology with a level of its own declared once: its module, its line in
model/modules.py, its table and this test, nothing else. Windows, typical
days, the KPIs and the invariants carry and check its level from the
declaration (technology.Level).

Three weeks of January in one zone: 150 MW of coal at 300 CNY/MWh, 300 MW of
wind, and a store of 50 MW / 3,000 MWh (60 h) at 0.8 x 0.8, 1 CNY/MWh
discharged. Week 1: load 100 MW, wind 90 MW (coal 10). Week 2, the surplus
week: wind 300 MW, 200 MW beyond the load. Week 3, the peak week: load 160
MW, no wind, 10 MW beyond the coal every hour (1,680 MWh).

One LP (cyclic): the store fills from the surplus (3,750 MWh of wind for
3,000 MWh stored), gives 1,680 MWh in the peak week (2,100 MWh stored) and
the 900 MWh left back in week 1 (720 MWh, coal it displaces). So: no
unserved load, curtailment 33,600 - 3,750 = 29,850 MWh, cost (960 + 25,200)
x 300 + 2,400 x 1 = 7,850,400 CNY.
"""

from __future__ import annotations

import dataclasses

import pytest

from cases import NO_RESERVE, ZONE, thermal, wind, write_case

WEEK = 168
STORE = {"name": "cavern", "zone": "a", "power_mw": 50.0, "energy_mwh": 3000.0, "eta_charge": 0.8, "eta_discharge": 0.8, "vom_cny_per_mwh": 1.0}
CURTAILED_MWH = 33_600 - 3_750
COST_CNY = (960 + 25_200) * 300 + 2_400


def three_weeks(tmp_path, **settings):
    tables = {"zones": ZONE, "thermal": [thermal("coal", "a", 150, 300)], "renewables": [wind("wind", "a", 300)], "compressed_air": [STORE]}
    load = {"a": [100.0] * 2 * WEEK + [160.0] * WEEK}
    availability = {"wind": [0.3] * WEEK + [1.0] * WEEK + [0.0] * WEEK}
    return write_case(tmp_path / "caes", tables, load, availability, reserve=NO_RESERVE, **settings)


def test_one_lp_moves_the_surplus_week_into_the_peak_week(tmp_path, solve):
    r = solve(three_weeks(tmp_path, solver={"window_days": None}))
    assert r.kpis["unserved_mwh"] == pytest.approx(0.0, abs=1e-6)
    assert r.kpis["curtailment_mwh"] == pytest.approx(CURTAILED_MWH)
    assert r.objective_cny == pytest.approx(COST_CNY)
    assert r.kpis["compressed_air_discharge_mwh"] == pytest.approx(1_680 + 720)
    assert r.kpis["compressed_air_charge_mwh"] == pytest.approx(3_750)


def test_weekly_windows_carry_the_cavern_from_week_to_week(tmp_path, solve):
    """Each week its own window: the level is carried across the seams
    (declared, so windows.py carries it), curtailment within 0.5 % of the one LP."""
    r = solve(three_weeks(tmp_path, solver={"window_days": 7}))
    assert r.timings_s["windows"] == 3
    assert r.kpis["unserved_mwh"] == pytest.approx(0.0, abs=1e-6)
    assert r.kpis["curtailment_mwh"] == pytest.approx(CURTAILED_MWH, rel=0.005)
    level = r.tables["compressed_air"].set_index("timestamp")["level_mwh"]
    assert level.iloc[2 * WEEK - 1] == pytest.approx(3_000)  # full at the end of the surplus week


def test_typical_days_link_the_cavern_across_the_days(tmp_path, solve):
    """Six typical days for the 21: the store (60 h > link_storage_min_h) is
    linked across the days, so the peak week is served from the surplus
    week's wind, as in one LP."""
    r = solve(three_weeks(tmp_path, representative_periods={"days": 6}))
    assert r.kpis["unserved_mwh"] == pytest.approx(0.0, abs=1e-6)
    assert r.kpis["curtailment_mwh"] == pytest.approx(CURTAILED_MWH, rel=0.005)
    assert r.objective_cny == pytest.approx(COST_CNY, rel=0.005)


def test_the_generic_checks_read_the_cavern_from_its_declaration(tmp_path, solve, invariants):
    """The invariants check every declared level (bounds, recursion) and the
    balance every declared supply part: the cavern's level or its discharge
    moved by 1 MWh in one hour is caught, nothing in tests/ naming it."""
    r = solve(three_weeks(tmp_path, solver={"window_days": None}))
    for column in ("level_mwh", "discharge_mw"):
        df = r.tables["compressed_air"].copy()
        df.loc[df.index[200], column] += 1.0
        with pytest.raises(AssertionError):
            invariants(dataclasses.replace(r, tables={**r.tables, "compressed_air": df}))
