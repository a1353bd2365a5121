"""The Jilin 2030 and Northeast 2030 full years (default mode) side by side,
in one run, with where each year's time goes.

    .venv/bin/python benchmarks/years_side_by_side.py                  # solves both years (many minutes)
    .venv/bin/python benchmarks/years_side_by_side.py --from runs/jilin_2030-... runs/northeast_2030-...

Each year runs as `gridmodel run SCENARIO` in a process of its own, one after
the other, so the wall times compare; with --from the figures are read from
run folders' summary.json instead (their wall time is then the run's own
stages, without the CLI's start-up). The profile is the run's timings_s:
reading, the coarse year, the windows' model building, HiGHS (summed over
windows, and per window), reading the solution back and the tables; what the
windows' wall time holds beyond the coarse year and its windows' own work
divided over the workers is the seams, the joins and process start-up.
Beside them, the size of one weekly window of each (its days and the day of
look-ahead, built, not solved: rows, columns, nonzeros) and the simplex
iterations per window, so that time per window reads against size.
Timings on a shared machine are noisy: say how loaded it was with them.
The process time of each run (all its processes: the CLI and its window
workers) is printed too: on a loaded machine it is the figure that compares.
--out keeps the two run folders (for their KPIs) instead of a temporary one.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCENARIOS = [HERE.parent / "data" / "scenarios" / f"{name}.yaml" for name in ("jilin_2030", "northeast_2030")]
WINDOW_WORK = ("build_s", "handoff_s", "solve_s", "readback_s", "extract_s")


def children_cpu_s() -> float:
    """Process time (user + system) of the finished child processes and theirs
    (the CLI's window workers): the cost of a run whatever else loads the machine."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run(scenario: Path, out: Path) -> tuple[dict, float, float]:
    """Timings of one full-year CLI run, its end-to-end seconds and its process time."""
    t0, c0 = time.perf_counter(), children_cpu_s()
    subprocess.run([sys.executable, "-c", "from gridmodel.cli import main; main()", "run", str(scenario), "--out", str(out)], check=True, stdout=subprocess.DEVNULL)
    wall, cpu = time.perf_counter() - t0, children_cpu_s() - c0
    folder = next(p for p in out.iterdir() if p.name.startswith(scenario.stem))
    return json.loads((folder / "summary.json").read_text())["timings_s"], wall, cpu


def profile(t: dict, wall: float | None, cpu: float | None) -> dict[str, float]:
    """Seconds by stage (windows' work summed over windows, then per window)."""
    windows = max(int(t.get("windows", 1)), 1)
    work = sum(t.get(k, 0.0) for k in WINDOW_WORK)
    after_coarse = t.get("windows_wall_s", 0.0) - t.get("coarse_s", 0.0)
    rows = {
        "end to end": wall if wall is not None else t.get("read_s", 0.0) + t.get("windows_wall_s", 0.0) + t.get("write_s", 0.0),
        "end to end, process time (all processes)": cpu if cpu is not None else float("nan"),
        "read": t.get("read_s", 0.0),
        "coarse year": t.get("coarse_s", 0.0),
        "windows (wall, after the coarse year)": after_coarse,
        "  build, summed over windows": t.get("build_s", 0.0),
        "  HiGHS, summed over windows": t.get("solve_s", 0.0),
        "  HiGHS per window": t.get("solve_s", 0.0) / windows,
        "  hand-off + read-back + tables, summed": t.get("handoff_s", 0.0) + t.get("readback_s", 0.0) + t.get("extract_s", 0.0),
        "  seams, joins, start-up (wall - work/workers)": after_coarse - work / max(int(t.get("workers", 1)), 1),
        "write": t.get("write_s", 0.0),
        "windows": windows,
        "simplex iterations": t.get("simplex_iterations", 0),
    }
    return rows


def window_size(scenario: Path, week: int = 2) -> dict[str, float]:
    """Rows, columns and nonzeros of one rolling window (a week and the
    default day of look-ahead), as HiGHS gets it."""
    from gridmodel.inputs import load_system
    from gridmodel.model.build import build_model
    from gridmodel.model.core import Horizon
    from gridmodel.schema import SolverSettings
    from gridmodel.solve import compile_matrix
    from gridmodel.windows import window_indexes

    system = load_system(str(scenario))
    first = window_indexes(system.index, 7)[week][0]
    ix = system.index[system.index >= first][: (7 + SolverSettings().lookahead_days) * 24]
    A = compile_matrix(build_model(system.window(ix), Horizon.chronological(ix))).A
    return {"window rows (built, one week + look-ahead)": A.shape[0], "window columns": A.shape[1], "window nonzeros": A.nnz}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--from", dest="folders", type=Path, nargs=2, help="run folders of the Jilin and the Northeast year")
    ap.add_argument("--out", type=Path, help="keep the run folders here")
    args = ap.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores at the start (timings are noisy on a shared machine)")
    if args.folders:
        results = [(json.loads((f / "summary.json").read_text())["timings_s"], None, None) for f in args.folders]
    else:
        with tempfile.TemporaryDirectory() as tmp:
            out = args.out or Path(tmp)
            out.mkdir(parents=True, exist_ok=True)
            results = [run(s, out) for s in SCENARIOS]
    profiles = [profile(t, wall, cpu) | window_size(s) for (t, wall, cpu), s in zip(results, SCENARIOS)]
    for p in profiles:
        p["simplex iterations per window"] = p["simplex iterations"] / p["windows"]
    print(f"{'seconds':<48} {'Jilin 2030':>12} {'Northeast 2030':>15} {'ratio':>7}")
    for key in profiles[0]:
        a, b = profiles[0][key], profiles[1][key]
        print(f"{key:<48} {a:12,.1f} {b:15,.1f} {b / a if a else float('nan'):7.2f}")
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
