"""The command line as a user meets it: the installed `gridmodel` entry point in
a subprocess, so the exit codes and output checked are the real ones."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from cases import EXAMPLE, two_months_of_hydro
from gridmodel.schema import Scenario

EXAMPLE_DIR = EXAMPLE.parent
GRIDMODEL = Path(sys.executable).parent / "gridmodel"


def gridmodel(*args) -> subprocess.CompletedProcess:
    return subprocess.run([str(GRIDMODEL), *map(str, args)], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """The example run twice into one parent folder: the whole week, then 24 h."""
    out = tmp_path_factory.mktemp("runs")
    done = [gridmodel("run", EXAMPLE_DIR / "example.yaml", "--out", out), gridmodel("run", EXAMPLE_DIR / "example.yaml", "--out", out, "--hours", 24)]
    return out, done


def test_run_exits_0_and_writes_a_complete_run_folder(runs):
    out, done = runs
    for proc in done:
        assert proc.returncode == 0, proc.stderr
        assert "Traceback" not in proc.stdout + proc.stderr
    folders = sorted(p for p in out.iterdir() if p.is_dir())
    assert len(folders) == 2  # a new folder per run, never over an old one
    for folder in folders:
        for name in ("summary.json", "summary.csv", "run.log", "scenario_resolved.yaml", "zones.csv", "thermal.csv", "storage.csv", "flows.csv"):
            assert (folder / name).is_file(), f"{name} missing in {folder}"
        doc = json.loads((folder / "summary.json").read_text())
        criteria = {c["name"]: c for c in doc["verdict"]["criteria"]}
        assert {"unserved_energy", "reserve_shortfall", "curtailment_share", "heat_shortfall"} <= set(criteria)
        assert all({"value", "limit", "margin", "passed"} <= set(c) for c in criteria.values())
        assert doc["verdict"]["feasible"] == all(c["passed"] for c in criteria.values())
        assert set(pd.read_csv(folder / "summary.csv")["section"]) >= {"verdict", "criterion", "kpi"}
        Scenario.model_validate(yaml.safe_load((folder / "scenario_resolved.yaml").read_text()))  # a valid scenario again


ROUNDING = 1e-6  # CSV numbers are rounded to this (export.py)
# summary KPI -> (CSV, column) whose plain sum it is in a chronological run
SUMS = {
    "load_mwh": ("zones", "load_mw"),
    "unserved_mwh": ("zones", "unserved_mw"),
    "curtailment_mwh": ("renewables", "curtailment_mw"),
    "available_wind_solar_mwh": ("renewables", "available_mw"),
    "coal_tce": ("thermal", "coal_tce"),
    "co2_t": ("thermal", "co2_t"),
    "hydro_mwh": ("hydro", "p_mw"),
    "export_mwh": ("exchange", "export_mw"),
    "demand_response_mwh": ("demand_response", "dr_mw"),
}


def test_summary_numbers_are_the_sums_of_the_tables_beside_them(runs):
    """What an analyst adds up in the CSVs is what summary.json, summary.csv
    and run.log say."""
    out, _ = runs
    for folder in out.iterdir():
        doc = json.loads((folder / "summary.json").read_text())
        kpis = doc["kpis"]
        for kpi, (name, column) in SUMS.items():
            df = pd.read_csv(folder / f"{name}.csv")
            assert df[column].sum() == pytest.approx(kpis[kpi], rel=1e-9, abs=ROUNDING * len(df)), kpi  # CSVs hold numbers rounded to 1e-6
        assert min(kpis["available_wind_solar_mwh"], kpis["coal_tce"], kpis["hydro_mwh"]) > 0  # the sums compared are not all zero
        criteria = {c["name"]: c for c in doc["verdict"]["criteria"]}
        assert criteria["curtailment_share"]["value"] == pytest.approx(kpis["curtailment_mwh"] / kpis["available_wind_solar_mwh"], rel=1e-12)
        assert criteria["unserved_energy"]["value"] == pytest.approx(kpis["unserved_mwh"], rel=1e-12)
        rows = pd.read_csv(folder / "summary.csv")
        kpi_rows = rows[rows["section"] == "kpi"].set_index("name")["value"].astype(float)
        assert kpi_rows.to_dict() == pytest.approx({k: (float("nan") if v is None else v) for k, v in kpis.items()}, rel=1e-9, abs=ROUNDING, nan_ok=True)
        log = (folder / "run.log").read_text()
        verdict = "FEASIBLE" if doc["verdict"]["feasible"] else "NOT FEASIBLE"
        assert f"VERDICT over {doc['hours']} hours: {verdict}" in log
        assert f"objective {doc['objective_cny']:.6g} CNY" in log


def test_hours_option_limits_the_horizon(runs):
    out, _ = runs
    hours = {}
    for folder in out.iterdir():
        doc = json.loads((folder / "summary.json").read_text())
        zones = pd.read_csv(folder / "zones.csv")
        assert len(zones) == doc["hours"] * zones["zone"].nunique()
        hours[doc["hours"]] = doc["last_hour"]
    assert hours == {168: "2030-01-07 23:00", 24: "2030-01-01 23:00"}


@pytest.fixture
def broken_copy(tmp_path) -> Path:
    """A copy of the example whose coal unit has a minimum load of 150 %."""
    folder = tmp_path / "example"
    shutil.copytree(EXAMPLE_DIR, folder)
    thermal = pd.read_csv(folder / "thermal.csv")
    thermal.loc[thermal["name"] == "coal_central", "min_load_pu"] = 1.5
    thermal.to_csv(folder / "thermal.csv", index=False)
    return folder / "example.yaml"


@pytest.mark.parametrize("command", ["validate", "run"])
def test_broken_field_exits_2_naming_file_and_field(broken_copy, tmp_path, command):
    out = tmp_path / "runs"
    proc = gridmodel(command, broken_copy, *(["--out", out] if command == "run" else []))
    assert proc.returncode == 2
    output = proc.stdout + proc.stderr
    assert "thermal.csv" in output and "coal_central" in output and "min_load_pu" in output
    assert "Traceback" not in output
    assert not out.exists() or not any(out.iterdir())  # no run folder for bad input


def test_validate_accepts_the_example_and_rejects_a_missing_file(tmp_path):
    ok = gridmodel("validate", EXAMPLE_DIR / "example.yaml")
    assert ok.returncode == 0 and "valid" in ok.stdout
    missing = gridmodel("validate", tmp_path / "nowhere.yaml")
    assert missing.returncode == 2
    assert "nowhere.yaml" in missing.stderr and "does not exist" in missing.stderr
    assert "Traceback" not in missing.stdout + missing.stderr


def test_months_option_solves_calendar_months(tmp_path):
    """`--months` on cases.two_months_of_hydro: two windows, January's and
    February's days, each holding its month's hydro budget whole, so the
    run's objective is the one LP's hand-computed 15,840,000 CNY (weekly
    windows would keep the 4 days as one LP and say nothing); `--exact` or
    `--typical-days` with it is refused, exit 2, before any run folder."""
    scenario = two_months_of_hydro(tmp_path / "case")
    proc = gridmodel("run", scenario, "--months", "--out", tmp_path / "runs")
    assert proc.returncode == 0, proc.stderr
    (folder,) = (tmp_path / "runs").iterdir()
    doc = json.loads((folder / "summary.json").read_text())
    assert doc["timings_s"]["windows"] == 2
    assert doc["objective_cny"] == pytest.approx(15_840_000.0, rel=1e-9)
    for other in (["--exact"], ["--typical-days", "2"]):
        both = gridmodel("run", scenario, "--months", *other, "--out", tmp_path / "other")
        assert both.returncode == 2 and "--months" in both.stderr and other[0] in both.stderr and "Traceback" not in both.stderr
        assert not (tmp_path / "other").exists()
