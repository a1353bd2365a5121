"""A neighbour as a modelled zone, not an infinite buyer: the joint dispatch
decides the trade, and the neighbour's own wind (same weather) cuts Jilin's
exports. Two zones, four hours, optimum by hand.

Zone j: load 100 MW, 300 MW of wind (availability 1). Neighbour n: load
200 MW, coal 400 MW at 100 CNY/MWh. Tie j-n: 300 MW, lossless, wheeling
0.1 CNY/MWh (which makes the flows unique).
"""

from __future__ import annotations

import pytest

from cases import NO_RESERVE, link, thermal, wind, write_case, zones

HOURS = 4


def neighbour_case(tmp_path, neighbour_wind_mw: float | None):
    """n modelled with `neighbour_wind_mw` of its own wind; None: n is an
    external buyer at 300 CNY/MWh (the old model)."""
    if neighbour_wind_mw is None:
        tables = {"zones": zones("j") + [{"zone": "n", "kind": "external", "export_price_cny_per_mwh": 300.0}], "links": [{**link("jn", "j", "n", 300.0, cost_cny_per_mwh=0.1), "kind": "export"}]}
        load = {"j": [100.0] * HOURS}
    else:
        tables = {"zones": zones("j", "n"), "links": [link("jn", "j", "n", 300.0, cost_cny_per_mwh=0.1)], "thermal": [thermal("coal_n", "n", 400, 100)]}
        load = {"j": [100.0] * HOURS, "n": [200.0] * HOURS}
    tables["renewables"] = [wind("wind_j", "j", 300, "wind")] + ([wind("wind_n", "n", neighbour_wind_mw, "wind")] if neighbour_wind_mw else [])
    return write_case(tmp_path, tables, load, availability={"wind": [1.0] * HOURS}, reserve=NO_RESERVE)


@pytest.mark.parametrize(
    "neighbour_wind_mw, export_mw, objective",
    [(None, 200.0, -HOURS * (300 - 0.1) * 200), (0.0, 200.0, HOURS * 0.1 * 200), (150.0, 50.0, HOURS * 0.1 * 50)],
    ids=["infinite-buyer", "neighbour-no-wind", "neighbour-own-wind"],
)
def test_neighbours_own_wind_cuts_exports(tmp_path, solve, neighbour_wind_mw, export_mw, objective):
    """Infinite buyer: j sells its whole 200 MW surplus, nothing curtailed.
    Modelled neighbour without wind: j's 200 MW replace n's coal, nothing
    curtailed, only wheeling paid. With 150 MW of its own wind on the same
    weather, n needs only 50 MW from j: j curtails 150 of its 300 MW (50 %)."""
    res = solve(neighbour_case(tmp_path, neighbour_wind_mw))
    assert res.objective_cny == pytest.approx(objective, rel=1e-6)
    assert res.tables["flows"]["flow_mw"].to_numpy() == pytest.approx([export_mw] * HOURS, abs=1e-6)
    r = res.tables["renewables"]
    jilin = r[r["zone"] == "j"]
    assert jilin["curtailment_mw"].to_numpy() == pytest.approx([200.0 - export_mw] * HOURS, abs=1e-6)
