"""Heat-led CHP commitment (model/commitment.py) on one zone and two days,
optimum computed by hand, and the month levels on a hand-made heat series.

Zone a: load 60 MW, 200 MW of free wind every hour; one CHP group of 100 MW
(minimum load 0.5, 1 MWth per online MW, no back-pressure line or extraction
loss, 100 CNY/MWh); heat demand 50 MWth on day 1, none on day 2. Without the
rule online CHP follows the heat need: u = 50, p = 25 MW for 24 h = 600 MWh =
60,000 CNY, wind takes the rest. With heat_commitment_pu 0.8 the group keeps
0.8 x 100 x (50 / 50) = 80 MW online on day 1 (none on day 2, no heat): p =
40 MW, 960 MWh = 96,000 CNY - 360 MWh of wind curtailed more.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from cases import NO_RESERVE, thermal, wind, write_case, zones
from gridmodel.model.commitment import heat_levels

DAY = 24


def chp_case(tmp_path, commitment_pu: float, load_mw: float = 60.0, wind_pu: float = 1.0):
    tables = {
        "zones": zones("a"),
        "thermal": [thermal("chp", "a", 100, 100, technology="chp", min_load_pu=0.5, heat_area="h", heat_max_pu=1.0, heat_commitment_pu=commitment_pu)],
        "renewables": [wind("wind", "a", 200)],
        "heat_areas": [{"heat_area": "h", "zone": "a"}],
    }
    heat = [50.0] * DAY + [0.0] * DAY
    return write_case(tmp_path, tables, {"a": [load_mw] * 2 * DAY}, availability={"wind": [wind_pu] * 2 * DAY}, heat={"h": heat}, reserve=NO_RESERVE)


@pytest.mark.parametrize("commitment_pu, objective, online_day1", [(0.8, 96000.0, 80.0), (0.0, 60000.0, 50.0)], ids=["committed", "hourly"])
def test_heat_season_commitment_holds_online_capacity(tmp_path, solve, commitment_pu, objective, online_day1):
    res = solve(chp_case(tmp_path, commitment_pu))
    assert res.objective_cny == pytest.approx(objective, rel=1e-6)
    online = res.tables["thermal"]["online_mw"].to_numpy()
    assert online[:DAY] == pytest.approx([online_day1] * DAY, abs=1e-6)
    assert online[DAY:] == pytest.approx([0.0] * DAY, abs=1e-6)
    if commitment_pu:
        req = res.tables["commitment"]["required_online_mw"].to_numpy()
        assert req == pytest.approx([80.0] * DAY + [0.0] * DAY)


def test_must_run_beyond_load_is_a_shortfall_not_an_infeasibility(tmp_path, solve):
    """Load 30 MW and no wind: the committed 80 MW would have to make 40 MW,
    more than the load, and the balance has no outlet. On day 1 the group
    makes 30 MW with at most 60 MW online (minimum load 0.5) and falls 20 MW
    short of the rule (5,000 CNY per MW and hour); day 2 has no rule:
    24 x (30 x 100 + 20 x 5,000) + 24 x 30 x 100 CNY."""
    res = solve(chp_case(tmp_path, 0.8, load_mw=30.0, wind_pu=0.0))
    short = res.tables["commitment"]["shortfall_mw"].to_numpy()
    assert short[:DAY] == pytest.approx([20.0] * DAY, abs=1e-6)
    rule = {c.name: c for c in res.verdict.criteria}["chp_commitment_shortfall"]
    assert rule.value == pytest.approx(20.0 * DAY, rel=1e-6) and not rule.passed and not res.verdict.feasible
    assert res.objective_cny == pytest.approx(DAY * (30 * 100 + 20 * 5000) + DAY * 30 * 100, rel=1e-6)


def test_month_levels_follow_the_heat_series():
    """Heat peaks at 100 MWth in January and 50 in February; 1 March has heat
    until noon, 2 March none: levels 1.0 in January, 0.5 in February, and on
    1 March the March peak over the year's (20 / 100), 0 on 2 March."""
    index = pd.date_range("2030-01-01", "2030-03-02 23:00", freq="h")
    heat = pd.Series(10.0, index=index)
    heat["2030-01-10 08:00"] = 100.0
    heat["2030-02-10 08:00"] = 50.0
    heat["2030-03-01 00:00":"2030-03-01 11:00"] = 20.0
    heat["2030-03-01 12:00":] = 0.0
    ctx = SimpleNamespace(system=SimpleNamespace(heat_demand_mw_th=heat.to_frame("h")), horizon=SimpleNamespace(index=index, n=len(index)))
    level = pd.Series(heat_levels(ctx, ["h"])[0], index=index)
    assert level["2030-01"].to_numpy() == pytest.approx(np.ones(31 * DAY))
    assert level["2030-02"].to_numpy() == pytest.approx(np.full(28 * DAY, 0.5))
    assert level["2030-03-01"].to_numpy() == pytest.approx(np.full(DAY, 0.2))
    assert level["2030-03-02"].to_numpy() == pytest.approx(np.zeros(DAY))


@pytest.mark.parametrize("contract_mwh, objective, short_mwh", [(200.0, 20000.0, 0.0), (600.0, 440000.0, 200.0), (0.0, 0.0, 0.0)], ids=["met", "beyond-load", "none"])
def test_contracted_generation_displaces_free_wind(tmp_path, solve, contract_mwh, objective, short_mwh):
    """Four hours, load 100 MW, 200 MW of free wind, coal at 100 CNY/MWh with a
    contract of `contract_mwh` over the horizon (x 8760 / 4 a year). 200 MWh:
    the coal makes them and wind is curtailed, 20,000 CNY. 600 MWh: coal can
    sell at most the 400 MWh of load, 200 MWh short at 2,000 CNY/MWh:
    40,000 + 400,000 CNY. No contract: wind serves all, 0."""
    tables = {"zones": zones("a"), "thermal": [thermal("coal", "a", 300, 100, contract_mwh_per_year=contract_mwh * 8760 / 4)], "renewables": [wind("wind", "a", 200)]}
    res = solve(write_case(tmp_path, tables, {"a": [100.0] * 4}, availability={"wind": [1.0] * 4}, reserve=NO_RESERVE))
    assert res.objective_cny == pytest.approx(objective, abs=1e-6, rel=1e-6)
    assert res.tables["thermal"]["p_mw"].sum() == pytest.approx(contract_mwh - short_mwh, abs=1e-6)
    if contract_mwh:
        assert res.tables["contracts"]["shortfall_mwh"].to_numpy() == pytest.approx([short_mwh], abs=1e-6)
        assert {c.name: c.passed for c in res.verdict.criteria}["contract_shortfall"] == (short_mwh == 0)
