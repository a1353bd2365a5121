"""A four-zone Northeast in January (two days), numbers reasoned by hand:
heat-led CHP must-run plus the neighbours' own wind leave Jilin's wind
nowhere to go; without the must-run, or without the neighbours' wind, Jilin
exports it. The back-cast's Jilin measures (gridmodel/backcast.py) are read
from the solved tables.

Every hour, heat demand is half of each CHP group's design (1 MWth per MW),
and January is the year's heat peak here, so model/commitment.py holds the
whole group online (level 1 x capacity) and the 0.5 minimum load makes
0.5 x capacity must-run; without the rule online capacity follows the heat
(u >= h = 0.5 C) and the must-run is 0.25 C. Coal (300 CNY/MWh) has no
minimum; links cost a little (0.1 CNY/MWh), so each zone uses its own wind
first and the curtailment lands where the surplus is.

    zone          load  CHP C   must-run on / off   wind
    west (Jilin)   100   160        80 / 40          100
    liaoning       200   300       150 / 75           50   (+ 200 MW coal)
    heilongjiang   100   160        80 / 40           20   (+ 100 MW coal)
    mengdong        50   100        50 / 25           20   (behind Liaoning)

Rule on: Liaoning (150 + 50) and Heilongjiang (80 + 20) are full, Mengdong
has 20 MW of its own surplus, so Jilin uses 20 of its 100 MW and curtails 80 %
of its wind. Neighbours' wind off: Liaoning has 50 MW of room, Heilongjiang
20, Mengdong 0, so Jilin exports 70 and curtails 10 %. Rule off: Jilin's
surplus (40 + 100 - 100 = 40) fits in the neighbours' room (75 + 40 + 5):
no curtailment anywhere.
"""

from __future__ import annotations

import pytest

from cases import NO_RESERVE, link, thermal, wind, write_case, zones
from gridmodel import backcast

HOURS = 48
FLEET = {"west": (100, 160, 100, 0), "liaoning": (200, 300, 50, 200), "heilongjiang": (100, 160, 20, 100), "mengdong": (50, 100, 20, 0)}
"""zone: (load MW, CHP MW, wind MW, coal MW)."""


def northeast_case(tmp_path, commitment_pu: float = 1.0, neighbour_wind: bool = True, **criteria):
    units, ren, areas = [], [], []
    for z, (_, chp, w, coal) in FLEET.items():
        units.append(thermal(f"chp_{z}", z, chp, 100, technology="chp", min_load_pu=0.5, heat_area=f"heat_{z}", heat_max_pu=1.0, heat_commitment_pu=commitment_pu))
        if coal:
            units.append(thermal(f"coal_{z}", z, coal, 300))
        ren.append(wind(f"wind_{z}", z, w if (z == "west" or neighbour_wind) else 0, profile="wind"))
        areas.append({"heat_area": f"heat_{z}", "zone": z})
    links = [link(n, a, b, 100, cost_cny_per_mwh=0.1) for n, a, b in (("west_liaoning", "west", "liaoning"), ("west_heilongjiang", "west", "heilongjiang"), ("mengdong_liaoning", "mengdong", "liaoning"))]
    provinces = [{**z, "province": "jilin" if z["zone"] == "west" else z["zone"]} for z in zones(*FLEET)]
    tables = {"zones": provinces, "thermal": units, "renewables": ren, "heat_areas": areas, "links": links}
    return write_case(tmp_path, tables, {z: [f[0]] * HOURS for z, f in FLEET.items()}, availability={"wind": [1.0] * HOURS},
                      heat={f"heat_{z}": [0.5 * f[1]] * HOURS for z, f in FLEET.items()}, reserve=NO_RESERVE,
                      criteria={"province": "jilin", **criteria})


def jilin_curtailment(result) -> float:
    ren = result.tables["renewables"]
    return float(backcast.curtailment(ren[ren["zone"] == "west"], "zone").iloc[0])


@pytest.mark.parametrize("commitment_pu, neighbour_wind, share, exports_mw", [(1.0, True, 0.8, 0.0), (1.0, False, 0.1, 70.0), (0.0, True, 0.0, 40.0)],
                         ids=["must-run", "no-neighbour-wind", "no-must-run"])
def test_neighbours_wind_and_chp_must_run_curtail_jilin(tmp_path, solve, commitment_pu, neighbour_wind, share, exports_mw):
    res = solve(northeast_case(tmp_path, commitment_pu, neighbour_wind))
    assert jilin_curtailment(res) == pytest.approx(share, abs=1e-6)
    assert backcast.jilin_exports_mwh(res.tables["flows"]) == pytest.approx(exports_mw * HOURS, abs=1e-3)  # "west" is a Jilin zone


