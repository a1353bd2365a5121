"""Build + solve time of one LP (Jilin 2030, two weeks in January, one LP, no
windows) with the Northeast model features off (the default) and switched on
by scenario overrides, so their cost can be read off. Prints median seconds.

    nice -n 10 .venv/bin/python benchmarks/bench_northeast_features.py --repeat 3
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from gridmodel.api import solve_system
from gridmodel.inputs import load_system, select_hours

SCENARIO = Path(__file__).resolve().parents[1] / "data" / "scenarios" / "jilin_2030.yaml"
WINDOW = {"horizon.start": "2030-01-01", "horizon.end": "2030-01-14", "solver.window_days": None}
FEATURES_ON: dict = {}
"""Overrides switching the features on (filled in as features land)."""


def timed(overrides: dict) -> tuple[float, float, float]:
    system = select_hours(load_system(SCENARIO, {**WINDOW, **overrides}))
    t0 = time.perf_counter()
    result = solve_system(system)
    return time.perf_counter() - t0, result.timings_s["build_s"], result.objective_cny


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    for label, overrides in (("features off", {}), ("features on", FEATURES_ON)):
        if label == "features on" and not overrides:
            continue
        runs = [timed(overrides) for _ in range(args.repeat)]
        total = statistics.median(r[0] for r in runs)
        build = statistics.median(r[1] for r in runs)
        print(f"{label:13s} build+solve {total:6.2f} s (build {build:5.2f} s), objective {runs[0][2]:.6e} CNY")


if __name__ == "__main__":
    main()
