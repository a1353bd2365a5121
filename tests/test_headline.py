"""The run's answer first (gridmodel/headline.py, binding.py): a remedy run's
headline says the verdict as it is, then the remedy's checked hour by hour;
summary.json keeps the verdict as it is with the remedy beside it; why it
fails names the link at its limit in a case with one known bottleneck; and
`compare` warns when runs were solved in different modes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from cases import EXAMPLE, NO_RESERVE, link, thermal, wind, write_case, zones
from gridmodel import binding, excel, i18n, workflow
from gridmodel.api import run_scenario
from gridmodel.export import new_run_dir, write_run
from gridmodel.finding import why_sentences
from gridmodel.gate import prepare
from gridmodel.headline import FIXED, headline, mode_line
from gridmodel.report import write_report

WIND_MW = 6000  # twice the example's wind: the example's week curtails 18 % of it
REMEDY = {"capacity_totals_mw": {"wind": WIND_MW}, "expansion.enabled": True, "expansion.typical_days": 2, "solver.window_days": 1}
"""Remedy mode on the example's week in day windows, planned on 2 typical days
(+ extreme days): the plan's curtailment is not the hourly check's."""


@pytest.fixture(scope="module")
def remedy_run(tmp_path_factory):
    """The example's week with twice its wind, in remedy mode: it fails on
    curtailment as it is; the remedy, planned on typical days, passes every hour."""
    system = prepare(EXAMPLE, REMEDY)
    solved = workflow.solve(system)
    run_dir = new_run_dir(tmp_path_factory.mktemp("runs"), "remedy")
    workflow.write(solved, run_dir, str(EXAMPLE))
    write_report(run_dir)
    return solved, run_dir, json.loads((run_dir / "summary.json").read_text(encoding="utf-8"))


def test_summary_keeps_the_verdict_as_it_is_and_the_remedy_beside_it(remedy_run):
    """`verdict` is the base dispatch's (every hour, nothing added), not the
    plan's; `remedy` carries the hourly check's verdict and curtailment,
    the additions and the cost."""
    solved, _, doc = remedy_run
    (r,) = solved.remedies
    assert not r.base.verdict.feasible and r.passed and r.plan.kpis["curtailment_share"] != r.check.kpis["curtailment_share"]  # the case is what the test needs
    curtailment = {c["name"]: c for c in doc["verdict"]["criteria"]}["curtailment_share"]
    assert doc["verdict"]["feasible"] is False and curtailment["value"] == pytest.approx(r.base.kpis["curtailment_share"], rel=1e-9)
    assert curtailment["value"] > curtailment["limit"] > doc["remedy"]["curtailment_share"]["checked_hourly"]
    assert doc["remedy"]["feasible"] is True and doc["remedy"]["checked_hourly"] is True
    assert doc["remedy"]["curtailment_share"]["checked_hourly"] == pytest.approx(r.check.kpis["curtailment_share"], rel=1e-9)
    assert doc["remedy"]["check"]["feasible"] == r.check.verdict.feasible
    assert doc["remedy"]["cost"]["total_cny"] == pytest.approx(r.cost()["total_cny"], rel=1e-9)
    assert sorted(a["candidate"] for a in doc["remedy"]["additions"]) == sorted(r.additions["candidate"])
    assert doc["remedy"]["curtailment_share"]["planned"] == pytest.approx(r.plan.kpis["curtailment_share"], rel=1e-9)
    assert doc["mode"] == doc["remedy"]["checked_as"] == {"key": "windows", "days": 1} and doc["remedy"]["planned_on"] == {"key": "typical_days", "days": 2}
    assert doc["why"]["criterion"] == "curtailment_share"


def test_a_remedy_runs_headline_says_not_feasible_as_planned_then_feasible_with_the_remedy(remedy_run):
    """The same words, in both languages, in the report, the workbook and
    the console's function; the hourly check's curtailment, not the plan's."""
    solved, run_dir, doc = remedy_run
    h = headline(doc)
    checked = f"{100 * solved.remedies[0].check.kpis['curtailment_share']:.3g} %"
    base = f"{100 * solved.remedies[0].base.kpis['curtailment_share']:.3g} %"
    assert h.state == FIXED and h.css == "fixed"
    assert h.text.startswith(f"NOT FEASIBLE as planned (curtailment_share {base} > 5.00 %); feasible with +")
    assert h.text.endswith(f"(checked hour by hour: curtailment_share {checked})")
    report = (run_dir / "report.html").read_text(encoding="utf-8")
    assert f'<span class="fixed">{h.text.replace(">", "&gt;")}</span>' in report and "Why it fails" in report
    sheet = openpyxl.load_workbook(run_dir / excel.XLSX)["verdict"]
    mode = sheet.cell(1 + excel.PROVENANCE.index("mode"), 2).value  # the provenance block's mode row
    assert sheet.cell(excel.HEADER_ROW + 1, 2).value == h.text and mode.startswith("Solved as 1-day windows carried through the horizon: good for")
    assert "planned on 2 typical days standing for the horizon" in mode and "months are approximate" in mode
    with i18n.language("zh"):
        zh = headline(doc).text
    assert zh.startswith(f"按规划不可行（弃风弃光率 {base} > 5.00 %）") and f"逐时校核：弃风弃光率 {checked}" in zh


