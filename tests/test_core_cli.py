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

from cases import EXAMPLE
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
        assert "VERDICT" in (folder / "run.log").read_text()


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
