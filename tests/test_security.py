"""Minimum online thermal and downward reserve (model/security.py) on one
zone and four hours, optima computed by hand.

Zone a: load 100 MW, 200 MW of free wind every hour, a coal group of 300 MW
at 100 CNY/MWh with minimum load 0.5. With no rule the coal stays off (cost 0).
"""

from __future__ import annotations

import pytest

from cases import NO_RESERVE, thermal, wind, write_case

HOURS = 4


def case(tmp_path, min_online_mw: float = 0.0, down_share: float = 0.0, battery_mw: float = 0.0, chp: bool = False, wind_pu=(1.0,) * HOURS):
    unit = thermal("coal", "a", 300, 100, min_load_pu=0.5)
    if chp:  # heat 40 MWth every hour, back-pressure line p >= 1.5 h
        unit.update(technology="chp", heat_area="h", heat_max_pu=1.0, cm=1.5, min_load_pu=0.2)
    tables = {"zones": [{"zone": "a", "kind": "internal", "min_online_thermal_mw": min_online_mw}], "thermal": [unit], "renewables": [wind("wind", "a", 200)]}
    heat = None
    if chp:
        tables["heat_areas"] = [{"heat_area": "h", "zone": "a"}]
        heat = {"h": [40.0] * HOURS}
    if battery_mw:
        tables["storage"] = [{"name": "bat", "zone": "a", "technology": "battery", "power_mw": battery_mw, "energy_mwh": 4 * battery_mw, "eta_charge": 1.0, "eta_discharge": 1.0}]
    reserve = {**NO_RESERVE, "down_load_share": down_share}
    return write_case(tmp_path, tables, {"a": [100.0] * HOURS}, availability={"wind": list(wind_pu)}, heat=heat, reserve=reserve)


@pytest.mark.parametrize("min_online_mw, objective", [(100.0, 20000.0), (0.0, 0.0)], ids=["rule", "no-rule"])
def test_min_online_thermal_keeps_units_on(tmp_path, solve, min_online_mw, objective):
    """100 MW online at minimum load 0.5: 50 MW x 4 h x 100 CNY = 20,000 CNY."""
    res = solve(case(tmp_path, min_online_mw=min_online_mw))
    assert res.objective_cny == pytest.approx(objective, abs=1e-6, rel=1e-6)
    sec = res.tables["security"]
    assert (sec["thermal_online_mw"] >= min_online_mw - 1e-6).all()
    assert sec["online_shortfall_mw"].abs().max() < 1e-6
    rules = {c.name: c.passed for c in res.verdict.criteria}
    assert rules.get("min_online_shortfall", "not in use") == (True if min_online_mw else "not in use")


@pytest.mark.parametrize(
    "down_share, battery_mw, objective",
    [(0.2, 0.0, 16000.0), (0.2, 10.0, 8000.0), (0.0, 0.0, 0.0)],
    ids=["thermal", "thermal+battery", "off"],
)
def test_down_reserve_is_held_above_minimum_load(tmp_path, solve, down_share, battery_mw, objective):
    """20 MW of downward reserve (0.2 x 100 MW): thermal holds p - 0.5 u >=
    20 with u >= p, cheapest at u = p = 40 MW (4 x 40 x 100 = 16,000 CNY).
    A 10 MW battery (idle, so 10 MW of charging room) holds half: p = 20
    (8,000 CNY)."""
    res = solve(case(tmp_path, down_share=down_share, battery_mw=battery_mw))
    assert res.objective_cny == pytest.approx(objective, abs=1e-6, rel=1e-6)
    assert res.tables["down_reserve"]["shortfall_mw"].abs().max() < 1e-6
    if down_share:
        p = res.tables["thermal"]["p_mw"].to_numpy()
        assert p == pytest.approx([2 * (20 - battery_mw)] * HOURS, abs=1e-6)


def test_chp_down_reserve_counts_only_room_above_the_back_pressure_line(tmp_path, solve):
    """CHP with heat 40 MWth and p >= 1.5 h = 60 MW (its minimum load 0.2 u is
    lower): without the rule p = 60, u = 60 (heat needs u >= 40), 24,000 CNY.
    20 MW of downward reserve must sit above the back-pressure line: p = 80
    (4 x 80 x 100 = 32,000 CNY); counting p - 0.2 u alone would have left p at 60."""
    res = solve(case(tmp_path, down_share=0.2, chp=True))
    assert res.objective_cny == pytest.approx(32000.0, rel=1e-6)


@pytest.mark.parametrize("down_share, objective", [(0.2, 24000.0), (0.0, 18000.0)], ids=["rule", "off"])
def test_a_charging_store_has_less_downward_room(tmp_path, solve, down_share, objective):
    """Wind only in hours 0-1; a lossless 10 MW / 40 MWh battery. Off: it
    stores 10 MW of wind in hours 0-1 and saves 2 x 10 MWh of coal later
    (hours 2-3 coal 90 MW: 18,000 CNY). With 20 MW of downward reserve,
    charging x MW in hours 0-1 leaves the battery 10 - x MW of room, thermal
    holds 10 + x (p = 20 + 2x), and x MWh saved later cost
    2 x 100 (20 + 2x) + 2 x 100 (100 - x) = 24,000 + 200 x: the battery stays
    idle, 24,000 CNY (counting its full 10 MW whatever it charges: 22,000)."""
    res = solve(case(tmp_path, down_share=down_share, battery_mw=10.0, wind_pu=(1.0, 1.0, 0.0, 0.0)))
    assert res.objective_cny == pytest.approx(objective, rel=1e-6)