def test_mengdong_surplus_is_its_own_curtailment(tmp_path, solve):
    """With the rule on, Mengdong's 20 MW surplus cannot pass full Liaoning:
    its own wind is curtailed by 20 of 20 MW, Liaoning's and Heilongjiang's not at all."""
    res = solve(northeast_case(tmp_path))
    ren = res.tables["renewables"]
    by_zone = backcast.curtailment(ren, "zone")
    assert by_zone["mengdong"] == pytest.approx(1.0, abs=1e-6)
    assert by_zone[["liaoning", "heilongjiang"]].to_numpy() == pytest.approx([0.0, 0.0], abs=1e-6)


def test_the_verdict_and_the_summary_are_jilins(tmp_path, solve):
    """criteria.province = jilin (zone west): with the rule on, the verdict's
    curtailment is Jilin's 80 of 100 MW, not the system's (80 + 20) / 190 =
    52.6 %; its peak load Jilin's 100 MW, not 450; provinces.csv gives every
    province, Mengdong curtailing all 20 MW of its wind, Liaoning and
    Heilongjiang none."""
    res = solve(northeast_case(tmp_path))
    crit = {c.name: c for c in res.verdict.criteria}
    assert crit["curtailment_share"].value == pytest.approx(0.8, abs=1e-6)
    assert res.kpis["available_wind_solar_mwh"] == pytest.approx(100.0 * HOURS, rel=1e-9)
    assert res.kpis["peak_load_mw"] == pytest.approx(100.0, rel=1e-9)
    p = res.tables["provinces"].set_index("province")
    assert p["curtailment_share"].to_dict() == pytest.approx({"jilin": 0.8, "liaoning": 0.0, "heilongjiang": 0.0, "mengdong": 1.0}, abs=1e-6)
    assert p.index[p["judged"]].tolist() == ["jilin"]
    assert p.loc["liaoning", "load_mwh"] == pytest.approx(200.0 * HOURS, rel=1e-9)


def test_jilins_exports_are_what_crosses_its_border(tmp_path, solve):
    """Without the neighbours' wind Jilin sends 70 MW over its border every
    hour (50 to Liaoning, 20 to Heilongjiang, no losses) and receives
    nothing: the summary's exports are these, as the back-cast counts them."""
    res = solve(northeast_case(tmp_path, neighbour_wind=False))
    assert res.kpis["export_mwh"] == pytest.approx(70.0 * HOURS, rel=1e-6)
    assert res.kpis["import_mwh"] == pytest.approx(0.0, abs=1e-6)
    p = res.tables["provinces"].set_index("province")
    assert p.loc["liaoning", "import_mwh"] + p.loc["heilongjiang", "import_mwh"] == pytest.approx(70.0 * HOURS, rel=1e-6)


def test_a_coal_cap_is_the_judged_provinces(tmp_path, solve):
    """Jilin's CHP burns C tce in the two days, held at its heat-led minimum
    (the must-run above); the neighbours burn more. A cap at C leaves the
    dispatch and its cost as they were (only Jilin's units count); a cap at
    0.9 C cannot be met (the CHP is at its minimum, heat has no other
    source), so 0.1 C is paid at the cap-excess price of 5,000 CNY/tce."""
    free = solve(northeast_case(tmp_path / "free"))
    c_tce = free.kpis["coal_tce"]
    assert 0 < c_tce < free.tables["thermal"]["coal_tce"].sum()
    per_year = c_tce / free.system.year_fraction
    capped = solve(northeast_case(tmp_path / "at", max_coal_tce=per_year * (1 + 1e-9)))
    assert capped.objective_cny == pytest.approx(free.objective_cny, rel=1e-9)
    short = solve(northeast_case(tmp_path / "short", max_coal_tce=0.9 * per_year))
    assert short.objective_cny - free.objective_cny == pytest.approx(5000.0 * 0.1 * c_tce, rel=1e-6)


def test_the_backcast_balance_of_jilin(tmp_path, solve):
    """Without the neighbours' wind, Jilin (zone west) in January: thermal is
    its CHP must-run, 80 MW x 48 h = 3,840 MWh; wind dispatched 90 of 100 MW
    (10 % curtailed), 4,320 MWh; load 4,800 MWh; net export 70 MW x 48 h =
    3,360 MWh; so thermal + wind - load = net export closes."""
    res = solve(northeast_case(tmp_path, neighbour_wind=False))
    jan = backcast.jilin_balance(res).loc[1] * 1e6  # MWh
    assert jan["thermal_twh"] == pytest.approx(80.0 * HOURS, rel=1e-6)
    assert jan["wind_twh"] == pytest.approx(90.0 * HOURS, rel=1e-6)
    assert jan["consumption_twh"] == pytest.approx(100.0 * HOURS, rel=1e-9)
    assert jan["net_export_twh"] == pytest.approx(70.0 * HOURS, rel=1e-6)
    assert jan["wind_curtailed_twh"] == pytest.approx(10.0 * HOURS, rel=1e-6)
    assert backcast.winter_nights(res).to_numpy() == pytest.approx([0.1] * 24, abs=1e-6)
