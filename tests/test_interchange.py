"""Planned province interchange (model/interchange.py) on a two-province case
with optima computed by hand.

Province P1 is zone a: load 100 MW, wind 300 MW (available 1.0 in hour 0,
0.5 in hour 1), coal_a 100 MW at 100 CNY/MWh. Province P2 is zone b: load
400 MW, coal_b 500 MW at 300 CNY/MWh. One tie, 1000 MW, 10 % losses.

Unscheduled (least cost), a sends all it can spare (coal_a delivered at
100 / 0.9 = 111 < 300): hour 0 wind 300 + coal_a 100 - load 100 = 300 MW,
b receives 270 and burns 130; hour 1 150 + 100 - 100 = 150 MW, b receives
135 and burns 265:
    100 x 100 + 300 x 130 + 100 x 100 + 300 x 265 = 138,500 CNY, nothing curtailed.
"""

from __future__ import annotations

import pytest

from cases import NO_RESERVE, link, thermal, wind, write_case
from gridmodel.errors import InputError
from gridmodel.inputs import load_system
from gridmodel.results import border_exchange
from gridmodel.schema import Penalties

PEN = Penalties().interchange_deviation_cny_per_mwh
UNSCHEDULED_CNY = 100 * 100 + 300 * 130 + 100 * 100 + 300 * 265


def two_provinces(folder, plan: list[dict], reverse: bool = False):
    """The case above; `reverse` states the tie from b to a (same physics)."""
    tables = {
        "zones": [{"zone": "a", "kind": "internal", "province": "P1"}, {"zone": "b", "kind": "internal", "province": "P2"}],
        "links": [link("tie", "b", "a", 1000.0, 0.1) if reverse else link("tie", "a", "b", 1000.0, 0.1)],
        "thermal": [thermal("coal_a", "a", 100, 100), thermal("coal_b", "b", 500, 300)],
        "renewables": [wind("wind_a", "a", 300)],
    }
    if plan:
        tables["interchange"] = plan
    load = {"a": [100.0, 100.0], "b": [400.0, 400.0]}
    return write_case(folder, tables, load, availability={"wind_a": [1.0, 0.5]}, reserve=NO_RESERVE, solver={"window_days": None}, regime={"name": "planned"})


def curtailed_mwh(res) -> float:
    return float(res.tables["renewables"]["curtailment_mw"].sum())


def test_no_plan_is_least_cost(tmp_path, solve):
    res = solve(two_provinces(tmp_path, []))
    assert res.objective_cny == pytest.approx(UNSCHEDULED_CNY, rel=1e-9)
    assert curtailed_mwh(res) == pytest.approx(0.0, abs=1e-6)
    assert "interchange" not in res.tables


@pytest.mark.parametrize("reverse", [False, True], ids=["tie-a-to-b", "tie-b-to-a"])
def test_a_schedule_forces_the_flow_metered_at_the_province_border(tmp_path, solve, reverse):
    """P1 to export 100 MW net, no band: a sends 100 MW (metered at its own
    end), b receives 90 and burns 310 both hours; a curtails 100 MW of wind in
    hour 0 and runs coal_a at 50 in hour 1 (wind 150 + 50 = load + 100):
        300 x 310 + 100 x 50 + 300 x 310 = 191,000 CNY: +52,500, 100 MWh curtailed.
    Metered at b's end (100 received, 111.1 sent) it would cost 186,111."""
    res = solve(two_provinces(tmp_path, [{"province": "P1", "month": 1, "net_export_mw": 100, "band_mw": 0}], reverse))
    assert res.objective_cny == pytest.approx(300 * 310 + 100 * 50 + 300 * 310, rel=1e-9)
    assert res.objective_cny - UNSCHEDULED_CNY == pytest.approx(52_500, rel=1e-9)
    assert curtailed_mwh(res) == pytest.approx(100.0, rel=1e-9)
    plan = res.tables["interchange"]
    assert plan["province"].tolist() == ["P1", "P1"]
    assert plan["net_export_mw"].to_numpy() == pytest.approx([100, 100], rel=1e-9)
    assert plan["scheduled_mw"].to_numpy() == pytest.approx([100, 100])
    assert plan["deviation_mw"].to_numpy() == pytest.approx([0, 0], abs=1e-9)
    rule = next(c for c in res.verdict.criteria if c.name == "interchange_deviation")
    assert rule.value == pytest.approx(0, abs=1e-6) and rule.passed
    sent = res.tables["flows"]["flow_mw"].abs().to_numpy()
    assert sent == pytest.approx([100, 100], rel=1e-9)
    border = border_exchange(res.tables["flows"], {"a"})  # the province's exchange as the summary counts it
    assert (border["export_mw"] - border["import_mw"]).to_numpy() == pytest.approx(plan["net_export_mw"].to_numpy(), rel=1e-9)


def test_the_deviation_is_paid_exactly_where_the_schedule_cannot_be_met(tmp_path, solve):
    """P1 to export 300 +- 50 MW. Hour 0: the least-cost 300 MW lies in the
    band (49,000 CNY, as unscheduled). Hour 1: a can spare at most 150 MW,
    100 MW below the band: deviation -100 MW at the penalty, the dispatch as
    unscheduled (89,500 CNY)."""
    res = solve(two_provinces(tmp_path, [{"province": "P1", "month": 1, "net_export_mw": 300, "band_mw": 50}]))
    assert res.objective_cny == pytest.approx(UNSCHEDULED_CNY + 100 * PEN, rel=1e-9)
    plan = res.tables["interchange"]
    assert plan["net_export_mw"].to_numpy() == pytest.approx([300, 150], rel=1e-9)
    assert plan["deviation_mw"].to_numpy() == pytest.approx([0, -100], abs=1e-6)
    rule = next(c for c in res.verdict.criteria if c.name == "interchange_deviation")
    assert rule.value == pytest.approx(100, rel=1e-6) and not rule.passed


