"""Every input capacity and share that shapes a result appears in a result
table with its unit: thermal clusters' capacities (the retrofit share),
stores' power and energy, demand response's capacity (share of the peak).
A fixed remedy (expansion.fixed: the candidates at their max_mw) makes the
added capacities known in advance, so every figure is hand-computed."""

from __future__ import annotations

import pytest

from cases import NO_RESERVE, thermal, write_case, zones

LOAD = [800.0, 1000.0, 900.0]  # MW; the peak hour is the second
CANDIDATES = [
    {"name": "retro_more", "kind": "retrofit", "target": "coal_a", "max_mw": 100.0, "capex_cny_per_kw": 0.0},
    {"name": "phs_new", "kind": "pumped_hydro", "zone": "a", "max_mw": 50.0, "duration_h": 6.0, "capex_cny_per_kw": 0.0},
    {"name": "bat_new", "kind": "battery", "zone": "a", "max_mw": 20.0, "duration_h": 2.0, "capex_cny_per_kw": 0.0},
    {"name": "dr_new", "kind": "demand_response", "zone": "a", "max_mw": 30.0, "capex_cny_per_kw": 0.0, "cost_cny_per_mwh": 5000.0},
]


@pytest.fixture
def result(tmp_path, solve):
    tables = {
        "zones": zones("a"),
        "thermal": [thermal("coal_a", "a", 1200.0, 300.0, retrofit_share=0.25)],
        "storage": [{"name": "bat_old", "zone": "a", "technology": "battery", "power_mw": 40.0, "energy_mwh": 160.0}],
        "demand_response": [{"name": "dr_old", "zone": "a", "share_of_peak": 0.05, "cost_cny_per_mwh": 4000.0, "max_hours_per_year": 100.0}],
        "candidates": CANDIDATES,
    }
    path = write_case(tmp_path / "shown", tables, {"a": LOAD}, reserve=NO_RESERVE, expansion={"enabled": True, "fixed": True})
    return solve(path)


def per_item(df, key, col):
    return df.groupby(key)[col].agg(["min", "max"]).apply(lambda r: r["min"] if r["min"] == r["max"] else float("nan"), axis=1).to_dict()


def test_thermal_clusters_show_the_retrofit_share_and_what_a_retrofit_moves(result):
    th = result.tables["thermal"]
    assert per_item(th, "unit", "capacity_mw") == pytest.approx({"coal_a": 1200 * 0.75 - 100, "coal_a/retrofit": 1200 * 0.25 + 100})
    assert th.groupby("unit")["retrofitted"].first().to_dict() == {"coal_a": False, "coal_a/retrofit": True}


def test_stores_show_power_and_energy(result):
    st = result.tables["storage"]
    assert per_item(st, "unit", "power_mw") == pytest.approx({"bat_old": 40.0, "phs_new": 50.0, "bat_new": 20.0})
    assert per_item(st, "unit", "energy_mwh") == pytest.approx({"bat_old": 160.0, "phs_new": 50.0 * 6, "bat_new": 20.0 * 2})


def test_demand_response_shows_its_capacity(result):
    dr = result.tables["demand_response"]
    assert per_item(dr, "programme", "capacity_mw") == pytest.approx({"dr_old": 0.05 * 1000.0, "dr_new": 30.0})
