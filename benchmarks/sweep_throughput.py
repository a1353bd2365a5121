"""Sweep throughput: cases per minute on a LocalCluster of 1 and 2 workers.

A small sweep (load levels of a scenario, by default the example's whole
week) is solved from scratch into a fresh folder per worker count; the wall
time includes starting the cluster, so it is what a user waits for.

    .venv/bin/python benchmarks/sweep_throughput.py [--cases 12] [--workers 1 2]
    .venv/bin/python benchmarks/sweep_throughput.py --scenario data/scenarios/jilin_2030.yaml --hours 168 --cases 8
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import yaml

from gridmodel.sweep import run_sweep

EXAMPLE = Path(__file__).resolve().parents[1] / "data" / "example" / "example.yaml"


def write_sweep(folder: Path, scenario: Path, cases: int, hours: int | None) -> Path:
    """`cases` distinct load levels, 0.9 to 1.1 times the scenario's."""
    doc = {
        "name": "throughput",
        "base": str(scenario.resolve()),
        "hours": hours,
        "fixed": {"solver.threads": 1},
        "axes": {"load_scale": {"range": {"start": 0.9, "stop": 1.1, "num": cases}}},
    }
    path = folder / "sweep.yaml"
    path.write_text(yaml.safe_dump(doc))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", type=Path, default=EXAMPLE)
    parser.add_argument("--hours", type=int, default=None)
    parser.add_argument("--cases", type=int, default=12)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sweep = write_sweep(Path(tmp), args.scenario, args.cases, args.hours)
        print(f"{'workers':>7} {'cases':>5} {'wall_s':>7} {'cases/min':>9} {'mean case_s':>11}")
        for n in args.workers:
            t0 = time.perf_counter()
            report = run_sweep(sweep, Path(tmp) / f"out-{n}", workers=n, progress=False)
            wall = time.perf_counter() - t0
            assert report.failed == 0, report.table["error"].tolist()
            print(f"{n:>7} {len(report.table):>5} {wall:>7.1f} {60 * len(report.table) / wall:>9.1f} {report.table['time_s'].mean():>11.2f}")


if __name__ == "__main__":
    main()
