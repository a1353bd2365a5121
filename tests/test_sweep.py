"""Scenario sweeps: expansion of axes into cases, case keys, and a tiny sweep on a
two-worker dask LocalCluster (loopback) that records a failing case and resumes
without solving anything twice."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from gridmodel.errors import InputError
from gridmodel.sweep import load_sweep, plan, run_sweep

EXAMPLE = Path(__file__).resolve().parents[1] / "data" / "example" / "example.yaml"
GRIDMODEL = Path(sys.executable).parent / "gridmodel"
RENEWABLES = {"capacity_totals_mw.wind": 750, "capacity_totals_mw.solar": 250}  # 3:1 split, GW -> MW


def write_sweep(folder: Path, **doc) -> Path:
    doc = {"name": "tiny", "base": str(EXAMPLE), "hours": 24, "fixed": {"solver.threads": 1}, **doc}
    path = folder / "sweep.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    return path


def test_product_of_values_and_ranges_with_factors(tmp_path):
    sweep = load_sweep(write_sweep(
        tmp_path,
        axes={
            "renewables_gw": {"range": {"start": 2, "stop": 6, "step": 2}, "sets": RENEWABLES},
            "dr_share": {"values": [0, 0.05], "sets": {"table:demand_response.share_of_peak": 1}},
            "criteria.max_curtailment_share": {"range": {"start": 0.05, "stop": 0.1, "num": 3}},
        },
    ))
    grid = sweep.grid()
    assert len(grid) == 3 * 2 * 3
    assert sorted({g["renewables_gw"] for g in grid}) == [2, 4, 6]
    assert sorted({g["criteria.max_curtailment_share"] for g in grid}) == [0.05, 0.075, 0.1]
    settings = sweep.settings({"renewables_gw": 4, "dr_share": 0.05, "criteria.max_curtailment_share": 0.1})
    assert settings == {
        "solver.threads": 1, "capacity_totals_mw.wind": 3000, "capacity_totals_mw.solar": 1000,
        "table:demand_response.share_of_peak": 0.05, "criteria.max_curtailment_share": 0.1,
    }
    scenario = plan(sweep, tmp_path, 24)[-1].scenario  # the last case: 6 GW, 5 %, 0.1
    assert scenario.capacity_totals_mw == {"wind": 4500, "solar": 1500}
    assert scenario.edits[-1].model_dump() == {"table": "demand_response", "where": {}, "set": {"share_of_peak": 0.05}, "scale": {}}


@pytest.mark.parametrize(
    "change, rule",
    [
        ({"colour": "red"}, "field colour: Extra inputs are not permitted"),
        ({"axes": {"x": {"values": [1], "sets": {"table:storage.volume": 1}}}}, "table 'storage' has no column 'volume'"),
        ({"axes": {"x": {"values": [1]}, "y": {"values": [1, 2], "sets": {"x": 2}}}}, "target(s) set more than once: x"),
        ({"plot": {"x": "a", "y": "c"}}, "unknown: ['c']"),
        ({"base": "nowhere.yaml"}, "field base: base scenario 'nowhere.yaml' does not exist"),
    ],
)
def test_a_bad_sweep_file_names_file_field_and_rule(tmp_path, change, rule):
    path = write_sweep(tmp_path, **{"axes": {"a": {"values": [1]}, "b": {"values": [1, 2]}}, **change})
    with pytest.raises(InputError) as exc:
        load_sweep(path)
    assert str(path) in exc.value.message() and rule in exc.value.message()


def test_the_command_rejects_a_bad_sweep_file_with_exit_code_2(tmp_path):
    path = write_sweep(tmp_path, axes={"a": {"values": [1], "range": {"start": 0, "stop": 1, "num": 2}}})
    proc = subprocess.run([str(GRIDMODEL), "sweep", str(path), "--out", str(tmp_path / "out")], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert f"{path}, field axes.a: Value error, give values or range, not both" in proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr and not (tmp_path / "out").exists()


def test_case_key_follows_input_contents_not_location(tmp_path):
    """Moving the data keeps a case's key (its results stay valid); editing a file changes it."""
    keys = {}
    for copy in ("a", "b", "c"):
        shutil.copytree(EXAMPLE.parent, tmp_path / copy)
        sweep_file = write_sweep(tmp_path / copy, base="example.yaml", axes={"renewables_gw": {"values": [2, 4], "sets": RENEWABLES}})
        if copy == "c":
            load = tmp_path / copy / "load_mw.csv"
            load.write_text(load.read_text().replace("\n2030-01-01 00:00,", "\n2030-01-01 00:00,1", 1))
        keys[copy] = [c.key for c in plan(load_sweep(sweep_file), sweep_file.parent, 24)]
    assert keys["a"] == keys["b"] and len(set(keys["a"])) == 2
    assert set(keys["c"]).isdisjoint(keys["a"])


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """Six cases x 24 h on two local workers: four good, one invalid on the
    client (negative wind total), one invalid on the worker (share_of_peak > 1)."""
    folder = tmp_path_factory.mktemp("sweep")
    good = [{"renewables_gw": gw, "dr_share": dr} for gw in (2, 4) for dr in (0.0, 0.05)]
    path = write_sweep(
        folder,
        axes={"renewables_gw": {"sets": RENEWABLES}, "dr_share": {"sets": {"table:demand_response.share_of_peak": 1}}},
        combine="cases",
        cases=good + [{"renewables_gw": -1, "dr_share": 0.0}, {"renewables_gw": 2, "dr_share": 2.0}],
        plot={"x": "renewables_gw", "y": "dr_share"},
    )
    report = run_sweep(path, folder / "out", workers=2, progress=False)
    return path, folder / "out", report


