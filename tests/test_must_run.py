"""Staged must-run (model/must_run.py) on one zone and four days (1-4
January), optimum computed by hand; and its input rules.

Zone a: load 60 MW, 200 MW of free wind every hour; one CHP group of 100 MW
(no minimum load, no heat demand, 100 CNY/MWh). Without a stage wind serves
all and the CHP group stays off (objective 0). A stage of 0.4 asks 40 MW of
CHP output in every hour of its days: 40 MW x 24 h x 100 CNY/MWh = 96,000 CNY
per day, and 40 MW more wind curtailed (180 instead of 140 MW) in exactly
those hours.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from cases import NO_RESERVE, thermal, wind, write_case
from gridmodel.attribution import attribute
from gridmodel.cli import app
from gridmodel.errors import InputError
from gridmodel.inputs import load_system

DAY, DAYS = 24, 4


def chp_case(tmp_path, stages: list[dict], load_mw: float = 60.0, wind_pu: float = 1.0, province: str = "", regime: dict | None = None):
    """The case of the module doc; the stages are a rule of the planned regime (gridmodel/regime.py)."""
    n = DAYS * DAY
    tables = {
        "zones": [{"zone": "a", "kind": "internal", "province": province}],
        "thermal": [thermal("chp", "a", 100, 100, technology="chp", heat_area="h", heat_max_pu=1.0)],
        "renewables": [wind("wind", "a", 200)],
        "heat_areas": [{"heat_area": "h", "zone": "a"}],
        "must_run": stages,
    }
    return write_case(tmp_path, tables, {"a": [load_mw] * n}, availability={"wind": [wind_pu] * n}, heat={"h": [0.0] * n}, reserve=NO_RESERVE, regime=regime or {"name": "planned"})


def stage(start: str, end: str, pu: float = 0.4, province: str = "a", technology: str = "chp") -> dict:
    return {"province": province, "technology": technology, "start": start, "end": end, "min_output_pu": pu}


@pytest.mark.parametrize(
    "start, end, staged_days",
    [("01-02", "01-03", [1, 2]), ("11-16", "01-01", [0]), ("02-01", "03-31", [])],
    ids=["two-days", "over-the-year-end", "outside-the-run"],
)
def test_a_stage_forces_output_and_curtailment_only_on_its_days(tmp_path, solve, start, end, staged_days):
    res = solve(chp_case(tmp_path, [stage(start, end)]))
    on = np.zeros(DAYS * DAY, dtype=bool)
    for d in staged_days:
        on[d * DAY : (d + 1) * DAY] = True
    assert res.objective_cny == pytest.approx(96000.0 * len(staged_days), abs=1e-6)
    assert res.tables["thermal"]["p_mw"].to_numpy() == pytest.approx(np.where(on, 40.0, 0.0), abs=1e-6)
    assert res.tables["renewables"]["curtailment_mw"].to_numpy() == pytest.approx(np.where(on, 180.0, 140.0), abs=1e-6)
    table = res.tables["must_run"]
    assert table["required_mw"].to_numpy() == pytest.approx(np.where(on, 40.0, 0.0))
    assert table["shortfall_mw"].to_numpy() == pytest.approx(np.zeros(DAYS * DAY), abs=1e-6)


@pytest.mark.parametrize("regime", [{"name": "market"}, {"name": "planned", "off": ["must_run"]}], ids=["market", "planned-without-must-run"])
def test_stages_are_a_rule_of_the_planned_regime(tmp_path, solve, regime):
    res = solve(chp_case(tmp_path, [stage("01-02", "01-03")], regime=regime))
    assert res.objective_cny == pytest.approx(0.0, abs=1e-6)
    assert res.tables["must_run"].empty


def test_a_stage_binds_only_its_province_and_technology(tmp_path, solve):
    """Zone a in province jilin: a coal stage of jilin, and a CHP stage of
    zone a as if it were its own province, leave the CHP group free."""
    res = solve(chp_case(tmp_path, [stage("01-01", "12-31", province="jilin", technology="coal")], province="jilin"))
    assert res.objective_cny == pytest.approx(0.0, abs=1e-6)
    assert res.tables["must_run"].empty
    with pytest.raises(InputError, match="unknown province 'a'"):
        load_system(chp_case(tmp_path, [stage("01-01", "12-31")], province="jilin"))


def test_a_stage_beyond_the_load_is_a_shortfall_not_an_infeasibility(tmp_path, solve):
    """Load 30 MW, no wind: the stage's 40 MW cannot all be sold (the balance
    has no outlet); the group makes 30 MW and falls 10 MW short at 5,000
    CNY/MWh on day 2: 24 x (30 x 100 + 10 x 5,000) + 3 x 24 x 30 x 100 CNY."""
    res = solve(chp_case(tmp_path, [stage("01-02", "01-02")], load_mw=30.0, wind_pu=0.0))
    short = res.tables["must_run"]["shortfall_mw"].to_numpy()
    assert short[DAY : 2 * DAY] == pytest.approx([10.0] * DAY, abs=1e-6)
    assert short.sum() == pytest.approx(10.0 * DAY, abs=1e-6)
    assert res.objective_cny == pytest.approx(DAY * (30 * 100 + 10 * 5000) + 3 * DAY * 30 * 100, rel=1e-9)
    rule = {c.name: c for c in res.verdict.criteria}["must_run_shortfall"]
    assert rule.value == pytest.approx(10.0 * DAY, rel=1e-6) and not rule.passed


@pytest.mark.parametrize(
    "stages, where, rule",
    [
        ([stage("11-16", "02-28"), stage("02-20", "03-31")], "row 2 (province=a, 02-20 to 03-31)", "overlaps row 1 (11-16 to 02-28)"),
        ([stage("11-16", "12-31"), stage("01-01", "03-31"), stage("12-31", "01-01")], "row 3 (province=a, 12-31 to 01-01)", "overlaps row 1"),
        ([stage("02-30", "03-31")], "field start", "must be a day of the year as MM-DD"),
        ([stage("11-16", "3-31")], "field end", "must be a day of the year as MM-DD"),
        ([stage("11-16", "03-31", province="jilin")], "row 1 (province=jilin, technology=chp, start=11-16), field province", "unknown province 'jilin'"),
        ([stage("11-16", "03-31", pu=1.5)], "field min_output_pu", "less than or equal to 1"),
    ],
    ids=["overlap", "overlap-over-the-year-end", "no-such-day", "not-mm-dd", "unknown-province", "share-above-1"],
)
def test_bad_stages_are_refused_naming_file_row_and_rule(tmp_path, stages, where, rule):
    path = chp_case(tmp_path, stages)
    with pytest.raises(InputError) as err:
        load_system(path)
    issues = [i for i in err.value.issues if i.file.endswith("must_run.csv")]
    assert any(where in i.where and rule in i.rule for i in issues), err.value.message()


def test_stages_of_different_technologies_may_overlap(tmp_path):
    load_system(chp_case(tmp_path, [stage("11-16", "03-31"), stage("11-16", "03-31", technology="coal")]))


def test_curtailment_a_stage_causes_is_attributed_to_the_thermal_limits(tmp_path):
    """The two-day stage curtails 40 MW x 48 h = 1,920 MWh more than the 140 MW
    x 96 h the load leaves anyway: relaxing the thermal family (which lifts
    the stages) takes exactly those away; the rest is plain surplus."""
    causes = attribute(load_system(chp_case(tmp_path, [stage("01-02", "01-03")]))).causes.set_index("cause")["curtailment_mwh"]
    assert causes["thermal"] == pytest.approx(40 * 48, rel=1e-6)
    assert causes["surplus"] == pytest.approx(140 * 96, rel=1e-6)


def test_typical_days_hold_the_stages_of_their_own_dates(tmp_path, solve):
    """28 days as 3 typical days (load 60, 70 or 80 MW by day, so that the
    days differ), a stage from 20 December to 2 January: each typical day (a real
    day, periods.py) asks 40 MW of CHP output if its date lies in the stage
    and nothing otherwise, and gets exactly that, the wind the rest."""
    path = chp_case(tmp_path, [stage("12-20", "01-02")])
    path.write_text(path.read_text() + "representative_periods:\n  days: 3\n")
    for name in ("load_mw", "availability", "heat_demand_mw_th"):  # the case's 4 days made 28
        df = pd.read_csv(tmp_path / f"{name}.csv")
        df = pd.concat([df] * 7, ignore_index=True).assign(timestamp=pd.date_range("2030-01-01", periods=28 * DAY, freq="h").strftime("%Y-%m-%d %H:%M"))
        if name == "load_mw":
            df["a"] = 60.0 + 10.0 * (np.arange(28 * DAY) // DAY % 3)
        df.to_csv(tmp_path / f"{name}.csv", index=False)
    res = solve(path)
    table = res.tables["must_run"]
    assert "weight_h" in table
    staged = (table["timestamp"].dt.day <= 2).to_numpy()
    assert staged.any() and not staged.all()
    assert table["required_mw"].to_numpy() == pytest.approx(np.where(staged, 40.0, 0.0))
    assert table["p_mw"].to_numpy() == pytest.approx(np.where(staged, 40.0, 0.0), abs=1e-6)


def test_overlapping_stages_stop_the_cli_with_exit_code_2(tmp_path):
    out = CliRunner().invoke(app, ["validate", str(chp_case(tmp_path, [stage("11-16", "02-28"), stage("02-20", "03-31")]))])
    assert out.exit_code == 2 and "must_run.csv, row 2" in out.output and "must not overlap" in out.output and "Traceback" not in out.output
