"""`gridmodel compare` reads run folders only: two example runs differing in
one number (a coal cap tight enough to fail) show the verdict change and KPI
deltas equal to the differences of their summaries."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from cases import EXAMPLE, example_run
from gridmodel.api import run_scenario
from gridmodel.compare import compare
from gridmodel.export import new_run_dir, write_run


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    parent = tmp_path_factory.mktemp("runs")
    base = example_run(parent)
    coal = json.loads((base / "summary.json").read_text())["kpis"]["coal_tce"]
    # the cap is a yearly figure pro-rated to the week: a fifth of this week's coal, as a year
    capped = run_scenario(EXAMPLE, overrides={"criteria.max_coal_tce": 0.2 * coal * 8760 / 168})
    other = new_run_dir(parent, "capped")
    write_run(capped, other, str(EXAMPLE))
    return base, other


def summaries(*dirs):
    return [json.loads((d / "summary.json").read_text()) for d in dirs]


def test_verdict_change_and_kpi_deltas_match_the_summaries(two_runs):
    a, b = summaries(*two_runs)
    t = compare(list(two_runs)).set_index(["section", "name"])
    names = [p.name for p in two_runs]
    assert a["verdict"]["feasible"] and not b["verdict"]["feasible"]
    assert t.loc[("verdict", "feasible"), names].tolist() == [True, False]
    for k, v in a["kpis"].items():
        if v is not None and b["kpis"][k] is not None:
            assert t.loc[("kpi", k), "change"] == pytest.approx(b["kpis"][k] - v, abs=1e-6)
    margin = {c["name"]: c["margin"] for c in b["verdict"]["criteria"]}
    assert t.loc[("criterion margin", "coal_tce"), names[1]] == pytest.approx(margin["coal_tce"])
    assert margin["coal_tce"] < 0
    wind = pd.read_csv(two_runs[0] / "inputs" / "renewables.csv").query("technology == 'wind'")["capacity_mw"].sum()
    assert t.loc[("capacity (renewables)", "wind"), names[0]] == pytest.approx(wind)
    assert t.loc[("capacity (renewables)", "wind"), "change"] == 0


def test_compare_command_writes_csv_and_figure(two_runs, tmp_path):
    exe = str(Path(sys.executable).parent / "gridmodel")
    proc = subprocess.run([exe, "compare", *map(str, two_runs), "--out", str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "NOT FEASIBLE" in proc.stdout and "coal_tce" in proc.stdout
    csv = pd.read_csv(tmp_path / "comparison.csv", encoding="utf-8-sig")
    assert {"section", "name", "unit", "change"} <= set(csv.columns)
    assert (tmp_path / "comparison.png").stat().st_size > 5_000
    bad = subprocess.run([exe, "compare", str(two_runs[0]), str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_change_is_the_later_run_minus_the_earlier_whatever_the_order_given(two_runs):
    base, capped = two_runs  # base written first
    a, b = summaries(base, capped)
    assert a["created"] < b["created"]
    backward = compare([capped, base])
    pd.testing.assert_frame_equal(backward, compare([base, capped]))
    assert list(backward.columns[3:5]) == [base.name, capped.name]
    t = backward.set_index(["section", "name"])
    assert t.loc[("kpi", "coal_tce"), "change"] == pytest.approx(b["kpis"]["coal_tce"] - a["kpis"]["coal_tce"], abs=1e-6)
    assert t.loc[("kpi", "coal_tce"), "change"] < 0  # the cap cut coal


def test_a_change_of_a_share_is_in_percentage_points_signed(two_runs):
    from gridmodel import i18n
    from gridmodel.compare import shown_rows

    table = compare(list(two_runs))
    share = table.set_index(["section", "name"]).loc[("kpi", "renewable_share_of_generation")]
    rows = {(r["section"], r["name"]): r for r in shown_rows(table)}
    row = rows[("kpi", "renewable_share_of_generation")]
    assert row["unit"] == "%" and row["change_unit"] == "percentage points"
    assert float(row["change"].replace("+", "")) == pytest.approx(100 * share["change"], rel=5e-3)
    assert row["change"].startswith("+") == (share["change"] > 0)
    with i18n.language("zh"):
        zh = {r["name"]: r for r in shown_rows(table)}
    assert zh["可再生能源发电占比"]["change_unit"] == "个百分点"
