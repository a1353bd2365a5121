"""The report reads a run folder and writes PNG figures and one HTML file
with them embedded; it must work for any horizon and never fail a run."""

from __future__ import annotations

import base64
import json
import logging
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cases import example_run
from gridmodel import cli
from gridmodel.attribution import CAUSES_CSV
from gridmodel.report import Run, lowest_week, supply, week_around, write_report

MIN_PNG_BYTES = 5_000
ALWAYS = ("dispatch_peak_week", "dispatch_low_net_load_week", "storage_soc", "curtailment_by_month_zone", "net_load_duration")


@pytest.fixture(scope="module")
def week(tmp_path_factory):
    """The example week, with a curtailment-by-cause table beside it."""
    run_dir = example_run(tmp_path_factory.mktemp("runs"))
    causes = pd.DataFrame({"cause": ["network", "surplus"], "description": ["lines", "rest"], "curtailment_mwh": [30.0, 10.0], "share": [0.75, 0.25]})
    causes.to_csv(run_dir / CAUSES_CSV, index=False)
    write_report(run_dir)
    return run_dir


def test_every_figure_is_written_and_not_empty(week):
    for stem in (*ALWAYS, "network_map", "curtailment_by_cause"):
        png = week / "figures" / f"{stem}.png"
        assert png.stat().st_size > MIN_PNG_BYTES, stem


def test_html_is_one_file_holding_every_figure_and_the_verdict(week):
    doc = (week / "report.html").read_text(encoding="utf-8")
    for png in (week / "figures").glob("*.png"):
        assert base64.b64encode(png.read_bytes()).decode("ascii") in doc, png.name
    summary = json.loads((week / "summary.json").read_text())
    assert ('<span class="pass">FEASIBLE as planned' in doc) == summary["verdict"]["feasible"]
    for criterion in ("unserved_energy", "reserve_shortfall", "curtailment_share", "heat_shortfall"):
        assert criterion in doc
    assert "load_mwh" in doc and "Curtailment by cause" in doc


def test_the_dispatch_figures_data_balances_every_hour(week):
    """The stacked supply (sources up, sinks down) the dispatch figures draw
    is the load plus the line losses, hour by hour, from the CSVs alone."""
    run = Run(week)
    losses = run.hourly("flows", "loss_mw")
    assert losses.max() > 0 and run.hourly("storage", "charge_mw").max() > 0  # every term of the sum is exercised
    stacked = supply(run).sum(axis=1)
    assert stacked.to_numpy() == pytest.approx((run.load() + losses).to_numpy(), rel=1e-9, abs=1e-6)


def test_a_horizon_shorter_than_a_week_uses_what_there_is(tmp_path):
    run_dir = example_run(tmp_path, hours=30)
    write_report(run_dir)
    for stem in ALWAYS:
        assert (run_dir / "figures" / f"{stem}.png").stat().st_size > MIN_PNG_BYTES, stem
    assert not (run_dir / "figures" / "curtailment_by_cause.png").exists()


def test_a_run_without_input_tables_skips_only_the_map(week, tmp_path):
    old = shutil.copytree(week, tmp_path / "old", ignore=shutil.ignore_patterns("inputs", "figures", "report.html"))
    write_report(old)
    drawn = {p.stem for p in (old / "figures").glob("*.png")}
    assert drawn == {*ALWAYS, "curtailment_by_cause"}


def test_week_windows_stay_inside_the_horizon():
    hours = pd.date_range("2030-01-01", periods=500, freq="h")
    assert week_around(hours, 3) == slice(0, 168)
    assert week_around(hours, 499) == slice(332, 500)
    assert week_around(hours[:30], 10) == slice(0, 30)
    net = pd.Series(np.ones(500))
    net.iloc[200:368] = -1.0  # the lowest week starts at hour 200
    assert lowest_week(net) == slice(200, 368)


def test_report_command(week):
    proc = subprocess.run([str(Path(sys.executable).parent / "gridmodel"), "report", str(week)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "report.html" in proc.stdout


def test_a_failing_report_only_warns(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="gridmodel"):
        cli._report(tmp_path)  # no summary.json: the report cannot be made
    assert "report not written" in caplog.text


# ------------------------------------------------------- the verdict explained
def test_where_and_when_curtailment_binds(tmp_path, caplog):
    """Two zones joined by a line of no capacity, each with more wind than
    load: a curtails 60, 0, 30 MW, b 10, 0, 0 MW."""
    from cases import NO_RESERVE, link, wind, write_case, zones
    from gridmodel.api import run_scenario
    from gridmodel.export import write_run

    path = write_case(
        tmp_path / "islands",
        {"zones": zones("a", "b"), "links": [link("ab", "a", "b", 0)], "renewables": [wind("wa", "a", 100), wind("wb", "b", 50)]},
        load={"a": [40.0, 40.0, 40.0], "b": [40.0, 40.0, 40.0]},
        availability={"wa": [1.0, 0.2, 0.7], "wb": [1.0, 0.2, 0.8]},
        reserve=NO_RESERVE,
    )
    result = run_scenario(path)
    c = next(c for c in result.verdict.criteria if c.name == "curtailment_share")
    w = c.where
    assert w.zones == [{"zone": "a", "amount": pytest.approx(90.0)}, {"zone": "b", "amount": pytest.approx(10.0)}]
    assert w.months == [{"month": 1, "amount": pytest.approx(100.0)}]
    assert w.hours == 2
    assert [h["timestamp"] for h in w.worst_hours] == ["2030-01-01 00:00", "2030-01-01 02:00"]
    assert [h["amount"] for h in w.worst_hours] == pytest.approx([70.0, 30.0])
    doc = write_run(result, tmp_path)
    explained = next(x for x in doc["verdict"]["criteria"] if x["name"] == "curtailment_share")
    assert explained["where"]["zones"][0]["zone"] == "a" and "worst hours" in explained["where_text"]
    summary = pd.read_csv(tmp_path / "summary.csv")
    assert "a 90" in summary.query("section == 'criterion' and name == 'curtailment_share'")["where"].item()
    with caplog.at_level(logging.INFO, logger="gridmodel"):
        cli.print_verdict(result)
    assert "2030-01-01 00:00 (70)" in caplog.text and "a 90" in caplog.text
