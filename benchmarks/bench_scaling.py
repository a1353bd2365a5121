"""Time each stage of a run against two references, on synthetic N-zone systems
(and optionally the Jilin scenario).

Stacks, each run in a fresh subprocess (so peak memory is its own):
  gridmodel  read (load_system), build (build_model), handoff (compile_matrix +
             to_highs), solve (HiGHS run), extract (results.collect), write (run folder)
  floor      HiGHS alone on the identical matrix (saved beforehand by a process
             of its own; for a windowed year, each window's, summed)
  linopy     the same LP written in linopy (linopy_twin.py; synthetic cases only)

Prints medians over --repeat runs, the objectives (which must agree to 1e-6),
and the ratios gridmodel/floor and gridmodel/linopy (of the medians, of each
stack's best run, and of the best runs' process times; peak memory, the
process's peak resident set, of the medians and of the least). Wall times
(s) on a shared machine are noisy: the cpu column (process time) is steadier.

    .venv/bin/python benchmarks/bench_scaling.py --zones 5 --hours 8760 --repeat 3
    .venv/bin/python benchmarks/bench_scaling.py --zones 5 10 20      # the scaling table
    .venv/bin/python benchmarks/bench_scaling.py --zones --jilin     # Jilin 2030 year, as `gridmodel run` solves it

The Jilin year is solved as `gridmodel run` does, in weekly windows, here one
after another in one process so that the stages add up (the CLI runs them on
two processes); the floor is HiGHS on the same window matrices.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
JILIN = HERE.parent / "data" / "scenarios" / "jilin_2030.yaml"
STAGES = ("read", "build", "handoff", "solve", "extract", "write")


class Clock:
    """Wall and process time per named stage, summed over laps of the same stage."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self._t = (time.perf_counter(), time.process_time())

    def lap(self, stage: str) -> None:
        now = (time.perf_counter(), time.process_time())
        self.wall[stage] = self.wall.get(stage, 0.0) + now[0] - self._t[0]
        self.cpu[stage] = self.cpu.get(stage, 0.0) + now[1] - self._t[1]
        self._t = now


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -------------------------------------------------------------------- workers
def parts_of(scenario: str, options: dict) -> tuple[list, bool]:
    """The LPs `gridmodel run` solves for the scenario: the horizon, or its
    weekly windows (then True); `options` added to the scenario's HiGHS options."""
    from gridmodel.api import windowed
    from gridmodel.inputs import load_system
    from gridmodel.windows import window_indexes

    system = load_system(scenario, {"solver": {"options": options}} if options else None)
    long = windowed(system)
    return ([system.window(ix) for ix in window_indexes(system.index, system.scenario.solver.window_days)] if long else [system]), long


def work_gridmodel(scenario: str, options: dict) -> dict:
    """A run as `gridmodel run` makes it, stage by stage; a long chronological
    horizon as its weekly windows one after another (one process, so that the
    stages add up; not joined). Each LP is solved by solve.solve, as in a
    run: its hand-off's process time is counted in the solve's."""
    from gridmodel.export import write_run
    from gridmodel.model.build import build_model
    from gridmodel.model.pyomo_layer import gc_paused
    from gridmodel.periods import system_and_horizon
    from gridmodel.results import collect
    from gridmodel.solve import solve

    clock = Clock()
    parts, long = parts_of(scenario, options)
    clock.lap("read")
    stats = {"objective": 0.0, "iterations": 0}
    results = []
    for part in parts:
        with gc_paused():  # as lp.solve_system
            ctx = build_model(*system_and_horizon(part))
            clock.lap("build")
            sol = solve(ctx)
            clock.lap("solve")
            clock.wall["solve"] -= sol.timings_s["handoff_s"]
            clock.wall["handoff"] = clock.wall.get("handoff", 0.0) + sol.timings_s["handoff_s"]
            results.append(collect(ctx, sol, not long))
            clock.lap("extract")
        stats["objective"] += sol.objective_cny
        stats["iterations"] += sol.iterations
    if not long:  # a windowed year's joining carries state across windows: benchmarks/years_side_by_side.py times it
        with tempfile.TemporaryDirectory() as folder:
            write_run(results[0], Path(folder))
            clock.lap("write")
    return {"wall": clock.wall, "cpu": clock.cpu, "objective": stats["objective"], "iterations": stats["iterations"], "lps": len(parts)}


def work_matrix(scenario: str, options: dict, matrix_file: str) -> dict:
    """Each LP's matrix as gridmodel hands it to HiGHS, saved for the floor
    (in a process of its own, so that saving costs the gridmodel run nothing)."""
    from gridmodel.model.build import build_model
    from gridmodel.model.pyomo_layer import gc_paused
    from gridmodel.periods import system_and_horizon
    from gridmodel.solve import compile_matrix, highs_options

    shape = np.zeros(3, dtype=int)
    for k, part in enumerate(parts_of(scenario, options)[0]):
        with gc_paused():
            ctx = build_model(*system_and_horizon(part))
            matrix = compile_matrix(ctx)
            save_matrix(f"{matrix_file}.{k}.npz", matrix, highs_options(ctx))
        shape += (*matrix.A.shape, matrix.A.nnz)
    return {"shape": shape.tolist()}