def test_a_month_without_a_row_is_not_scheduled(tmp_path, solve):
    res = solve(two_provinces(tmp_path, [{"province": "P1", "month": 2, "net_export_mw": 100, "band_mw": 0}]))
    assert res.objective_cny == pytest.approx(UNSCHEDULED_CNY, rel=1e-9)
    assert res.tables["interchange"]["scheduled_mw"].isna().all()


@pytest.mark.parametrize(
    "row, needle",
    [
        ({"province": "P9", "month": 1, "net_export_mw": 0}, "unknown province 'P9'"),
        ({"province": "P1", "month": 13, "net_export_mw": 0}, "month"),
        ({"province": "P1", "month": 1, "net_export_mw": 0, "band_mw": -1}, "band_mw"),
    ],
    ids=["unknown-province", "month-13", "negative-band"],
)
def test_bad_plan_rows_are_named(tmp_path, row, needle):
    with pytest.raises(InputError) as err:
        load_system(two_provinces(tmp_path, [row]))
    assert "interchange.csv" in str(err.value) and needle in str(err.value)


def test_a_province_month_planned_twice_is_refused(tmp_path):
    row = {"province": "P1", "month": 1, "net_export_mw": 0}
    with pytest.raises(InputError, match="duplicate province and month"):
        load_system(two_provinces(tmp_path, [row, row]))


def test_a_surplus_the_plan_cannot_take_is_a_deviation_not_a_loop(tmp_path, solve):
    """P1 is zones a1 and a2 joined by a line with 10 % losses; a CHP unit in
    a1 must make 300 MW for its 300 MWth of heat (cm = 1, no boiler); loads
    50 + 50 MW. P1's plan: net export 0 +- 100 MW; P2 (zone b, load 500, coal
    at 300) takes the rest over a lossless tie from a2.

    a1 sends 250 MW, a2 receives 225 and passes 175 to b: P1 makes 200 MW
    net of its load (175 across the border + 25 lost on its line), 100 above
    the band. Each hour 300 x 100 (CHP) + 325 x 300 (coal_b) + 100 x penalty.
    Metered at the border alone, sending 605 MW one way and 395 back on the
    line would burn 75 MW more and meet the band at 150,000 CNY an hour."""
    hours = 2
    tables = {
        "zones": [{"zone": "a1", "kind": "internal", "province": "P1"}, {"zone": "a2", "kind": "internal", "province": "P1"}, {"zone": "b", "kind": "internal", "province": "P2"}],
        "links": [link("line", "a1", "a2", 1000.0, 0.1), link("tie", "a2", "b", 1000.0)],
        "thermal": [thermal("chp_a", "a1", 400, 100, technology="chp", heat_area="h", heat_max_pu=1.0, cm=1.0, cv=0.0), thermal("coal_b", "b", 1000, 300)],
        "heat_areas": [{"heat_area": "h", "zone": "a1", "boiler_mw_th": 0.0}],
        "interchange": [{"province": "P1", "month": 1, "net_export_mw": 0, "band_mw": 100}],
    }
    load = {"a1": [50.0] * hours, "a2": [50.0] * hours, "b": [500.0] * hours}
    path = write_case(tmp_path, tables, load, heat={"h": [300.0] * hours}, reserve=NO_RESERVE, solver={"window_days": None}, regime={"name": "planned"})
    res = solve(path)
    assert res.objective_cny == pytest.approx(hours * (300 * 100 + 325 * 300 + 100 * PEN), rel=1e-9)
    plan = res.tables["interchange"]
    assert plan["net_export_mw"].to_numpy() == pytest.approx([200] * hours, rel=1e-9)
    assert plan["deviation_mw"].to_numpy() == pytest.approx([100] * hours, rel=1e-9)
    line = res.tables["flows"].query("link == 'line'")
    assert line["loss_mw"].to_numpy() == pytest.approx([25] * hours, rel=1e-9)  # 10 % of 250 MW one way: no loop


def test_a_plan_held_as_the_month_energy(tmp_path, solve):
    """P1 to export 100 MW net with a 100 MW band. Unscheduled, a sends 300
    then 150 MW (its wind surplus and its 100 MW of cheap coal); the band
    caps hour 0 at 200 (coal_a off, b burns 90 MWh more at 300 CNY/MWh:
    +17,000). Holding the month's energy at 100 MW x 2 h = 200 MWh: cost is
    a constant + 100 (coal_a) - 270 (exports) x the energy, so coal_a stays
    off and 200 of the 250 MWh of wind surplus leave: 50 MWh curtailed,
    b burns 800 - 0.9 x 200 = 620 MWh: 186,000 CNY."""
    band = {"province": "P1", "month": 1, "net_export_mw": 100, "band_mw": 100}
    assert solve(two_provinces(tmp_path / "band", [band])).objective_cny == pytest.approx(UNSCHEDULED_CNY + 17_000, rel=1e-9)
    res = solve(two_provinces(tmp_path / "energy", [{**band, "monthly_energy": True}]))
    assert res.tables["interchange"]["net_export_mw"].sum() == pytest.approx(200.0, rel=1e-9)
    assert curtailed_mwh(res) == pytest.approx(50.0, rel=1e-9)
    assert res.objective_cny == pytest.approx(300 * 620, rel=1e-9)