def bottleneck(tmp_path) -> Path:
    """Wind in zone a (200 MW) behind a 50 MW link a_b; the load in b and c
    is met by coal in b; b_c (500 MW) never binds. In the windy hours (even
    ones, full output) a uses 20 MW, sends 50 and curtails 130 MW; in the
    calm ones (35 %, 70 MW) it uses 20 and sends 50: at the limit without
    curtailing. A battery sits in c, beyond a_b from the curtailing zone."""
    hours = 48
    tables = {
        "zones": zones("a", "b", "c"),
        "links": [link("a_b", "a", "b", 50.0), link("b_c", "b", "c", 500.0)],
        "thermal": [thermal("coal_b", "b", 400, 100)],
        "renewables": [wind("wind_a", "a", 200)],
        "storage": [{"name": "st_c", "zone": "c", "technology": "battery", "power_mw": 10, "energy_mwh": 20, "eta_charge": 0.9, "eta_discharge": 0.9}],
    }
    load = {"a": [20.0] * hours, "b": [100.0] * hours, "c": [50.0] * hours}
    return write_case(tmp_path / "bottleneck", tables, load, availability={"wind_a": [1.0 if h % 2 == 0 else 0.35 for h in range(hours)]}, reserve=NO_RESERVE)


def test_why_it_fails_names_the_link_at_its_limit_in_every_curtailment_hour(tmp_path):
    result = run_scenario(bottleneck(tmp_path))
    doc, limits, use = binding.why(result)
    assert doc["criterion"] == "curtailment_share" and doc["failing_hours"] == 24 and doc["zones"] == ["a"]
    row = limits.set_index("link")
    assert row.loc["a_b", ["limit_hours", "failing_limit_hours", "failing_hours_share"]].tolist() == [48, 24, 1.0]
    assert row.loc["a_b", "direction"] == "forward"
    assert row.loc["b_c", "limit_hours"] == 0 and row.loc["b_c", "failing_hours_share"] == 0
    assert [b["link"] for b in doc["binding"]] == ["a_b"]
    battery = use.set_index("name").loc["battery"]
    assert battery["beyond_binding_limits"] and battery["power_mw"] == 10
    assert doc["renewables"]["curtailment_mwh"] == pytest.approx(24 * 130, rel=1e-6)
    words = why_sentences(doc)
    assert words[0] == "curtailment_share fails in 24 h: a_b (corridor, 50.0 MW) at its limit in 100 % of them (48 h over the horizon)."
    assert any("battery" in s and "beyond the binding limits" in s for s in words)


