"""How far the one LP's own storage throughput can move at its optimal cost.

    python benchmarks/throughput_range.py --hours 2160            # Jilin 2030's first quarter
    python benchmarks/throughput_range.py --hours 2160 --tol 1e-5

Solves the one LP over the first `hours` of Jilin 2030, then, among the
solutions costing at most the optimum plus `tol` times the gross cost
(the objective's positive terms), the least and the most storage discharge
(the throughput windows_vs_exact.py compares). A range wider than the
windows' miss means the one LP does not pin the throughput down: there are
optima that cycle more or less. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import highspy
import numpy as np

SCENARIO = Path(__file__).resolve().parents[1] / "data" / "scenarios" / "jilin_2030.yaml"


def main() -> None:
    from gridmodel import load_system, select_hours
    from gridmodel.model.build import build_model
    from gridmodel.periods import system_and_horizon
    from gridmodel.solve import compile_matrix, highs_options, to_highs

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hours", type=int, default=2160)
    ap.add_argument("--tol", type=float, default=1e-6, help="cost allowed above the optimum, fraction of the gross cost")
    a = ap.parse_args()
    system, horizon = system_and_horizon(select_hours(load_system(SCENARIO), a.hours))
    ctx = build_model(system, horizon)
    matrix = compile_matrix(ctx)
    h = to_highs(matrix, highs_options(ctx))
    discharge = matrix.position[ctx.vars["Storage_Discharge_MW"].columns.ravel()]
    discharge = discharge[discharge >= 0]
    t = time.perf_counter()
    h.run()
    optimum = h.getInfo().objective_function_value
    x = np.asarray(h.getSolution().col_value)
    gross = float(np.sum(np.maximum(matrix.c * x, 0.0)))
    print(f"one LP ({a.hours} h): {time.perf_counter() - t:.1f} s, objective {optimum:.9g} CNY, gross cost {gross:.6g}, throughput {x[discharge].sum():.6g} MWh", flush=True)
    cost_cols = np.flatnonzero(matrix.c)
    h.addRow(-highspy.kHighsInf, optimum - matrix.offset + a.tol * gross, len(cost_cols), cost_cols, matrix.c[cost_cols])
    h.changeColsCost(len(cost_cols), cost_cols, np.zeros(len(cost_cols)))
    for sense, label in ((1.0, "least"), (-1.0, "most")):
        h.changeColsCost(len(discharge), discharge, np.full(len(discharge), sense))
        t = time.perf_counter()
        h.run()
        y = np.asarray(h.getSolution().col_value)
        print(f"{label} throughput within +{a.tol:g} of the gross cost: {y[discharge].sum():.6g} MWh ({h.modelStatusToString(h.getModelStatus())}, {time.perf_counter() - t:.1f} s)", flush=True)


if __name__ == "__main__":
    main()