def save_matrix(path: str, matrix, opts: dict) -> None:
    A = matrix.A
    np.savez(path, indptr=A.indptr, indices=A.indices, data=A.data, shape=A.shape, c=matrix.c, offset=matrix.offset,
             col_lower=matrix.col_lower, col_upper=matrix.col_upper, row_lower=matrix.row_lower, row_upper=matrix.row_upper, options=json.dumps(opts))


def work_floor(matrix_file: str) -> dict:
    """HiGHS alone on the saved matrices (one per window), summed."""
    import highspy

    clock = Clock()
    files = sorted(Path(matrix_file).parent.glob(f"{Path(matrix_file).name}.*.npz"), key=lambda p: int(p.suffixes[-2][1:]))
    loaded = [np.load(f) for f in files]
    clock.lap("read")
    objective = 0.0
    for f in loaded:
        n_row, n_col = (int(k) for k in f["shape"])
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        for key, value in json.loads(str(f["options"])).items():
            if key not in ("log_file", "output_flag", "log_to_console"):
                h.setOptionValue(key, value)
        h.passModel(  # the array form, as gridmodel's to_highs (a HighsLp filled field by field is ~1 s slower here)
            n_col, n_row, len(f["data"]), int(highspy.MatrixFormat.kColwise), int(highspy.ObjSense.kMinimize), float(f["offset"]),
            f["c"], f["col_lower"], f["col_upper"], f["row_lower"], f["row_upper"],
            f["indptr"].astype(np.int32), f["indices"].astype(np.int32), f["data"], np.zeros(n_col, dtype=np.int32),
        )
        clock.lap("handoff")
        h.run()
        clock.lap("solve")
        objective += h.getInfo().objective_function_value
    return {"wall": clock.wall, "cpu": clock.cpu, "objective": objective}


def work_linopy(scenario: str, options: dict) -> dict:
    sys.path.insert(0, str(HERE))
    import linopy_twin

    from gridmodel.inputs import load_system
    from gridmodel.solve import threads_options

    clock = Clock()
    system = load_system(scenario)
    clock.lap("read")
    m = linopy_twin.build(system)
    clock.lap("build")
    h = m.to_highspy()
    h.setOptionValue("output_flag", False)
    for key, value in {"time_limit": 3600.0, **threads_options(system.scenario.solver), **options}.items():  # HiGHS's mode as gridmodel's
        h.setOptionValue(key, value)
    clock.lap("handoff")
    h.run()
    clock.lap("solve")
    values = linopy_twin.solution(m, np.asarray(h.getSolution().col_value))
    clock.lap("extract")
    with tempfile.TemporaryDirectory() as folder:
        for name, arr in values.items():
            arr.to_dataframe(name).to_csv(Path(folder) / f"{name}.csv")
        clock.lap("write")
    return {"wall": clock.wall, "cpu": clock.cpu, "objective": h.getInfo().objective_function_value}


def worker(args) -> None:
    options = json.loads(args.highs)
    if args.worker == "gridmodel":
        out = work_gridmodel(args.scenario, options)
    elif args.worker == "matrix":
        out = work_matrix(args.scenario, options, args.matrix)
    elif args.worker == "floor":
        out = work_floor(args.matrix)
    else:
        out = work_linopy(args.scenario, options)
    print(json.dumps({**out, "peak_mb": peak_mb()}))


# --------------------------------------------------------------------- driver
def run_stack(stack: str, scenario: Path, matrix: Path, highs: str) -> dict:
    cmd = [sys.executable, __file__, "--worker", stack, "--scenario", str(scenario), "--matrix", str(matrix), "--highs", highs]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"{stack} worker failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def median_row(runs: list[dict], key: str) -> dict[str, float]:
    return {s: float(np.median([r[key].get(s, np.nan) for r in runs])) for s in STAGES if s in runs[0][key]}


