"""The report's first screen reads as a finding: verdict, what fails, where,
when and by how much (checked against the CSVs), the fix and its cost, the
where/when as tables, and the key inputs with the estimates flagged."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from cases import curtailed_run
from gridmodel import finding, i18n, report

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    return curtailed_run(tmp_path_factory.mktemp("finding"))


@pytest.fixture(scope="module")
def pages(run_dir):
    return {lang: re.sub(r"data:[^'\")]+", "", report.write_report(run_dir, lang).read_text(encoding="utf-8")) for lang in ("en", "zh")}


def block(page: str, start: str, end: str) -> str:
    return page[page.index(start) : page.index(end, page.index(start))]


@pytest.fixture(scope="module")
def curtailed(run_dir):
    """Curtailment share, and January's share of the curtailed energy, from renewables.csv."""
    r = pd.read_csv(run_dir / "renewables.csv", encoding="utf-8-sig", parse_dates=["timestamp"])
    jan = r[r["timestamp"].dt.month == 1]["curtailment_mw"].sum() / r["curtailment_mw"].sum()
    return r["curtailment_mw"].sum() / r["available_mw"].sum(), jan


def test_finding_names_the_failing_criterion_its_value_where_and_when(pages, curtailed):
    share, jan = curtailed
    text = block(pages["en"], "<div class='finding'>", "</div>")
    assert "NOT FEASIBLE: 1 of 4 criteria fail" in text
    assert f"curtailment_share fails: {100 * share:.1f} % against a limit of 5.00 %, {100 * (share - 0.05):.1f} percentage points over" in text
    assert f"Mostly in a (100 %); worst months Jan ({100 * jan:.0f} %), Feb ({100 * (1 - jan):.0f} %)" in text
    assert "gridmodel run --expand" in text  # no remedy ran: how to get one
    zh = block(pages["zh"], "<div class='finding'>", "</div>")
    assert f"弃风弃光率不满足：{100 * share:.1f} %，限值 5.00 %，超出 {100 * (share - 0.05):.1f} 个百分点" in zh and f"1月 ({100 * jan:.0f} %)" in zh


def test_the_finding_comes_before_the_criteria_and_the_figures(pages):
    page = pages["en"]
    assert page.index("class='finding'") < page.index("Key inputs") < page.index("Criteria (") < page.index("<h2>Figures")


def test_where_and_when_is_a_table_by_zone_month_and_worst_hour(pages, run_dir):
    w = block(pages["en"], "curtailment_share: where and when", "nonzero in")
    assert "by zone" in w and "by month" in w and "worst hours" in w
    months = re.findall(r"<td>(Jan|Feb|Mar)</td>", w)
    assert months == ["Jan", "Feb"]  # calendar order, the months the case spans
    r = pd.read_csv(run_dir / "renewables.csv", encoding="utf-8-sig")
    assert f"<td>{r.groupby('timestamp')['curtailment_mw'].sum().max():.0f}</td>" in w  # worst hour, MW
    assert re.findall(r"<td>(1月|2月)</td>", block(pages["zh"], "弃风弃光率：发生地点与时间", "共 ")) == ["1月", "2月"]


def test_key_inputs_show_the_ratings_and_flag_estimates(run_dir, tmp_path):
    doc = json.loads((run_dir / "summary.json").read_text())
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(Path(doc["scenario_file"]).read_text() + "edits:\n  # a_b: rating not published (estimate)\n  - table: links\n    where: {name: a_b}\n    set: {capacity_mw: 50}\n")
    plain = finding.key_inputs(report.Run(run_dir), doc).set_index("input")
    marked = finding.key_inputs(report.Run(run_dir), {**doc, "scenario_file": str(scenario)}).set_index("input")
    assert plain.loc["corridor a_b", "value"] == "50.0 MW" and plain.loc["wind", "value"] == "200 MW"
    assert finding.input_rows(report.Run(run_dir), doc).set_index("input").loc["corridor a_b", "source"] == "sourced"
    assert plain.loc["corridor a_b", "note"] == "" and marked.loc["corridor a_b", "note"] == "estimate"


def test_estimates_are_read_from_the_shipped_data_readme_and_scenario():
    marked = finding.estimates((ROOT / "data" / "README.md").read_text(encoding="utf-8"))
    assert {"west_central", "west_south_uhv", "2030 annual energy", "2030 peak load"} <= marked
    assert "central_liaoning" not in marked  # sourced (PyPSA-China-PIK)
    assert finding.scenario_estimates((ROOT / "data" / "scenarios" / "jilin_2030.yaml").read_text(encoding="utf-8")) == {"west_south_uhv"}


CRITERIA = [
    {"name": "unserved_energy", "value": 0.0, "limit": 1.0, "margin": 1.0, "unit": "MWh", "passed": True},
    {"name": "curtailment_share", "value": 0.045, "limit": 0.05, "margin": 0.005, "unit": "p.u.", "passed": True},
]


def test_a_feasible_finding_names_the_tightest_criterion_and_a_remedy_its_cost():
    added = pd.DataFrame({"candidate": ["line_ab", "battery_a"], "kind": ["link", "storage"], "where": ["a_b", "a"], "unit": ["MW", "MW"], "added": [1500.0, 0.0], "annualised_cost_cny": [2.0e7, 0.0]})
    doc = {"verdict": {"criteria": CRITERIA}, "kpis": {"remedy_total_cny_per_year": 2.5e7, "remedy_check_feasible": 1.0}}
    first, fix = finding.finding(doc, added, "8760 hours")
    assert first == "Over 8760 hours the plan is FEASIBLE: all 2 criteria pass; the tightest is curtailment_share, 4.50 % against a limit of 5.00 %."
    assert fix.startswith("Cheapest fix found (remedy mode; the verdict above is with it built): line_ab +1.50 GW, costing 25.0 M CNY a year") and "meets every criterion" in fix
    with i18n.language("zh"):
        assert "年成本 2,500 万元" in finding.finding(doc, added, "8760 小时")[1]
