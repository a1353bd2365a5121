"""HiGHS options measured on one LP: build it once, then solve it with each
option set (a fresh Highs object each time) and print wall / process time.

    .venv/bin/python benchmarks/bench_highs_options.py --zones 5 --hours 8760
    .venv/bin/python benchmarks/bench_highs_options.py --scenario data/scenarios/jilin_2030.yaml --days 12
    .venv/bin/python benchmarks/bench_highs_options.py --scenario data/scenarios/jilin_2025.yaml --start 2025-01-01 --end 2025-01-31 --sets 0 11

`--ways` compares how HiGHS is run on the same LP (alternating, `--repeat`
times): `run` (h.run() here), `interruptible` (solve.run_interruptibly, as a
gridmodel run does) and `callback` (the same with HiGHS's interrupt callback
on for the whole solve, as before issue 33: a Python call at every iteration).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from gridmodel.solve import run_interruptibly

HERE = Path(__file__).resolve().parent
OPTION_SETS = [
    {},
    {"solver": "simplex", "simplex_strategy": 1},
    {"solver": "simplex", "simplex_strategy": 4},
    {"solver": "ipm"},
    {"solver": "ipm", "run_crossover": "off"},
    {"presolve": "off"},
    {"parallel": "on"},
    {"user_objective_scale": -1, "user_bound_scale": -3},
    {"simplex_scale_strategy": 0},
    {"simplex_scale_strategy": 4},
    {"simplex_dual_edge_weight_strategy": 1},
    {"simplex_scale_strategy": 0, "user_bound_scale": -1},  # northeast_2030.yaml's
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--zones", type=int, default=5)
    ap.add_argument("--hours", type=int, default=8760)
    ap.add_argument("--scenario", type=Path, help="A scenario instead of the synthetic system.")
    ap.add_argument("--days", type=int, help="Typical days (representative periods).")
    ap.add_argument("--start", help="A scenario's first day (YYYY-MM-DD; horizon.start): its hours in order, one LP.")
    ap.add_argument("--end", help="A scenario's last day (horizon.end).")
    ap.add_argument("--time-limit", type=float, help="HiGHS's time limit for each solve, s.")
    ap.add_argument("--sets", type=int, nargs="*", help="Indices of OPTION_SETS to run (default: all).")
    ap.add_argument("--ways", nargs="+", choices=list(WAYS), default=["run"], help="How HiGHS is run (see above).")
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    sys.path.insert(0, str(HERE))
    from synthetic import write_synthetic

    from gridmodel.inputs import load_system, select_hours
    from gridmodel.model.build import build_model
    from gridmodel.periods import system_and_horizon
    from gridmodel.solve import compile_matrix

    overrides = {"representative_periods.days": args.days} if args.days else {}
    overrides.update({f"horizon.{key}": day for key, day in (("start", args.start), ("end", args.end)) if day})
    with tempfile.TemporaryDirectory() as tmp:
        system = select_hours(load_system(args.scenario or write_synthetic(Path(tmp), args.zones, args.hours), overrides or None))
    ctx = build_model(*system_and_horizon(system))
    matrix = compile_matrix(ctx)
    print(f"LP {matrix.A.shape[0]:,} rows x {matrix.A.shape[1]:,} columns, {matrix.A.nnz:,} nonzeros", flush=True)
    for k in args.sets if args.sets is not None else range(len(OPTION_SETS)):
        limit = {"time_limit": args.time_limit} if args.time_limit else {}
        for _ in range(args.repeat):
            for way in args.ways:
                print(timed_solve(matrix, {**OPTION_SETS[k], **limit}, way=way), flush=True)


def with_callback(h) -> bool:
    """solve.run_interruptibly with HiGHS's interrupt callback on from the start."""
    h.HandleUserInterrupt = True
    return run_interruptibly(h)  # takes it off after


WAYS = {"run": lambda h: h.run(), "interruptible": run_interruptibly, "callback": with_callback}


def timed_solve(matrix, opts: dict, shown: dict | None = None, way: str = "run") -> str:
    """Solve the LP with these HiGHS options (a fresh Highs object), run
    `way` (WAYS): one line with the options (`shown`, default all), wall and
    process CPU seconds, HiGHS's own run time, status, objective and iterations."""
    from gridmodel.solve import to_highs

    h = to_highs(matrix, opts)
    w, c = time.perf_counter(), time.process_time()
    WAYS[way](h)
    info = h.getInfo()
    label = json.dumps(opts if shown is None else shown) + ("" if way == "run" else f" {way}")
    return (f"{label:<60} wall {time.perf_counter() - w:7.2f}  cpu {time.process_time() - c:7.2f}  highs {h.getRunTime():7.2f}  "
            f"{h.modelStatusToString(h.getModelStatus())}  obj {info.objective_function_value:.10g}  "
            f"simplex it {info.simplex_iteration_count}  ipm it {info.ipm_iteration_count}")


if __name__ == "__main__":
    main()
