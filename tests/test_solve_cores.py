"""A solve with the machine to itself runs HiGHS's parallel dual simplex;
one that shares it (a window's worker, the remedy's side job beside it, a
scenario held to one worker) the serial one; both reach the same vertex."""

from __future__ import annotations

import re

import numpy as np
import pytest

from cases import EXAMPLE
from gridmodel import load_system
from gridmodel.api import solve_system
from gridmodel.jobs import machine_cores, working_beside
from gridmodel.windows import solve_windows

PARALLEL = "Using parallel dual simplex solver - SIP"

needs_two_cores = pytest.mark.skipif(machine_cores() < 2, reason="the parallel dual needs two cores")


def logs_by_solve(path) -> dict[str, str]:
    """A windowed run's highs.log cut at its headings: {heading: its log}."""
    parts = re.split(r"^(===== .* =====)$", path.read_text(), flags=re.M)
    return dict(zip(parts[1::2], parts[2::2]))


def windowed_logs(tmp_path, overrides=None) -> dict[str, str]:
    tmp_path.mkdir(exist_ok=True)
    log_file = tmp_path / "highs.log"
    solve_windows(load_system(EXAMPLE, overrides), days=2, workers=2, log_file=str(log_file))
    return logs_by_solve(log_file)


@needs_two_cores
def test_the_coarse_year_runs_the_parallel_dual_and_the_windows_workers_the_serial(tmp_path):
    logs = windowed_logs(tmp_path)
    coarse = [text for title, text in logs.items() if title.startswith("===== coarse year")]
    windows = [text for title, text in logs.items() if not title.startswith("===== coarse year")]
    assert len(coarse) == 1 and PARALLEL in coarse[0]
    assert len(windows) == 6 and all("Simplex   iterations" in text and PARALLEL not in text for text in windows)


@needs_two_cores
def test_a_scenario_held_to_one_worker_and_a_solve_beside_another_run_serial(tmp_path):
    assert not any(PARALLEL in text for text in windowed_logs(tmp_path / "one", {"solver.workers": 1}).values())
    with working_beside(1):
        assert not any(PARALLEL in text for text in windowed_logs(tmp_path / "beside").values())


@needs_two_cores
def test_the_parallel_dual_reaches_the_serial_duals_vertex(tmp_path):
    system = load_system(EXAMPLE)
    system = system.window(system.index[:96])
    logs = {threads: tmp_path / f"highs_{threads}.log" for threads in ("machine", "one")}
    parallel = solve_system(system, log_file=str(logs["machine"]))
    serial = solve_system(load_system(EXAMPLE, {"solver.threads": 1}).window(system.index), log_file=str(logs["one"]))
    assert PARALLEL in logs["machine"].read_text() and PARALLEL not in logs["one"].read_text()
    assert parallel.objective_cny == serial.objective_cny and np.isfinite(parallel.objective_cny)
    for name in ("thermal", "storage", "flows"):
        assert len(parallel.tables[name]) and parallel.tables[name].equals(serial.tables[name]), name
