"""Hand-computed cases for three rules that mutation testing found unguarded
(issue 32): each test fails when its rule is changed as named in its
docstring (checked by hand, see notes of the change). Conventions as in
test_formulation.py: a thermal unit's marginal cost is exactly its `cost`,
horizons are cyclic, every result passes tests/invariants.py.
"""

from __future__ import annotations

import dataclasses

import pytest

from cases import NO_RESERVE, thermal, wind, write_case, zones
from gridmodel.gate import prepare
from gridmodel.lp import solve_system
from gridmodel.periods import periods_horizon

REL = 1e-6


def values(result, name: str, column: str, unit: str):
    df = result.tables[name]
    return df[df["unit"] == unit].sort_values("timestamp")[column].to_numpy()


# -------------------------------------------------- reserve for wind and solar
def test_reserve_for_wind_output_commits_a_dear_unit(tmp_path, solve, invariants):
    """Load 1000 MW, 400 MW of free wind, a cheap unit (600 MW at 100
    CNY/MWh) and a dear one (500 MW at 300, minimum load 0.5, so it holds
    at most as much headroom as it makes). Reserve: 0.1 x load + 0.25 x wind
    output. With wind W, dear output d and cheap 1000 - W - d, headroom is
    (600 - (1000 - W - d)) + d >= 100 + 0.25 W, i.e. 2 d + 0.75 W >= 500.
    Curtailing a MW of wind costs 100 and takes 0.75 MW off the headroom
    (0.375 MW more dear output, 75): wind runs flat out, d = (500 - 300) / 2 = 100,
    cheap 500, online dear 200. Cost 100 x 500 + 300 x 100 = 80,000 CNY/h
    (75,000 with the wind term halved, 70,000 without it). The reserve
    invariant sees 1 MW less online on the dear unit as reserve missing."""
    units = [thermal("cheap", "a", 600, 100), thermal("dear", "a", 500, 300, min_load_pu=0.5)]
    tables = {"zones": zones("a"), "thermal": units, "renewables": [wind("w", "a", 400)]}
    res = solve(write_case(tmp_path, tables, {"a": [1000.0] * 4}, {"w": [1.0] * 4}, reserve={"load_share": 0.1, "renewable_share": 0.25}))
    assert res.objective_cny == pytest.approx(4 * (100 * 500 + 300 * 100), rel=REL)
    assert values(res, "thermal", "p_mw", "dear") == pytest.approx([100] * 4, rel=REL)
    assert values(res, "thermal", "online_mw", "dear") == pytest.approx([200] * 4, rel=REL)
    assert values(res, "renewables", "p_mw", "w") == pytest.approx([400] * 4, rel=REL)
    assert res.tables["reserve"]["shortfall_mw"].abs().max() < 1e-6
    th = res.tables["thermal"]
    dear = th["unit"] == "dear"
    less_online = th.assign(online_mw=th["online_mw"] - dear, reserve_mw=th["reserve_mw"] - dear)  # 1 MW less online, consistently
    with pytest.raises(AssertionError, match="upward reserve"):
        invariants(dataclasses.replace(res, tables={**res.tables, "thermal": less_online}))


# ------------------------------------------- the remedy's limit on typical days
def test_remedy_curtailment_limit_weighs_typical_days(tmp_path, invariants):
    """Four days, two typical days: day 0 stands for days 0-2 (weight 3), day 3
    for itself. Load 100 MW; 200 MW of free wind, available 1.0 on day 0
    (100 MW surplus all day) and 0.5 on day 3 (none). Curtailment limit 30 %
    of the available energy, weighted: 0.3 x (200 x 72 + 100 x 24) = 5,040
    MWh of the 7,200 curtailed, so 2,160 MWh must go into an electrolyser
    over day 0's 72 weighted hours: 30 MW (feasibility remedy: 1,000 CNY per
    MW over the horizon, hydrogen worth only the tie-break 1 CNY/MWh), cost
    30,000 - 2,160 = 27,840 CNY. Unweighted days would allow 0.3 x (200 + 100)
    x 24 = 2,160 MWh of the 2,400 curtailed: 240 MWh over 24 h, 10 MW."""
    el = {"name": "h2", "kind": "electrolyser", "zone": "a", "max_mw": 200, "capex_cny_per_kw": 1000 * 8760 / 96 / 1e3, "lifetime_years": 1, "fom_pu_per_year": 0.0}
    tables = {"zones": zones("a"), "renewables": [wind("w", "a", 200)], "candidates": [el]}
    path = write_case(
        tmp_path, tables, {"a": [100.0] * 96}, {"w": [1.0] * 72 + [0.5] * 24}, reserve=NO_RESERVE,
        expansion={"discount_rate": 0.0, "enabled": True, "remedy": "feasibility"}, criteria={"max_curtailment_share": 0.3},
    )
    system = prepare(path)
    res = solve_system(system, periods_horizon(system.index, origin=[0, 3], sequence=[0, 0, 0, 1]))
    invariants(res)
    assert res.tables["expansion"].set_index("candidate")["added"]["h2"] == pytest.approx(30.0, rel=REL)
    assert res.kpis["curtailment_share"] == pytest.approx(0.3, rel=REL)
    assert res.objective_cny == pytest.approx(1000 * 30 - 1 * 30 * 72, rel=REL)


# ------------------------------------------------- ramp down with a shut-down
def test_ramp_down_through_a_shut_down(tmp_path, solve):
    """Load 100 MW for 6 h; free wind covers it in hours 2-4. Coal (100 MW at
    100 CNY/MWh, minimum load 0.5, ramp 0.5 of online capacity; ramp >= min
    load, so a unit may stop from its minimum load) and a dear unit (300).
    Down: p[t-1] - p[t] <= 0.5 u[t-1]; up: p[t] - p[t-1] <= 0.5 u[t]. Every MWh
    of coal saves 200 in hours 5, 0, 1 and costs 100 in windy hours, so
    coal runs 100 in hours 5, 0, 1 and the fewest MWh between: 50 (online
    100, at minimum load), 0 (shut down: 50 - 0 <= 0.5 x 100), 50 (started
    at minimum load, 50 <= 0.5 x 100). Cost 100 x 400 = 40,000 CNY. Limiting
    the fall by the online capacity after it (p[t-1] - p[t] <= 0.5 u[t],
    u[t] <= 2 p[t]) would keep 25 MW in hour 3 (42,500); without a ramp-down
    limit coal would fall to 0 in hour 2 (35,000)."""
    units = [thermal("coal", "a", 100, 100, min_load_pu=0.5, ramp_pu_per_h=0.5), thermal("dear", "a", 1000, 300)]
    tables = {"zones": zones("a"), "thermal": units, "renewables": [wind("w", "a", 100)]}
    res = solve(write_case(tmp_path, tables, {"a": [100.0] * 6}, {"w": [0.0, 0.0, 1.0, 1.0, 1.0, 0.0]}, reserve=NO_RESERVE))
    assert values(res, "thermal", "p_mw", "coal") == pytest.approx([100, 100, 50, 0, 50, 100], abs=1e-6)
    assert values(res, "thermal", "online_mw", "coal") == pytest.approx([100, 100, 100, 0, 100, 100], abs=1e-6)
    assert res.objective_cny == pytest.approx(100 * 400, rel=REL)
