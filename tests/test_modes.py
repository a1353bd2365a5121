"""The invariants on every mode that is not one plain chronological LP, and
typical-day outputs that say what they are.

Typical days: the example week as 3 typical days plus its extreme days, at
half its load so that wind is curtailed. Every hourly table has `weight_h`
(the hours each row stands for); an annual figure of the summary is the sum
of its column x weight_h, and the console, run.log, summary and report say
"N typical days standing for 168 h" instead of "168 hours".

Remedy: planned on typical days (the horizon is longer than a solver window),
then checked hour by hour with the additions as given capacities; both pass
the invariants with the candidates' sizes from the expansion table.
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace

import pandas as pd
import pytest

from cases import EXAMPLE
from gridmodel import cli
from gridmodel.api import run_scenario, solve_scenario_system
from gridmodel.export import write_run
from gridmodel.remedy import with_additions
from gridmodel.report import Run, curtailment_figure, write_html
from gridmodel.periods import accuracy
from gridmodel.results import WEIGHT, horizon_text
from invariants import check_invariants

TYPICAL = {"representative_periods.days": 3, "load_scale": 0.5}
TOTALS = {  # summary KPI -> (table, column) it sums
    "curtailment_mwh": ("renewables", "curtailment_mw"),
    "load_mwh": ("zones", "load_mw"),
    "export_mwh": ("exchange", "export_mw"),
    "coal_tce": ("thermal", "coal_tce"),
    "storage_discharge_mwh": ("storage", "discharge_mw"),
}


@pytest.fixture(scope="module")
def typical(tmp_path_factory):
    result = run_scenario(EXAMPLE, overrides=TYPICAL)
    run_dir = tmp_path_factory.mktemp("typical")
    write_run(result, run_dir, str(EXAMPLE))
    return result, run_dir


def test_typical_days_pass_the_invariants_and_say_how_many_days(typical):
    result, _ = typical
    check_invariants(result)
    days = result.tables["zones"]["timestamp"].dt.normalize().nunique()
    assert 3 < days < 7  # 3 typical days and the extreme ones, fewer than the week
    assert horizon_text(result.system, result.tables) == f"{days} typical days standing for 168 h; {accuracy(result.system)}"


def test_every_hourly_csv_has_weights_that_sum_to_the_summary(typical):
    """sum(column x weight_h) over a CSV is the summary's annual figure; the
    plain column sum is not (each row stands for one to several hours)."""
    result, run_dir = typical
    kpis = json.loads((run_dir / "summary.json").read_text())["kpis"]
    kpis["storage_discharge_mwh"] = kpis["pumped_hydro_discharge_mwh"] + kpis["battery_discharge_mwh"]
    assert kpis["curtailment_mwh"] > 100  # the test needs curtailment to weigh
    for kpi, (name, column) in TOTALS.items():
        df = pd.read_csv(run_dir / f"{name}.csv")
        weighted = (df[column] * df[WEIGHT]).sum()
        assert weighted == pytest.approx(kpis[kpi], rel=1e-9, abs=1e-6 * df[WEIGHT].sum()), kpi  # CSVs hold numbers rounded to 1e-6
        if kpi == "load_mwh":  # on every row (this week's curtailment falls on a one-hour-weight extreme day)
            assert df[column].sum() != pytest.approx(kpis[kpi], rel=1e-3)
    for name, df in result.tables.items():
        if "timestamp" in df and len(df):  # empty tables: rules not in use (commitment, security, ...)
            written = pd.read_csv(run_dir / f"{name}.csv", usecols=["timestamp", WEIGHT])
            steps = written.drop_duplicates("timestamp")
            assert steps[WEIGHT].sum() == pytest.approx(168), name
            assert (steps[WEIGHT] >= 1).all(), name


def test_summary_report_and_console_say_typical_days(typical, caplog):
    result, run_dir = typical
    text = horizon_text(result.system, result.tables)
    doc = json.loads((run_dir / "summary.json").read_text())
    assert doc["horizon"] == text
    rows = pd.read_csv(run_dir / "summary.csv")
    assert rows.query("section == 'run' and name == 'horizon'")["value"].item() == text
    page = write_html(Run(run_dir), {}).read_text(encoding="utf-8")
    assert text in page and "168 hours" not in page
    with caplog.at_level(logging.INFO, logger="gridmodel"):
        cli.print_verdict(result)
    assert f"VERDICT over {text}" in caplog.text


def test_the_report_weighs_curtailment_by_month(typical):
    """The bars of the curtailment figure (GWh by month and zone) add up to
    the summary's curtailment, not to the plain sum of the rows."""
    result, run_dir = typical
    fig = curtailment_figure(Run(run_dir))
    bars_gwh = sum(bar.get_height() for bar in fig.axes[0].patches)
    assert bars_gwh * 1e3 == pytest.approx(result.kpis["curtailment_mwh"], rel=1e-9, abs=1e-3)  # CSV numbers rounded to 1e-6


def test_a_chronological_run_says_hours_and_has_no_weights(tmp_path):
    result = run_scenario(EXAMPLE, hours=24)
    assert all(WEIGHT not in df for df in result.tables.values())
    assert horizon_text(result.system, result.tables) == "24 hours"


def test_remedy_plan_and_its_hourly_check_pass_the_invariants():
    """Plan the example's first 5 days on 3 typical days and its extreme days (windows
    of a day make it a long horizon); check every hour as one LP. (On 2 typical
    days the month's hydro, shared between them, makes the heat store not pay.)"""
    plan = run_scenario(EXAMPLE, hours=120, overrides={"expansion.enabled": True, "expansion.typical_days": 3, "solver.window_days": 1})
    assert plan.tables["zones"][WEIGHT].max() > 1 and plan.tables["expansion"]["added"].max() > 1.0
    check_invariants(plan)
    system = with_additions(plan.system, plan.tables["expansion"])
    system = replace(system, scenario=system.scenario.model_copy(update={"solver": system.scenario.solver.model_copy(update={"window_days": None})}))
    check = solve_scenario_system(system)
    assert WEIGHT not in check.tables["zones"] and len(check.tables["zones"]["timestamp"].unique()) == 120
    check_invariants(check)