def test_every_case_has_a_row_with_its_parameters(tiny):
    path, out, report = tiny
    table = pd.read_csv(out / "sweep_results.csv")
    expected = yaml.safe_load(path.read_text())["cases"]
    assert table[["renewables_gw", "dr_share"]].to_dict("records") == expected
    assert report.ran == 5 and report.skipped == 0  # the client-side invalid case is never sent
    assert (out / "sweep_map.png").read_bytes()[:4] == b"\x89PNG"


def test_failing_cases_are_recorded_with_their_error_and_the_others_go_on(tiny):
    _, out, _ = tiny
    table = pd.read_csv(out / "sweep_results.csv", keep_default_na=False)
    ok, failed = table[table["status"] == "ok"], table[table["status"] == "failed"]
    assert len(ok) == 4 and len(failed) == 2
    assert failed["failure"].tolist() == ["input", "input"]
    negative, too_large = failed["error"].tolist()
    assert "capacity_totals_mw" in negative and "must be >= 0" in negative
    assert "share_of_peak" in too_large and "less than or equal to 1" in too_large


def test_each_row_is_its_own_run_and_applies_its_parameters(tiny):
    """A row agrees with its run folder's summary; the scenario solved there
    holds the case's capacities; available wind+solar energy scales with them."""
    _, out, _ = tiny
    table = pd.read_csv(out / "sweep_results.csv")
    ok = table[table["status"] == "ok"]
    assert ok["run_dir"].nunique() == 4
    for row in ok.itertuples():
        run_dir = out / row.run_dir
        assert run_dir.parent.name == row.case
        doc = json.loads((run_dir / "summary.json").read_text())
        assert row.feasible == doc["verdict"]["feasible"]
        assert row.objective_cny == pytest.approx(doc["objective_cny"], rel=1e-8)
        solved = yaml.safe_load((run_dir / "scenario_resolved.yaml").read_text())
        assert solved["capacity_totals_mw"] == {"wind": 750 * row.renewables_gw, "solar": 250 * row.renewables_gw}
        assert solved["edits"][-1]["set"] == {"share_of_peak": row.dr_share}
    available = ok.groupby("renewables_gw")["available_wind_solar_mwh"].first()
    assert available[4] == pytest.approx(2 * available[2], rel=1e-9)


def test_a_resumed_sweep_solves_nothing_twice(tiny):
    path, out, _ = tiny
    """Solved cases and cases that failed on their input are done: a second run
    starts no cluster, rewrites no case and reports the same table."""
    path, out, _ = tiny
    before = pd.read_csv(out / "sweep_results.csv")
    case_dirs = [p.parent for p in (out / "cases").glob("*/case.json")]
    stamps = {p: (p / "case.json").stat().st_mtime_ns for p in case_dirs}
    proc = subprocess.run([str(GRIDMODEL), "sweep", str(path), "--out", str(out), "--no-progress"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 4, proc.stderr  # the sweep holds failed cases
    assert "0 run now, 5 done before (skipped), 2 failed" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr
    assert len(case_dirs) == 5 and {p: (p / "case.json").stat().st_mtime_ns for p in case_dirs} == stamps
    assert sum(len([d for d in p.iterdir() if d.is_dir()]) for p in case_dirs) == 4  # one run folder per solved case
    pd.testing.assert_frame_equal(pd.read_csv(out / "sweep_results.csv"), before)