def report(label: str, results: dict[str, list[dict]], shape: list | None) -> dict:
    print(f"\n== {label}  (medians of {len(next(iter(results.values())))} runs; seconds, peak MB)")
    print(f"{'stack':<10} " + " ".join(f"{s:>8}" for s in STAGES) + f" {'total':>8} {'non-solve':>9} {'cpu tot':>8} {'cpu solve':>9} {'peak MB':>8}  objective")
    summary = {}
    for stack, runs in results.items():
        wall, cpu = median_row(runs, "wall"), median_row(runs, "cpu")
        total = float(np.median([sum(r["wall"].values()) for r in runs]))
        cpu_total = float(np.median([sum(r["cpu"].values()) for r in runs]))
        non_solve = float(np.median([sum(v for k, v in r["wall"].items() if k not in ("solve", "read", "write")) for r in runs]))
        peak = float(np.median([r["peak_mb"] for r in runs]))
        summary[stack] = {"wall": wall, "cpu": cpu, "total": total, "cpu_total": cpu_total, "non_solve": non_solve, "peak_mb": peak, "objective": runs[0]["objective"]}
        cells = " ".join(f"{wall[s]:8.2f}" if s in wall else f"{'-':>8}" for s in STAGES)
        print(f"{stack:<10} {cells} {total:8.2f} {non_solve:9.2f} {cpu_total:8.2f} {cpu.get('solve', np.nan):9.2f} {peak:8.0f}  {runs[0]['objective']:.10g}")
    g = summary.get("gridmodel")
    if g:
        if shape:
            rows, cols, nnz = shape
            lps = results["gridmodel"][0]["lps"]
            print(f"LP{'s' if lps > 1 else ''}: {rows:,} rows, {cols:,} columns, {nnz:,} nonzeros{f' in {lps} windows' if lps > 1 else ''}; {results['gridmodel'][0]['iterations']:,} simplex iterations")
        overhead = sum(v for k, v in g["wall"].items() if k != "solve")
        print(f"gridmodel build+handoff+extract = {g['non_solve']:.2f} s = {100 * g['non_solve'] / g['wall']['solve']:.1f}% of its HiGHS run ({g['wall']['solve']:.2f} s); "
              f"with read and write {overhead:.2f} s = {100 * overhead / g['wall']['solve']:.1f}%")
        for ref in ("floor", "linopy"):
            if ref in summary:
                r = summary[ref]
                rel = abs(g["objective"] - r["objective"]) / max(abs(r["objective"]), 1.0)
                flag = "agree" if rel <= 1e-6 else "DISAGREE"
                same = ("read", "build", "handoff", "solve", "extract") if ref == "linopy" else ("handoff", "solve")
                ours = same if ref == "linopy" else ("build", "handoff", "solve")
                base = sum(r["wall"].get(s, 0.0) for s in same)
                mine = sum(g["wall"][s] for s in ours)
                best = lambda stack, stages, key="wall": min(sum(run[key].get(s, 0.0) for s in stages) for run in results[stack])  # noqa: E731
                least = lambda stack: min(run["peak_mb"] for run in results[stack])  # noqa: E731
                print(f"gridmodel/{ref}: {mine / base:.3f} (time, {'+'.join(same)}{'' if ref == 'linopy' else ' vs build+handoff+solve'}), "
                      f"best of {len(results[ref])} {best('gridmodel', ours) / best(ref, same):.3f}, cpu best {best('gridmodel', ours, 'cpu') / best(ref, same, 'cpu'):.3f}; "
                      f"peak memory {g['peak_mb'] / r['peak_mb']:.2f}x, least {least('gridmodel') / least(ref):.2f}x; objectives {flag} (rel. diff {rel:.1e})")
    return summary


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--zones", type=int, nargs="*", default=[5], help="Synthetic sizes (zones) to run; none with --jilin only.")
    ap.add_argument("--hours", type=int, default=8760)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--jilin", action="store_true", help=f"Also run {JILIN.name} (gridmodel and floor; weekly windows).")
    ap.add_argument("--stacks", nargs="+", default=["gridmodel", "floor", "linopy"])
    ap.add_argument("--highs", default="{}", help="Extra HiGHS options for every stack, as JSON.")
    ap.add_argument("--json", type=Path, help="Also write the medians here.")
    ap.add_argument("--worker", choices=["gridmodel", "matrix", "floor", "linopy"], help=argparse.SUPPRESS)
    ap.add_argument("--scenario", help=argparse.SUPPRESS)
    ap.add_argument("--matrix", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        return worker(args)
    sys.path.insert(0, str(HERE))
    from synthetic import write_synthetic

    cases = [(f"synthetic {z} zones x {args.hours} h", z) for z in args.zones]
    if args.jilin and JILIN.exists():
        cases.append((f"Jilin 2030 ({JILIN.name})", None))
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for label, zones in cases:
            scenario = JILIN if zones is None else write_synthetic(Path(tmp) / f"z{zones}", zones, args.hours)
            stacks = [s for s in args.stacks if not (s == "linopy" and zones is None)]
            matrix = Path(tmp) / f"matrix-{label.split()[0]}-{zones}"
            shape = run_stack("matrix", scenario, matrix, args.highs)["shape"] if "floor" in stacks else None
            results: dict[str, list[dict]] = {s: [] for s in stacks}
            for _ in range(args.repeat):
                for stack in stacks:
                    results[stack].append(run_stack(stack, scenario, matrix, args.highs))
            out[label] = report(label, results, shape)
    if args.json:
        args.json.write_text(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