def test_compare_warns_when_the_runs_modes_differ(tmp_path):
    """One LP against typical days: a warning naming both modes on stderr;
    two runs of one mode: none."""
    scenario = bottleneck(tmp_path)
    folders = []
    for name, overrides in (("hourly", None), ("hourly_again", None), ("typical", {"representative_periods": {"days": 1, "extreme": False}})):
        run_dir = new_run_dir(tmp_path / "runs", name)
        write_run(run_scenario(scenario, overrides=overrides), run_dir, str(scenario))
        folders.append(run_dir)
    doc = json.loads((folders[2] / "summary.json").read_text())
    assert doc["mode"] == {"key": "typical_days", "days": 1} and "annual totals" in mode_line(doc)
    gridmodel = Path(sys.executable).parent / "gridmodel"

    def compare(*dirs):
        done = subprocess.run([str(gridmodel), "compare", *map(str, dirs), "--out", str(tmp_path / "cmp")], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done

    mixed = compare(folders[0], folders[2])
    assert "WARNING: the runs were solved in different modes" in mixed.stderr
    assert "one LP over the horizon" in mixed.stderr and "1 typical days standing for the horizon" in mixed.stderr
    assert "WARNING" not in compare(folders[0], folders[1]).stderr


def test_the_latitude_sets_the_analysts_remedy_runs_of_the_same_inputs_side_by_side(remedy_run, tmp_path):
    """Beside the run (planned on 2 typical days): the same inputs planned on
    4 (another cost, the largest addition 10 % larger) and other inputs on 8
    (left out).
    The sentence gives both plans' costs and both sizes, the run's own first
    by planning days; a run alone gets the general statement only."""
    import copy

    from gridmodel.headline import LATITUDE, latitude

    _, run_dir, doc = remedy_run
    assert latitude(run_dir) == LATITUDE  # alone in its folder
    largest = max(doc["remedy"]["additions"], key=lambda a: a["annualised_cost_cny"])
    typical = copy.deepcopy(doc)
    typical["remedy"]["planned_on"] = {"key": "typical_days", "days": 4}
    typical["remedy"]["cost"]["total_cny"] = 2 * doc["remedy"]["cost"]["total_cny"]
    next(a for a in typical["remedy"]["additions"] if a["candidate"] == largest["candidate"] and a["unit"] == largest["unit"])["added"] *= 1.1
    other = copy.deepcopy(typical)
    other["input_sha256"] = {"scenario": "0" * 64}
    other["remedy"]["planned_on"] = {"key": "typical_days", "days": 8}
    for folder, d in (("typical", typical), ("other", other)):
        (run_dir.parent / folder).mkdir()
        (run_dir.parent / folder / "summary.json").write_text(json.dumps(d))
    text = latitude(run_dir)
    from gridmodel.units import money, quantity

    assert text.startswith(LATITUDE + " Remedy runs of these inputs planned on 2 typical days standing for the horizon / 4 typical days standing for the horizon: cost ")
    assert f"{money(doc['remedy']['cost']['total_cny'])} / {money(2 * doc['remedy']['cost']['total_cny'])}/a" in text
    assert f"{largest['candidate']} +{quantity(largest['added'], largest['unit'])} / +{quantity(1.1 * largest['added'], largest['unit'])}" in text
    assert "8 typical days" not in text  # the run on other inputs is not a third plan


def test_the_sign_follows_the_criterion_sense():
    """A share that must be at least its limit passes with ≥ and fails with <;
    a quantity that must stay below passes with ≤ and fails with >."""
    from gridmodel.headline import criterion_text

    share = {"name": "export_renewable_share", "value": 0.608, "limit": 0.5, "unit": "p.u.", "sense": "min"}
    assert " ≥ " in criterion_text({**share, "passed": True}) and " < " in criterion_text({**share, "value": 0.4, "passed": False})
    curtailed = {"name": "curtailment_share", "value": 0.118, "limit": 0.05, "unit": "p.u.", "sense": "max"}
    assert " > " in criterion_text({**curtailed, "passed": False}) and " ≤ " in criterion_text({**curtailed, "value": 0.01, "passed": True})
