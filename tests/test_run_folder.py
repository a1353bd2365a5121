"""The run folder as promised: progress from start to end, a clean stop on
Ctrl-C / SIGTERM (FAILED.txt naming the stage, no half-written file, earlier
runs untouched), highs.log, summary.csv with a unit on every row and the
versions and input hashes, valid JSON, rounded CSV numbers without -0."""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cases import EXAMPLE
from gridmodel.export import finite_json, json_text
from gridmodel.files import TEMP_SUFFIX, atomic, write_csv

GRIDMODEL = Path(sys.executable).parent / "gridmodel"
JILIN = Path(__file__).resolve().parents[1] / "data" / "scenarios" / "jilin_2030.yaml"


def folder_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def example_run(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    out = tmp_path_factory.mktemp("runs")
    proc = subprocess.run([str(GRIDMODEL), "run", str(EXAMPLE), "--out", str(out), "--hours", "48"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    (run_dir,) = out.iterdir()
    return run_dir, proc


def test_run_reports_each_stage_with_elapsed_time(example_run):
    run_dir, proc = example_run
    stages = re.findall(r"^\[\s*([\d.]+) s\] (.+)$", proc.stderr + proc.stdout, flags=re.M)
    names = [name for _, name in stages]
    for expected in ("reading and checking", "building the LP", "HiGHS solving", "collecting the results", "writing the results", "drawing the figures"):
        assert any(n.startswith(expected) for n in names), f"no stage {expected!r} in {names}"
    times = [float(t) for t, _ in stages]
    assert times == sorted(times)  # elapsed time since the start, never going back
    assert "[" in (run_dir / "run.log").read_text()


def test_highs_log_and_summary_csv_are_complete(example_run):
    run_dir, _ = example_run
    assert "HiGHS" in (run_dir / "highs.log").read_text()
    summary = pd.read_csv(run_dir / "summary.csv", keep_default_na=False)
    assert (summary["unit"] != "").all(), summary[summary["unit"] == ""]
    sections = set(summary["section"])
    assert {"verdict", "criterion", "kpi", "run", "timing", "version", "input"} <= sections
    inputs = summary[summary["section"] == "input"]
    assert {"scenario", "zones", "series.load"} <= set(inputs["name"])
    assert inputs["value"].str.fullmatch(r"[0-9a-f]{64}").all()
    load_sha = inputs.loc[inputs["name"] == "series.load", "value"].item()
    assert load_sha == hashlib.sha256((EXAMPLE.parent / "load_mw.csv").read_bytes()).hexdigest()
    assert set(summary.loc[summary["section"] == "version", "name"]) >= {"gridmodel", "highspy", "pyomo", "python"}


def test_result_csvs_are_rounded_and_have_no_negative_zero(example_run):
    run_dir, _ = example_run
    checked = 0
    for path in run_dir.glob("*.csv"):
        text = path.read_text(encoding="utf-8-sig")
        assert not re.search(r"(^|,)-0(\.0+)?(,|$)", text, flags=re.M), f"-0 in {path.name}"
        assert not re.search(r"\d\.\d{7,}", text), f"more than 6 decimals in {path.name}"
        checked += 1
    assert checked >= 8


def test_write_csv_rounds_to_six_decimals_and_drops_negative_zero(tmp_path):
    df = pd.DataFrame({"p_mw": [-0.0, 1 / 3, -1e-9, 2.5e12 + 0.1234567]})
    write_csv(df, tmp_path / "t.csv")
    lines = (tmp_path / "t.csv").read_text().splitlines()[1:]
    assert lines[:3] == ["0", "0.333333", "0"]
    assert float(lines[3]) == 2500000000000.123457


def test_summary_json_is_valid_json_with_non_finite_values_flagged():
    doc = {"kpis": {"curtailment_share": float("nan"), "load_mwh": 5.0}, "criteria": [{"value": float("inf")}], "n": np.float64(2.0)}
    text = json_text(doc)
    parsed = json.loads(text, parse_constant=lambda c: pytest.fail(f"non-JSON constant {c}"))
    assert parsed["kpis"] == {"curtailment_share": None, "load_mwh": 5.0}
    assert parsed["criteria"][0]["value"] is None and parsed["n"] == 2.0
    assert parsed["non_finite"] == ["kpis.curtailment_share", "criteria[0].value"]
    assert finite_json({"a": 1.0}, flagged=[]) == {"a": 1.0}


def test_an_interrupted_write_leaves_neither_the_file_nor_a_partial(tmp_path):
    target = tmp_path / "flows.csv"
    with pytest.raises(KeyboardInterrupt):
        with atomic(target) as tmp:
            tmp.write_text("timestamp,p_mw\n2030-01-01 00:00,1")
            raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_stops_the_run_cleanly(tmp_path, example_run, signum):
    """Jilin 2030, two weeks as one LP (several seconds of HiGHS): the signal is
    sent once HiGHS is solving; the run must stop within seconds, record
    FAILED.txt naming the stage, write no result CSV and leave the earlier
    run folder as it was."""
    earlier, _ = example_run
    before = folder_digest(earlier)
    out = tmp_path / "runs"
    proc = subprocess.Popen(
        [str(GRIDMODEL), "run", str(JILIN), "--out", str(out), "--hours", "336", "--exact"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # pytest run as a background job ignores SIGINT, and a child would inherit that
    )
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if "HiGHS solving" in line:
            proc.send_signal(signum)
            break
    rest, _ = proc.communicate(timeout=60)
    output = "".join(lines) + rest
    assert proc.returncode == 130, output
    assert "Traceback" not in output
    (run_dir,) = out.iterdir()
    failed = (run_dir / "FAILED.txt").read_text()
    assert "interrupted" in failed and "HiGHS solving" in failed
    assert ("SIGTERM" if signum == signal.SIGTERM else "SIGINT") in failed
    assert not list(run_dir.rglob(f"*{TEMP_SUFFIX}"))
    assert not [p.name for p in run_dir.glob("*.csv")], "result CSVs written by an interrupted run"
    assert folder_digest(earlier) == before


def descendants(pid: int) -> set[int]:
    """The live processes below `pid` (Linux's /proc): the window workers,
    and where multiprocessing forks them from a server, that server too."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # ended meanwhile
            continue
        if fields[0] != "Z":
            parents[int(stat.parent.name)] = int(fields[1])
    found, new = set(), {pid}
    while new:
        new = {child for child, parent in parents.items() if parent in new} - found
        found |= new
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the window workers from Linux's /proc")
def test_sigterm_to_the_run_stops_its_window_workers(tmp_path):
    """Jilin 2030's January and February as monthly windows on 2 worker
    processes (a month's window is ~20 s of HiGHS on a quiet machine): SIGTERM
    to the run's own process, not its process group, once HiGHS works on
    January. The run must stop within seconds with FAILED.txt naming the
    windows, no worker left alive, and January's window not solved to its end
    (highs.log: no model status in its part), where before the run waited for
    its workers to finish their windows."""
    scenario = tmp_path / "two_months.yaml"
    scenario.write_text(f"extends: {JILIN}\nname: two_months\nsolver:\n  workers: 2\n  coarse_days: 2\n")
    out = tmp_path / "runs"
    proc = subprocess.Popen([str(GRIDMODEL), "run", str(scenario), "--out", str(out), "--hours", "1416", "--months"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        january, workers = None, set()
        for _ in range(1200):  # 120 s at most to reach January's solve
            run_dirs = list(out.glob("two_months-*")) if out.exists() else []
            january = run_dirs and next(run_dirs[0].glob("highs.log.001.partial"), None)
            workers = descendants(proc.pid)
            if january and len(workers) >= 2 or proc.poll() is not None:
                break
            time.sleep(0.1)
        assert january and len(workers) >= 2, f"no January window on 2 workers: {proc.communicate()[0] if proc.poll() is not None else workers}"
        proc.send_signal(signal.SIGTERM)
        sent = time.perf_counter()
        output, _ = proc.communicate(timeout=60)
        stopped_s = time.perf_counter() - sent
    finally:
        proc.kill()
        for pid in [pid for pid in workers if alive(pid)]:  # not left behind by a failing run
            os.kill(pid, signal.SIGKILL)
    assert proc.returncode == 130, output
    assert "Traceback" not in output
    assert stopped_s < 10, f"the run took {stopped_s:.1f} s to stop"
    for _ in range(50):  # a fork server, if any, ends when it reads its run's end
        if not [pid for pid in workers if alive(pid)]:
            break
        time.sleep(0.1)
    assert not [pid for pid in workers if alive(pid)], "window workers outlived their run"
    (run_dir,) = out.iterdir()
    failed = (run_dir / "FAILED.txt").read_text()
    assert "interrupted by SIGTERM" in failed and "windows" in failed
    log = (run_dir / "highs.log").read_text()
    january_part = log.split("===== window 001")[1].split("=====")[1]
    assert "Model status" not in january_part, "January's window was solved to its end: the run waited for its worker"
    assert not list(run_dir.rglob(f"*{TEMP_SUFFIX}"))
